// Live diagnostics through the built server: what opening a file shows, versioning under quick edits, typing
// through a syntax error, and the corsLint.enable / corsLint.run settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, DidSaveTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { removeTree } from '../helpers/temp-tree';
import { sleep, startServer, type TestServer } from './lsp-harness';
import { exampleWorkspace, rangeOfText, uriOf } from './test-workspace';

describe('lsp: diagnostics', () => {
  let root: string;
  let server: TestServer;
  let file: string;
  let text: string;

  before(async function () {
    this.timeout(60_000);
    root = exampleWorkspace();
    file = path.join(root, 'server.js');
    text = fs.readFileSync(file, 'utf8');
    server = await startServer({ folders: [root], debounceMs: 30 });
  });
  after(async () => {
    await server.stop();
    removeTree(root);
  });

  it('publishes on open: rule codes, ranges, severities, README links, source and version', async () => {
    const next = server.nextDiagnostics(uriOf(file));
    server.open(file, text);
    const published = await next;
    assert.equal(published.version, 1);
    const summary = published.diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity, source: d.source, href: d.codeDescription?.href }));
    const href = (rule: string): string => `https://github.com/cors-lint/cors-lint#${rule}`;
    assert.deepEqual(summary, [
      { code: 'substring-origin-check', range: rangeOfText(text, 'cors(corsOptions)', 0), severity: DiagnosticSeverity.Error, source: 'cors-lint', href: href('substring-origin-check') },
      { code: 'missing-preflight', range: rangeOfText(text, 'cors(corsOptions)', 1), severity: DiagnosticSeverity.Warning, source: 'cors-lint', href: href('missing-preflight') },
      { code: 'wildcard-credentials', range: rangeOfText(text, 'true', 0), severity: DiagnosticSeverity.Error, source: 'cors-lint', href: href('wildcard-credentials') },
    ]);
    assert.match(published.diagnostics[0]?.message ?? '', /https:\/\/attacker-example\.com passes/);
  });

  it('publishes only the last of two quick changes (a stale version never arrives)', async () => {
    const uri = uriOf(file);
    const seen = server.published.length;
    const last = server.nextDiagnostics(uri, (p) => p.version === 3);
    // Each edit appends a comment; both are sent back to back, well within the 30 ms debounce.
    server.change(file, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n' }]);
    server.change(file, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// two\n' }]);
    const published = await last;
    await sleep(100);
    const versions = server.published.slice(seen).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [3]);
    // The ranges moved down the two inserted lines.
    assert.equal(published.diagnostics[0]?.range.start.line, rangeOfText(text, 'cors(corsOptions)').start.line + 2);
  });

  it('keeps the last good diagnostics while a syntax error is typed, and keeps answering', async () => {
    const uri = uriOf(file);
    const seen = server.published.length;
    // Version 4: an unfinished call typed in the middle of the file.
    const middle = { line: 12, character: 0 };
    server.change(file, 4, [{ range: { start: middle, end: middle }, text: 'app.get(\n' }]);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    await sleep(150);
    assert.equal(server.published.slice(seen).filter((p) => p.uri === uri).length, 0, 'nothing published for the broken text');
    // Finishing the edit brings fresh diagnostics for the new version.
    const fixed = server.nextDiagnostics(uri, (p) => p.version === 5);
    server.change(file, 5, [{ range: { start: middle, end: { line: 13, character: 0 } }, text: '' }]);
    assert.equal((await fixed).diagnostics.length, 3);
  });

  it('answers malformed requests and documents it does not know, and logs what threw', async () => {
    const unknown = { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } };
    assert.equal(await server.connection.sendRequest(HoverRequest.type, unknown), null);
    // No position: the handler throws inside; the guard logs it and answers null.
    const malformed = { textDocument: { uri: uriOf(file) } } as unknown as typeof unknown;
    assert.equal(await server.connection.sendRequest(HoverRequest.type, malformed), null);
    assert.ok(server.logs.some((l) => l.startsWith('cors-lint: hover failed: ')), server.logs.join('\n'));
    assert.equal(await server.connection.sendRequest('workspace/executeCommand', { command: 'corsLint.nope' }), null);
    assert.equal(server.child.exitCode, null);
  });
});

describe('lsp: settings', () => {
  it('corsLint.enable false clears diagnostics; corsLint.run onSave lints on save only', async function () {
    this.timeout(60_000);
    const root = exampleWorkspace();
    let settings: Record<string, unknown> = { enable: true, run: 'onSave' };
    const server = await startServer({ folders: [root], settings: () => settings });
    try {
      const file = path.join(root, 'server.js');
      const uri = uriOf(file);
      const text = fs.readFileSync(file, 'utf8');
      const opened = server.nextDiagnostics(uri);
      server.open(file, text);
      assert.equal((await opened).diagnostics.length, 3, 'onSave still lints on open');

      // An edit fixing the wildcard finding: not linted until saved.
      const seen = server.published.length;
      const at = rangeOfText(text, 'origin: true');
      server.change(file, 2, [{ range: at, text: "origin: 'https://admin.example.com'" }]);
      await sleep(100);
      assert.equal(server.published.length, seen, 'no lint on type in onSave mode');
      const saved = server.nextDiagnostics(uri, (p) => p.version === 2);
      await server.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
      assert.deepEqual((await saved).diagnostics.map((d) => d.code), ['substring-origin-check', 'missing-preflight']);

      settings = { enable: false };
      const cleared = server.nextDiagnostics(uri);
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.deepEqual((await cleared).diagnostics, []);
    } finally {
      await server.stop();
      removeTree(root);
    }
  });
});
