import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clearConfigCache } from '../../server/engine/config';
import { markerLint, runInProcess, type LintCall } from '../helpers/run-cli';
import { sarifSchemaErrors } from '../helpers/sarif-validator';
import { makeTree, removeTree, type TreeEntry } from '../helpers/temp-tree';

describe('cli run (in-process)', () => {
  let roots: string[] = [];
  const tree = (entries: Readonly<Record<string, TreeEntry>>): string => {
    const root = makeTree(entries);
    roots.push(root);
    return root;
  };
  beforeEach(() => clearConfigCache());
  afterEach(() => {
    roots.forEach(removeTree);
    roots = [];
  });

  it('prints help and version with exit 0', () => {
    const help = runInProcess(['--help'], process.cwd());
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: cors-lint \[options\] \[paths\.\.\.\]/);
    assert.deepEqual(runInProcess(['--version'], process.cwd()), { code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('exits 2 on a usage error, with the message on stderr and nothing on stdout', () => {
    const run = runInProcess(['--format', 'xml'], process.cwd());
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr: 'cors-lint: --format must be one of text, json, sarif, got "xml"\nRun "cors-lint --help" for usage.\n',
    });
    assert.equal(runInProcess(['--nope'], process.cwd()).code, 2);
  });

  it('exits 2 when a path argument does not exist', () => {
    const root = tree({ 'a.js': '' });
    const run = runInProcess(['a.js', 'missing', 'gone.js'], root, markerLint());
    assert.deepEqual(run, { code: 2, stdout: '', stderr: 'cors-lint: no such file or directory: missing, gone.js\n' });
  });

  it('exits 2 on a broken config governing a linted file, naming the file and key, before linting anything', () => {
    const root = tree({ 'api/cors-lint.json': '{"rule": {}}', 'api/app.js': 'ERROR_HERE', 'web/app.js': 'ERROR_HERE' });
    const calls: LintCall[] = [];
    const run = runInProcess(['--format', 'json'], root, markerLint(calls));
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `cors-lint: ${path.join(root, 'api/cors-lint.json')}: unknown key "rule" (allowed: rules, trustedOrigins, ignore)\n`);
    assert.equal(calls.length, 0);
  });

  it('does not fail on a broken config that governs no linted file', () => {
    const root = tree({ 'docs/cors-lint.json': '{oops', 'docs/readme.md': '', 'app.js': 'WARN_HERE' });
    assert.equal(runInProcess([], root, markerLint()).code, 0);
  });

  it('exits 1 when any error is found, 0 for warnings and infos only', () => {
    const root = tree({ 'err.js': 'ERROR_HERE', 'warn.js': 'WARN_HERE INFO_HERE' });
    assert.equal(runInProcess(['err.js', 'warn.js'], root, markerLint()).code, 1);
    assert.equal(runInProcess(['warn.js'], root, markerLint()).code, 0);
  });

  it('lints each file with its nearest config and a host that reads other files', () => {
    const root = tree({
      'cors-lint.json': JSON.stringify({ trustedOrigins: ['https://app.example.com'] }),
      'src/app.js': 'x',
      'src/options.js': 'module.exports = {}',
      'legacy/cors-lint.json': JSON.stringify({ rules: { 'missing-preflight': 'off' } }),
      'legacy/old.js': 'y',
    });
    const calls: LintCall[] = [];
    runInProcess([], root, markerLint(calls));
    const byFile = new Map(calls.map((c) => [path.relative(root, c.file), c]));
    assert.deepEqual([...byFile.keys()].sort(), ['legacy/old.js', 'src/app.js', 'src/options.js']);
    assert.deepEqual(byFile.get('src/app.js')?.options.config.trustedOrigins, ['https://app.example.com']);
    assert.deepEqual(byFile.get('legacy/old.js')?.options.config.rules, { 'missing-preflight': 'off' });
    assert.ok(path.isAbsolute(calls[0]?.file ?? ''));
    assert.equal(byFile.get('src/app.js')?.options.host?.readFile(path.join(root, 'src/options.js')), 'module.exports = {}');
  });

  it('reports a file whose linting throws as skipped and goes on', () => {
    const root = tree({ 'a.js': 'THROW', 'b.js': 'ERROR_HERE', 'c.js': 'SKIP_ME' });
    const run = runInProcess(['--format', 'json'], root, markerLint());
    assert.equal(run.code, 1);
    const json = JSON.parse(run.stdout) as { filesScanned: number; findings: { file: string }[]; skipped: unknown[] };
    assert.equal(json.filesScanned, 1);
    assert.deepEqual(json.findings.map((f) => f.file), ['b.js']);
    assert.deepEqual(json.skipped, [
      { file: 'a.js', reason: 'internal error: boom' },
      { file: 'c.js', reason: 'syntax error (fake)' },
    ]);
  });

  it('skips binary and oversized files before the engine sees them', () => {
    const root = tree({ 'bin.js': Buffer.from([0x63, 0x00, 0x64]), 'ok.js': 'WARN_HERE' });
    fs.writeFileSync(path.join(root, 'huge.js'), '');
    fs.truncateSync(path.join(root, 'huge.js'), 3 * 1024 * 1024);
    const calls: LintCall[] = [];
    const run = runInProcess([], root, markerLint(calls));
    assert.deepEqual(calls.map((c) => path.basename(c.file)), ['ok.js']);
    assert.equal(
      run.stdout,
      [
        'ok.js:1:1  warning  WARN_HERE found  missing-preflight',
        '1 problem (0 errors, 1 warning, 0 infos) in 1 file',
        'skipped bin.js: binary file',
        'skipped huge.js: larger than 1 MB (3145728 bytes)',
        '',
      ].join('\n'),
    );
  });

  it('keeps the JSON contract: exact keys, relative forward-slash paths, 1-based positions', () => {
    const root = tree({ 'src/routes/app.js': 'line one\r\n  ERROR_HERE\r\n', 'src/cors.ts': 'cors()' });
    const run = runInProcess(['--format', 'json', 'src'], root, markerLint());
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['filesScanned', 'findings', 'skipped']);
    assert.deepEqual(json, {
      filesScanned: 2,
      findings: [
        { file: 'src/cors.ts', line: 1, column: 1, endLine: 1, endColumn: 7, rule: 'missing-vary-origin', severity: 'warning', message: 'no Vary: Origin', fixable: true },
        { file: 'src/routes/app.js', line: 2, column: 3, endLine: 2, endColumn: 13, rule: 'wildcard-credentials', severity: 'error', message: 'ERROR_HERE found', fixable: false },
      ],
      skipped: [],
    });
  });

  it('writes valid SARIF for a real run', () => {
    const root = tree({ 'app.js': 'ERROR_HERE\nWARN_HERE INFO_HERE cors()', 'bin.js': Buffer.from([0]) });
    const run = runInProcess(['--format', 'sarif'], root, markerLint());
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as { runs: { results: unknown[]; invocations: { toolExecutionNotifications: unknown[] }[] }[] };
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.runs[0]?.results.length, 4);
    assert.equal(log.runs[0]?.invocations[0]?.toolExecutionNotifications.length, 1);
  });

  it('prints an empty report for a folder without sources', () => {
    const root = tree({ 'README.md': '' });
    assert.deepEqual(runInProcess(['--format', 'json'], root, markerLint()), {
      code: 0,
      stdout: '{\n  "filesScanned": 0,\n  "findings": [],\n  "skipped": []\n}\n',
      stderr: '',
    });
  });

  it('honours --ignore', () => {
    const root = tree({ 'a.js': 'ERROR_HERE', 'gen/b.js': 'ERROR_HERE' });
    const run = runInProcess(['--format', 'json', '--ignore', 'gen/'], root, markerLint());
    assert.deepEqual((JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file), ['a.js']);
  });
});
