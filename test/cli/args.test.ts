import * as assert from 'node:assert/strict';
import { parseArgs } from '../../server/cli/args';

describe('cli args', () => {
  it('defaults to linting the current folder as text', () => {
    assert.deepEqual(parseArgs([]), { kind: 'run', options: { paths: ['.'], format: 'text', ignore: [], fix: false } });
  });

  it('reads paths, formats, repeated --ignore and --fix in any order', () => {
    assert.deepEqual(parseArgs(['src', '--format', 'json', '--ignore', 'a/**', 'lib', '--ignore=b.js', '--fix']), {
      kind: 'run',
      options: { paths: ['src', 'lib'], format: 'json', ignore: ['a/**', 'b.js'], fix: true },
    });
    assert.deepEqual(parseArgs(['--format=sarif']), {
      kind: 'run',
      options: { paths: ['.'], format: 'sarif', ignore: [], fix: false },
    });
    const short = parseArgs(['-f', 'json']);
    assert.ok(short.kind === 'run' && short.options.format === 'json');
  });

  it('treats everything after -- as paths', () => {
    const parsed = parseArgs(['--', '--fix', '-weird.js']);
    assert.ok(parsed.kind === 'run');
    assert.deepEqual(parsed.options.paths, ['--fix', '-weird.js']);
    assert.equal(parsed.options.fix, false);
  });

  it('answers --help and --version before anything else', () => {
    assert.deepEqual(parseArgs(['src', '--help', '--bogus']), { kind: 'help' });
    assert.deepEqual(parseArgs(['-h']), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
    assert.deepEqual(parseArgs(['-v']), { kind: 'version' });
  });

  it('rejects a bad or missing format', () => {
    assert.deepEqual(parseArgs(['--format', 'xml']), {
      kind: 'usage-error',
      message: '--format must be one of text, json, sarif, got "xml"',
    });
    assert.deepEqual(parseArgs(['--format']), { kind: 'usage-error', message: '--format needs a value: text, json, sarif' });
    assert.deepEqual(parseArgs(['--format', '--fix']), { kind: 'usage-error', message: '--format needs a value: text, json, sarif' });
    assert.equal(parseArgs(['--format=']).kind, 'usage-error');
  });

  it('rejects unknown options, --ignore without a glob and --fix with a value', () => {
    assert.deepEqual(parseArgs(['--fixx']), { kind: 'usage-error', message: 'unknown option "--fixx"' });
    assert.deepEqual(parseArgs(['-x']), { kind: 'usage-error', message: 'unknown option "-x"' });
    assert.deepEqual(parseArgs(['--ignore']), { kind: 'usage-error', message: '--ignore needs a glob' });
    assert.deepEqual(parseArgs(['--ignore=']), { kind: 'usage-error', message: '--ignore needs a glob' });
    assert.deepEqual(parseArgs(['--fix=yes']), { kind: 'usage-error', message: '--fix takes no value' });
  });
});
