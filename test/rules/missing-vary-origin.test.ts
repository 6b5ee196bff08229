// missing-vary-origin: every fixture checked strictly (helpers/fixtures), plus golden files for its fix.
// The fix is safe (`cors-lint --fix` applies it), so its exact output matters: each positive case `x.js` has a
// `x.fixed.js` beside it (a folder case: beside each file with a finding) holding the text after the fix.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFix, FIXTURES, fixtureCases, lintFile, ruleSuite, sourceFilesOf } from '../helpers/fixtures';
import type { Finding } from '../../server/engine/lint';

const RULE = 'missing-vary-origin';
const VARY_FIX = /^Add (Vary: Origin|'Origin' to the Vary header)$/;

function goldenOf(file: string): string {
  const ext = path.extname(file);
  return file.slice(0, -ext.length) + '.fixed' + ext;
}

/** Applies every finding's Vary fix to `file` at once, as `--fix` does in one pass. */
function checkGolden(file: string, findings: readonly Finding[]): void {
  const golden = goldenOf(file);
  const own = findings.filter((f) => f.file === file && f.rule === RULE);
  if (!fs.existsSync(golden)) {
    assert.deepEqual(own.map((f) => f.message), [], `${path.basename(file)} has ${RULE} findings but no golden ${path.basename(golden)}`);
    return;
  }
  assert.ok(own.length > 0, `${path.basename(golden)} exists but ${path.basename(file)} has no ${RULE} finding`);
  const fixes = own.map((f) => {
    const titles = f.fixes.map((x) => x.title);
    const matching = f.fixes.filter((x) => VARY_FIX.test(x.title));
    assert.equal(matching.length, 1, `expected one "Add Vary: Origin" fix for ${path.basename(file)}: ${f.message}\n  fixes: ${JSON.stringify(titles)}`);
    const fix = matching[0] as Finding['fixes'][number];
    assert.equal(fix.safe, true, `"${fix.title}" must be safe: it only adds Vary, never changes who may call`);
    assert.equal(f.fixes[0], fix, `the safe Vary fix should come first (it is the one --fix and fix-on-save pick)`);
    return fix;
  });
  const text = fs.readFileSync(file, 'utf8');
  const after = applyFix(file, text, { title: 'all', safe: true, edits: fixes.flatMap((x) => x.edits) });
  const expected = fs.readFileSync(golden, 'utf8');
  assert.equal(JSON.stringify(after), JSON.stringify(expected), `fixed ${path.basename(file)} differs from ${path.basename(golden)}\n--- got ---\n${after}`);
  // The golden is itself a correct "after": linting it finds nothing for this rule.
  const again = lintFile(golden, expected).filter((f) => f.rule === RULE);
  assert.deepEqual(again.map((f) => f.message), [], `${path.basename(golden)} still has ${RULE} findings`);
}

ruleSuite(RULE, (fixture, findings) => {
  for (const file of sourceFilesOf(fixture)) checkGolden(file, findings);
});

describe(`${RULE} goldens`, () => {
  it('every golden belongs to a fixture file', () => {
    const sources = new Set(fixtureCases(path.join(FIXTURES, RULE)).flatMap(sourceFilesOf));
    const goldens: string[] = [];
    const walk = (dir: string) => {
      for (const name of fs.readdirSync(dir)) {
        const p = path.join(dir, name);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (name.includes('.fixed.')) goldens.push(p);
      }
    };
    walk(path.join(FIXTURES, RULE));
    const orphans = goldens.filter((g) => ![...sources].some((s) => goldenOf(s) === g));
    assert.deepEqual(orphans.map((o) => path.relative(FIXTURES, o)), []);
  });
});
