import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFile, ruleSuite } from '../helpers/fixtures';

ruleSuite('wildcard-credentials');

describe('wildcard-credentials severity', () => {
  const severity = (name: string) => lintFile(path.join(FIXTURES, 'wildcard-credentials', name)).map((f) => f.severity);
  it('is an error when exploitable and a warning for the literal *', () => {
    assert.deepEqual(severity('origin-true.js'), ['error']);
    assert.deepEqual(severity('production-only-origin-true.js'), ['error']);
    assert.deepEqual(severity('credentials-without-origin-default-star.js'), ['warning']);
  });
  it('is one step lower when only development builds run the setup', () => {
    assert.deepEqual(severity('dev-only-origin-true-in-if.js'), ['warning']);
    assert.deepEqual(severity('dev-only-ternary-origin.ts'), ['warning']);
  });
});
