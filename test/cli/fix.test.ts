import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// The module object itself (not an import namespace, whose properties are read-only): a test patches it.
import fsModule = require('node:fs');
import type { LintFunction } from '../../server/cli/lint-files';
import { writeFileAtomic } from '../../server/cli/write-atomic';
import { clearConfigCache } from '../../server/engine/config';
import type { Finding } from '../../server/engine/lint';
import { markerLint, runInProcess } from '../helpers/run-cli';
import { makeTree, removeTree, type TreeEntry } from '../helpers/temp-tree';

/** A fake engine whose every finding carries one safe fix: `replace` marker -> replacement at that spot. */
function rewriteLint(rules: readonly (readonly [marker: string, replacement: string])[]): LintFunction {
  return (file, text) => {
    const findings: Finding[] = [];
    for (const [marker, replacement] of rules) {
      for (const m of text.matchAll(new RegExp(marker, 'g'))) {
        const at = m.index ?? 0;
        const span = [at, at + marker.length] as const;
        findings.push({ rule: 'wildcard-credentials', severity: 'error', message: marker, file, span, fixes: [{ title: 't', safe: true, edits: [{ file, span, text: replacement }] }] });
      }
    }
    return { kind: 'linted', findings };
  };
}

describe('cli --fix', () => {
  let roots: string[] = [];
  const tree = (entries: Readonly<Record<string, TreeEntry>>): string => {
    const root = makeTree(entries);
    roots.push(root);
    return root;
  };
  const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
  beforeEach(() => clearConfigCache());
  afterEach(() => {
    roots.forEach(removeTree);
    roots = [];
  });

  it('applies only safe fixes, keeps CRLF and the file mode, and reports the remaining problems', () => {
    const root = tree({ 'app.js': 'app.use(cors())\r\napp.get("/", cors())\r\nWARN_HERE\r\n' });
    fs.chmodSync(path.join(root, 'app.js'), 0o640);
    const run = runInProcess(['--fix'], root, markerLint());
    assert.equal(read(root, 'app.js'), 'app.use(cors()/*vary*/)\r\napp.get("/", cors()/*vary*/)\r\nWARN_HERE\r\n');
    assert.equal(fs.statSync(path.join(root, 'app.js')).mode & 0o777, 0o640);
    assert.equal(
      run.stdout,
      'app.js:3:1  warning  WARN_HERE found  missing-preflight\nfixed 2 problems in 1 file\n1 problem (0 errors, 1 warning, 0 infos) in 1 file\n',
    );
    assert.equal(run.code, 0);
    assert.deepEqual(fs.readdirSync(root), ['app.js'], 'no temporary files left behind');
  });

  it('writes inserted line breaks in the file’s own style', () => {
    const root = tree({ 'crlf.js': 'A\r\nB\r\n', 'lf.js': 'A\nB\n' });
    runInProcess(['--fix'], root, rewriteLint([['A', 'x\ny']]));
    assert.equal(read(root, 'crlf.js'), 'x\r\ny\r\nB\r\n');
    assert.equal(read(root, 'lf.js'), 'x\ny\nB\n');
  });

  it('changes nothing without --fix', () => {
    const root = tree({ 'app.js': 'cors()' });
    runInProcess([], root, markerLint());
    assert.equal(read(root, 'app.js'), 'cors()');
  });

  it('re-lints and repeats while fixes apply: a fix that enables another', () => {
    const root = tree({ 'a.js': 'STEP1' });
    const run = runInProcess(['--fix', '--format', 'json'], root, rewriteLint([['STEP1', 'STEP2'], ['STEP2', 'DONE']]));
    assert.equal(read(root, 'a.js'), 'DONE');
    assert.equal(run.code, 0);
    assert.deepEqual((JSON.parse(run.stdout) as { findings: unknown[] }).findings, []);
  });

  it('applies overlapping fixes one per pass instead of mangling the text', () => {
    const root = tree({ 'a.js': 'ABC' });
    // Both fixes touch "B": the first in text order goes in, the other waits for the next pass.
    const run = runInProcess(['--fix'], root, rewriteLint([['AB', 'XB'], ['BC', 'BY']]));
    assert.equal(read(root, 'a.js'), 'XBY');
    assert.match(run.stdout, /^fixed 2 problems in 1 file$/m);
  });

  it('stops after 10 passes when fixes never settle', () => {
    const root = tree({ 'a.js': 'GROW' });
    const run = runInProcess(['--fix'], root, rewriteLint([['GROW', 'GROW+']]));
    assert.equal(read(root, 'a.js'), 'GROW' + '+'.repeat(10));
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^fixed 10 problems in 1 file$/m);
  });

  it('applies a fix that edits another file, such as an imported options module', () => {
    const root = tree({ 'src/app.js': 'FIXME', 'config/cors-options.js': 'module.exports = { origin: true }' });
    const optionsFile = path.join(root, 'config/cors-options.js');
    const lint: LintFunction = (file, text) => {
      if (!text.includes('FIXME') || !fs.readFileSync(optionsFile, 'utf8').includes('true')) return { kind: 'linted', findings: [] };
      const fix = { title: 't', safe: true, edits: [{ file: optionsFile, span: [27, 31] as const, text: "['https://a.example']" }] };
      return { kind: 'linted', findings: [{ rule: 'wildcard-credentials', severity: 'error', message: 'm', file, span: [0, 5], fixes: [fix] }] };
    };
    const run = runInProcess(['--fix', 'src'], root, lint);
    assert.equal(read(root, 'config/cors-options.js'), "module.exports = { origin: ['https://a.example'] }");
    assert.equal(read(root, 'src/app.js'), 'FIXME');
    assert.equal(run.code, 0);
  });

  it('writes through a symlink, leaving the link in place', () => {
    const root = tree({ 'real/app.js': 'cors()', 'link.js': { symlink: 'real/app.js' } });
    runInProcess(['--fix', 'link.js'], root, markerLint());
    assert.ok(fs.lstatSync(path.join(root, 'link.js')).isSymbolicLink());
    assert.equal(read(root, 'real/app.js'), 'cors()/*vary*/');
  });

  it('leaves a file that is not valid UTF-8 untouched and says so', () => {
    const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\ncors()')]);
    const root = tree({ 'latin1.js': bytes });
    const run = runInProcess(['--fix'], root, markerLint());
    assert.deepEqual(fs.readFileSync(path.join(root, 'latin1.js')), bytes);
    assert.equal(run.stderr, 'cors-lint: could not fix latin1.js: it is not valid UTF-8, so it is left untouched\n');
    assert.match(run.stdout, /missing-vary-origin/);
  });
});

describe('writeFileAtomic', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({ 'a.js': 'old' });
  });
  afterEach(() => removeTree(root));

  it('replaces the content and keeps an executable mode', () => {
    const file = path.join(root, 'a.js');
    fs.chmodSync(file, 0o755);
    writeFileAtomic(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.equal(fs.statSync(file).mode & 0o777, 0o755);
    assert.deepEqual(fs.readdirSync(root), ['a.js']);
  });

  it('removes its temporary file and keeps the original when the rename fails', () => {
    const file = path.join(root, 'a.js');
    const { renameSync } = fsModule;
    Object.assign(fsModule, {
      renameSync: () => {
        throw Object.assign(new Error('EXDEV: simulated'), { code: 'EXDEV' });
      },
    });
    try {
      assert.throws(() => writeFileAtomic(file, 'new'), /EXDEV/);
    } finally {
      Object.assign(fsModule, { renameSync });
    }
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(root), ['a.js']);
  });
});
