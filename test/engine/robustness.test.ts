// Bad input gets a clear answer and never a crash or a hang: half-typed code, huge and binary files, deep
// nesting, value and import cycles, recursive helpers, huge allowlists and pathological regexes.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../server/engine/config';
import { lintText, type FileHost, type LintResult } from '../../server/engine/lint';

function lint(text: string, file = '/virtual/app.js', files: Record<string, string> = {}): { result: LintResult; ms: number; errors: unknown[] } {
  const host: FileHost = { readFile: (p) => files[p] };
  const errors: unknown[] = [];
  const start = Date.now();
  const result = lintText(file, text, { config: DEFAULT_CONFIG, host, onError: (e) => errors.push(e) });
  return { result, ms: Date.now() - start, errors };
}

/** `n` switch cases, each calling back into the helper twice: the fan-out that once took minutes to follow. */
function fanOutCases(n: number, caseText: (i: number, next: number, after: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => caseText(i, (i + 1) % n, (i + 2) % n));
}

/** Lints `text` and checks it ends within `limitMs` with no adapter or rule error. */
function lintWithin(text: string, limitMs: number): LintResult {
  const { result, ms, errors } = lint(text);
  assert.deepEqual(errors, []);
  assert.ok(ms < limitMs, `${ms} ms`);
  return result;
}

function rules(result: LintResult): string[] {
  return result.kind === 'linted' ? result.findings.map((f) => f.rule) : [];
}

describe('robustness', () => {
  it('skips half-typed code with the syntax error and its line', () => {
    const { result } = lint("const cors = require('cors');\napp.use(cors({ origin: true, credentials: \n");
    assert.equal(result.kind, 'skipped');
    assert.match(result.kind === 'skipped' ? result.reason : '', /^syntax error at line 2: /);
  });

  it('skips a 5 MB bundle without parsing it', () => {
    const text = "var cors = require('cors');\n" + 'x();\n'.repeat(1_300_000);
    const { result, ms } = lint(text);
    assert.equal(result.kind === 'skipped' && result.reason.startsWith('larger than 1 MB'), true);
    assert.ok(ms < 200, `${ms} ms`);
  });

  it('skips binary and minified files', () => {
    assert.equal(lint('cors\u0000\u0001\u0002').result.kind, 'skipped');
    const minified = 'var cors=require("cors");' + 'a.b(c,d);'.repeat(5000);
    const { result } = lint(minified);
    assert.deepEqual(result.kind === 'skipped' && result.reason, 'minified or generated code');
  });

  it('survives nesting too deep for a recursive walk', () => {
    const depth = 5000;
    const text = "const cors = require('cors');\nconst x = " + '['.repeat(depth) + ']'.repeat(depth) + ';\napp.use(cors());\n';
    const { result, errors } = lint(text);
    assert.deepEqual(errors, []);
    assert.ok(result.kind === 'linted' || /syntax error|stack/i.test(result.reason));
  });

  it('terminates on cyclic bindings and mutually recursive helpers', () => {
    const text = `const cors = require('cors');
let a = b; let b = a; a = b;
function isAllowed(o) { return check(o); }
function check(o) { return isAllowed(o); }
app.use(cors({ origin: (origin, cb) => cb(null, isAllowed(origin)), credentials: true }));
app.use(cors({ origin: a, credentials: true }));
`;
    const { result, errors, ms } = lint(text);
    assert.deepEqual(errors, []);
    assert.equal(result.kind, 'linted');
    assert.ok(ms < 2000, `${ms} ms`);
  });

  it('terminates on an import cycle and still reads the options through it', () => {
    const a = path.resolve('/virtual/a.js');
    const b = path.resolve('/virtual/b.js');
    const files = {
      [a]: "const { base } = require('./b');\nmodule.exports = { options: { ...base, credentials: true } };\n",
      [b]: "const { options } = require('./a');\nmodule.exports = { base: { origin: true }, again: options };\n",
    };
    const text = "const cors = require('cors');\nconst { options } = require('./a');\napp.use(cors(options));\n";
    const { result, errors } = lint(text, '/virtual/app.js', files);
    assert.deepEqual(errors, []);
    assert.deepEqual(rules(result), ['wildcard-credentials']);
  });

  it('stays fast with a 20,000-entry allowlist', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => `'https://tenant${i}.example.com'`).join(',\n');
    const text = `const cors = require('cors');\nconst ALLOWED = [\n${entries}\n];\napp.use(cors({ origin: ALLOWED, credentials: true }));\n`;
    const { result, ms } = lint(text);
    assert.deepEqual(rules(result), []);
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('bounds the work on helpers that recurse through many call sites', () => {
    // The shape of ts-api-utils' isCompilerOptionEnabled: every case calls the function again with another
    // argument, so following each call fans out exponentially (it took minutes before evaluation had a budget).
    const cases = fanOutCases(12, (i, a, b) => `    case 'o${i}':\n      return options.o${i} === undefined ? enabled(options, 'o${a}') || enabled(options, 'o${b}') : options.o${i};`);
    const text = [
      'function enabled(options, option) {',
      '  switch (option) {',
      ...cases,
      '  }',
      '  return false;',
      '}',
      "exports.handler = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': enabled(event, 'o0') ? 'https://a.example' : '*' }, body: '' });",
    ].join('\n');
    assert.equal(lintWithin(text, 2000).kind, 'linted');
  });

  it('bounds the work on an origin check that recurses through many call sites', () => {
    // The same fan-out in an allowlist helper: each case asks the helper again about the same Origin.
    const cases = fanOutCases(10, (i, a, b) => `    case ${i}:\n      return allowed(origin, ${a}) || allowed(origin, ${b});`);
    const text = [
      "const http = require('http');",
      'function allowed(origin, k) {',
      '  switch (k) {',
      ...cases,
      '  }',
      "  return origin === 'https://app.example.com';",
      '}',
      'http.createServer((req, res) => {',
      '  if (allowed(req.headers.origin, 0)) {',
      "    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);",
      "    res.setHeader('Access-Control-Allow-Credentials', 'true');",
      "    res.setHeader('Vary', 'Origin');",
      '  }',
      '  res.end();',
      '}).listen(3000);',
    ].join('\n');
    assert.deepEqual(rules(lintWithin(text, 3000)), []);
  });

  it('bounds the work on an Allow-Origin value picked by a helper that recurses through many call sites', () => {
    const cases = fanOutCases(10, (i, a, b) => `    case ${i}:\n      return k > 100 ? pick(origin, ${a}) : pick(origin, ${b});`);
    const text = [
      "const http = require('http');",
      'function pick(origin, k) {',
      '  switch (k) {',
      ...cases,
      '  }',
      "  return origin === 'https://app.example.com' ? origin : 'https://app.example.com';",
      '}',
      'http.createServer((req, res) => {',
      "  res.setHeader('Access-Control-Allow-Origin', pick(req.headers.origin, 0));",
      "  res.setHeader('Access-Control-Allow-Credentials', 'true');",
      '  res.end();',
      '}).listen(3000);',
    ].join('\n');
    // The value still varies with the request, and nothing sends Vary.
    assert.deepEqual(rules(lintWithin(text, 3000)), ['missing-vary-origin']);
  });

  it('never hangs on a catastrophic regex allowlist', () => {
    const text = "const cors = require('cors');\napp.use(cors({ origin: /^(a+)+$|^https:\\/\\/(([a-z]+)+\\.)+example\\.com$/, credentials: true }));\n";
    assert.equal(lintWithin(text, 2000).kind, 'linted');
  });

  it('parses a file past 256 KiB only when it names a CORS header, package or option', () => {
    // A trailing syntax error shows whether the file was parsed: parsed files with one are skipped.
    const library = '/*! some-sdk v1.0 */\n' + 'export const originOf = (url) => new URL(url).origin;\n'.repeat(6000) + 'broken {{{';
    assert.ok(library.length > 256 * 1024);
    assert.deepEqual(lint(library).result, { kind: 'linted', findings: [] });
    for (const evidence of ["const cors = require('cors');", "import cors from '@fastify/cors';", 'app.enableCors();', "res.setHeader('Access-Control-Allow-Origin', o);", 'new Server(http, { cors: { origin: true } });']) {
      const { result } = lint(evidence + '\n' + library);
      assert.equal(result.kind, 'skipped', evidence);
      assert.match(result.kind === 'skipped' ? result.reason : '', /^syntax error/);
    }
  });

  it('answers files with no CORS content without parsing them', () => {
    const text = 'export const add = (a, b) => a + b;\n'.repeat(2000) + 'this is not javascript at all {{{';
    const { result } = lint(text);
    assert.deepEqual(result, { kind: 'linted', findings: [] });
  });
});
