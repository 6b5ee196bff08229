import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINGERPRINT_KEY, buildSarif, formatSarif } from '../../server/cli/format-sarif';
import { formatJson } from '../../server/cli/format-json';
import { formatText } from '../../server/cli/format-text';
import type { PassOutcome } from '../../server/cli/lint-files';
import { buildReport } from '../../server/cli/report';
import type { Finding } from '../../server/engine/lint';
import type { Severity } from '../../server/model/rule';
import { sarifSchemaErrors } from '../helpers/sarif-validator';

const cwd = path.resolve('/work/project');
const appFile = path.join(cwd, 'src', 'app.js');
const otherFile = path.join(cwd, 'lib', 'my routes.ts');
const appText = 'const cors = require("cors");\r\napp.use(cors({ origin: true, credentials: true }));\r\n';
const otherText = 'app.use(cors());\n';

function finding(file: string, rule: string, severity: Severity, start: number, end: number, safe?: boolean): Finding {
  const fixes = safe === undefined ? [] : [{ title: 'fix', edits: [{ file, span: [start, start] as const, text: 'x' }], safe }];
  return { rule, severity, message: `${rule} message`, file, span: [start, end], fixes };
}

const outcome: PassOutcome = {
  linted: [
    {
      file: appFile,
      text: appText,
      findings: [
        finding(appFile, 'missing-vary-origin', 'info', 31, 38, true),
        finding(appFile, 'wildcard-credentials', 'error', 44, 56, false),
      ],
    },
    { file: otherFile, text: otherText, findings: [finding(otherFile, 'missing-preflight', 'warning', 8, 14)] },
    { file: path.join(cwd, 'clean.js'), text: '', findings: [] },
  ],
  skipped: [
    { file: path.join(cwd, 'z.js'), reason: 'binary file' },
    { file: path.join(cwd, 'broken.js'), reason: 'syntax error at 1:5' },
  ],
};

describe('report and formats', () => {
  const report = buildReport(outcome, cwd);

  it('converts spans to 1-based line/column with exclusive end columns, across CRLF', () => {
    const wild = report.findings.find((f) => f.rule === 'wildcard-credentials');
    // Offset 31 is the start of line 2 (after "...;\r\n"); 44 is 13 code units further.
    assert.deepEqual(
      wild && { line: wild.line, column: wild.column, endLine: wild.endLine, endColumn: wild.endColumn },
      { line: 2, column: 14, endLine: 2, endColumn: 26 },
    );
  });

  it('writes text: findings by file and position, a summary, then skipped files', () => {
    assert.equal(
      formatText(report),
      [
        'lib/my routes.ts:1:9  warning  missing-preflight message  missing-preflight',
        'src/app.js:2:1  info  missing-vary-origin message  missing-vary-origin',
        'src/app.js:2:14  error  wildcard-credentials message  wildcard-credentials',
        '3 problems (1 error, 1 warning, 1 info) in 3 files',
        'skipped broken.js: syntax error at 1:5',
        'skipped z.js: binary file',
        '',
      ].join('\n'),
    );
  });

  it('pluralizes the summary and reports fixes when asked', () => {
    const empty = buildReport({ linted: [{ file: appFile, text: '', findings: [] }], skipped: [] }, cwd);
    assert.equal(formatText(empty), '0 problems (0 errors, 0 warnings, 0 infos) in 1 file\n');
    assert.equal(
      formatText(empty, { fixed: { fixes: 2, files: 1 } }),
      'fixed 2 problems in 1 file\n0 problems (0 errors, 0 warnings, 0 infos) in 1 file\n',
    );
  });

  it('writes JSON with exactly the contract keys', () => {
    const json = JSON.parse(formatJson(report)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['filesScanned', 'findings', 'skipped']);
    assert.equal(json.filesScanned, 3);
    assert.deepEqual(json.findings, [
      { file: 'lib/my routes.ts', line: 1, column: 9, endLine: 1, endColumn: 15, rule: 'missing-preflight', severity: 'warning', message: 'missing-preflight message', fixable: false },
      { file: 'src/app.js', line: 2, column: 1, endLine: 2, endColumn: 8, rule: 'missing-vary-origin', severity: 'info', message: 'missing-vary-origin message', fixable: true },
      { file: 'src/app.js', line: 2, column: 14, endLine: 2, endColumn: 26, rule: 'wildcard-credentials', severity: 'error', message: 'wildcard-credentials message', fixable: false },
    ]);
    assert.deepEqual(json.skipped, [
      { file: 'broken.js', reason: 'syntax error at 1:5' },
      { file: 'z.js', reason: 'binary file' },
    ]);
  });

  it('writes SARIF that the official 2.1.0 schema accepts', () => {
    const log = JSON.parse(formatSarif(report)) as unknown;
    assert.deepEqual(sarifSchemaErrors(log), []);
  });

  it('is checked by a validator that does reject broken SARIF (near misses)', () => {
    const good = () => JSON.parse(formatSarif(report)) as { version: string; runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const badLevel = good();
    (badLevel.runs[0]?.results[0] as { level: string }).level = 'info';
    assert.notDeepEqual(sarifSchemaErrors(badLevel), []);
    const badLine = good();
    (badLine.runs[0]?.results[0]?.locations[0]?.physicalLocation.region as { startLine: number }).startLine = 0;
    assert.notDeepEqual(sarifSchemaErrors(badLine), []);
    const badVersion = good();
    badVersion.version = '2.1';
    assert.notDeepEqual(sarifSchemaErrors(badVersion), []);
  });

  it('fills in what GitHub code scanning reads', () => {
    const log = buildSarif(report) as unknown as SarifLog;
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0] as SarifRun;
    assert.equal(run.tool.driver.name, 'cors-lint');
    assert.equal(run.tool.driver.version, '0.1.0');
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      ['wildcard-credentials', 'substring-origin-check', 'missing-preflight', 'missing-vary-origin'],
    );
    const rule = run.tool.driver.rules[0] as SarifRule;
    assert.equal(rule.name, 'WildcardCredentials');
    assert.equal(rule.helpUri, 'https://github.com/cors-lint/cors-lint#wildcard-credentials');
    assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(cwd).href + '/' } });
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]),
      [['missing-preflight', 2, 'warning'], ['missing-vary-origin', 3, 'note'], ['wildcard-credentials', 0, 'error']],
    );
    const first = run.results[0] as SarifResult;
    assert.deepEqual(first.locations[0]?.physicalLocation, {
      artifactLocation: { uri: 'lib/my%20routes.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 9, endLine: 1, endColumn: 15 },
    });
    assert.equal(first.message.text, 'missing-preflight message');
  });

  it('fingerprints by rule, file and line text: stable when the line moves, new when it changes', () => {
    const prints = (text: string, start: number): string => {
      const r = buildReport({ linted: [{ file: appFile, text, findings: [finding(appFile, 'wildcard-credentials', 'error', start, start + 3)] }], skipped: [] }, cwd);
      const run = (buildSarif(r) as unknown as SarifLog).runs[0] as SarifRun;
      return (run.results[0] as SarifResult).partialFingerprints[FINGERPRINT_KEY] as string;
    };
    const base = prints('app.use(cors())\n', 0);
    assert.match(base, /^[0-9a-f]{32}:1$/);
    assert.equal(prints('// new line\n\napp.use(cors())\n', 13), base, 'moved down two lines');
    assert.equal(prints('    app.use(cors())   \n', 4), base, 'reindented');
    assert.notEqual(prints('app.use(cors({}))\n', 0), base, 'edited line');
  });

  it('tells identical lines in one file apart by occurrence', () => {
    const text = 'app.use(cors())\napp.use(cors())\n';
    const r = buildReport({ linted: [{ file: appFile, text, findings: [finding(appFile, 'wildcard-credentials', 'error', 0, 3), finding(appFile, 'wildcard-credentials', 'error', 16, 19)] }], skipped: [] }, cwd);
    const results = ((buildSarif(r) as unknown as SarifLog).runs[0] as SarifRun).results;
    const [a, b] = results.map((x) => x.partialFingerprints[FINGERPRINT_KEY] as string);
    assert.equal(a?.replace(/:\d+$/, ''), b?.replace(/:\d+$/, ''));
    assert.deepEqual([a?.slice(-2), b?.slice(-2)], [':1', ':2']);
  });

  it('lists rules found in results that the registry does not know, so ruleIndex stays valid', () => {
    const r = buildReport({ linted: [{ file: appFile, text: 'x', findings: [finding(appFile, 'experimental-rule', 'warning', 0, 1)] }], skipped: [] }, cwd);
    const run = (buildSarif(r) as unknown as SarifLog).runs[0] as SarifRun;
    assert.equal(run.tool.driver.rules[4]?.id, 'experimental-rule');
    assert.equal(run.results[0]?.ruleIndex, 4);
    assert.deepEqual(sarifSchemaErrors(buildSarif(r)), []);
  });

  it('writes SARIF for an empty run that the schema accepts', () => {
    const log = buildSarif(buildReport({ linted: [], skipped: [] }, cwd));
    assert.deepEqual(sarifSchemaErrors(log), []);
  });
});

interface SarifLog {
  version: string;
  runs: SarifRun[];
}
interface SarifRule {
  id: string;
  name: string;
  helpUri: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: unknown }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRun {
  tool: { driver: { name: string; version: string; rules: SarifRule[] } };
  originalUriBaseIds: unknown;
  results: SarifResult[];
}
