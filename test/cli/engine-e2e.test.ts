// End-to-end through the real engine (lintText) on small Express apps: the only CLI tests that depend on
// what the rules find. (Before the engine landed, lintText threw "not yet" and these failed by design.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clearConfigCache } from '../../server/engine/config';
import { runInProcess } from '../helpers/run-cli';
import { sarifSchemaErrors } from '../helpers/sarif-validator';
import { makeTree, removeTree } from '../helpers/temp-tree';

const fixtures = path.join(__dirname, '..', 'fixtures', 'cli');

interface JsonOutput {
  filesScanned: number;
  findings: { file: string; line: number; rule: string; severity: string; fixable: boolean }[];
  skipped: { file: string; reason: string }[];
}

function lintJson(...paths: string[]): { code: number; json: JsonOutput; stderr: string } {
  const run = runInProcess(['--format', 'json', ...paths], fixtures);
  return { code: run.code, json: JSON.parse(run.stdout) as JsonOutput, stderr: run.stderr };
}

describe('cli end-to-end with the real engine', () => {
  beforeEach(() => clearConfigCache());

  it('finds one wildcard-credentials error in cors({ origin: true, credentials: true })', () => {
    const { code, json } = lintJson('wildcard-credentials');
    assert.deepEqual(json.skipped, []);
    assert.equal(json.filesScanned, 1);
    assert.deepEqual(
      json.findings.map((f) => ({ file: f.file, line: f.line, rule: f.rule, severity: f.severity })),
      [{ file: 'wildcard-credentials/app.js', line: 5, rule: 'wildcard-credentials', severity: 'error' }],
    );
    assert.equal(code, 1);
  });

  it('finds nothing in an allowlist of one trusted origin', () => {
    const { code, json } = lintJson('allowlist');
    assert.deepEqual(json, { filesScanned: 1, findings: [], skipped: [] });
    assert.equal(code, 0);
  });

  it('skips a file with a syntax error, with a reason, and exits 0', () => {
    const { code, json } = lintJson('syntax-error');
    assert.equal(json.filesScanned, 0);
    assert.deepEqual(json.findings, []);
    assert.equal(json.skipped.length, 1);
    assert.equal(json.skipped[0]?.file, 'syntax-error/app.js');
    assert.ok(json.skipped[0]?.reason && !/internal error/.test(json.skipped[0].reason), json.skipped[0]?.reason);
    assert.equal(code, 0);
  });

  it('reports all three in text and SARIF', () => {
    const text = runInProcess([], fixtures);
    assert.match(text.stdout, /^wildcard-credentials\/app\.js:5:\d+ {2}error {2}.+ {2}wildcard-credentials$/m);
    assert.match(text.stdout, /^1 problem \(1 error, 0 warnings, 0 infos\) in 2 files$/m);
    assert.match(text.stdout, /^skipped syntax-error\/app\.js: .+$/m);
    const sarif = runInProcess(['--format', 'sarif'], fixtures);
    assert.deepEqual(sarifSchemaErrors(JSON.parse(sarif.stdout)), []);
    assert.equal(sarif.code, 1);
  });

  it('--fix adds the missing Vary: Origin in a CRLF file, keeps its mode, and leaves nothing to report', () => {
    const source = fs.readFileSync(path.join(fixtures, '..', 'cli-fix', 'server.js'), 'utf8');
    const root = makeTree({ 'server.js': source });
    try {
      fs.chmodSync(path.join(root, 'server.js'), 0o640);
      const before = runInProcess(['--format', 'json'], root);
      const beforeJson = JSON.parse(before.stdout) as JsonOutput;
      assert.deepEqual(beforeJson.findings.map((f) => [f.rule, f.fixable]), [['missing-vary-origin', true]]);
      const fixed = runInProcess(['--fix', '--format', 'json'], root);
      assert.deepEqual(JSON.parse(fixed.stdout), { filesScanned: 1, findings: [], skipped: [] });
      const after = fs.readFileSync(path.join(root, 'server.js'), 'utf8');
      assert.notEqual(after, source);
      assert.match(after, /Origin/);
      assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF introduced');
      assert.equal(fs.statSync(path.join(root, 'server.js')).mode & 0o777, 0o640);
    } finally {
      removeTree(root);
    }
  });
});
