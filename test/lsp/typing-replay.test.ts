// Robustness: each example file is typed into the built server as growing prefixes (40 characters per
// didChange, nearly all of them syntax errors), with a hover after every change. The server must answer every
// request and end with exactly the diagnostics a one-shot lint of the whole file gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadConfigFor } from '../../server/engine/config';
import { createDiskHost } from '../../server/engine/disk-host';
import { lintText } from '../../server/engine/lint';
import { removeTree } from '../helpers/temp-tree';
import { startServer, type TestServer } from './lsp-harness';
import { exampleWorkspace, uriOf } from './test-workspace';

const CHUNK = 40;

/** Every source file under a folder, sorted. */
function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[cm]?[jt]sx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** What a one-shot lint of the whole file reports, in the server's terms. */
function oneShot(file: string, text: string): { code: string; severity: DiagnosticSeverity; message: string; range: Diagnostic['range'] }[] {
  const lookup = loadConfigFor(file);
  if ('error' in lookup) throw new Error(lookup.error);
  const result = lintText(file, text, { config: lookup.config, host: createDiskHost() });
  assert.equal(result.kind, 'linted');
  const doc = TextDocument.create('file:///x', 'javascript', 1, text);
  const severity = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };
  return (result.kind === 'linted' ? result.findings : []).map((f) => ({
    code: f.rule,
    severity: severity[f.severity],
    message: f.message,
    range: { start: doc.positionAt(f.span[0]), end: doc.positionAt(f.span[1]) },
  }));
}

describe('lsp: typing replay (robustness)', () => {
  let root: string;
  let server: TestServer;

  before(async function () {
    this.timeout(60_000);
    root = exampleWorkspace();
    server = await startServer({ folders: [root] });
  });
  after(async () => {
    await server.stop();
    removeTree(root);
  });

  it('replays every example file as typed and ends with the one-shot diagnostics', async function () {
    this.timeout(120_000);
    const files = sourcesUnder(root);
    assert.ok(files.length >= 4, files.join(', '));
    for (const file of files) {
      const full = fs.readFileSync(file, 'utf8');
      const uri = uriOf(file);
      let doc = TextDocument.create(uri, 'javascript', 1, '');
      server.open(file, '');
      let hovers = 0;
      for (let end = CHUNK; end < full.length + CHUNK; end += CHUNK) {
        const version = doc.version + 1;
        const last = end >= full.length;
        const final = last ? server.nextDiagnostics(uri, (p) => p.version === version) : undefined;
        const change = { range: { start: doc.positionAt(doc.getText().length), end: doc.positionAt(doc.getText().length) }, text: full.slice(end - CHUNK, end) };
        doc = TextDocument.update(doc, [change], version);
        server.change(file, version, [change]);
        // A hover in the middle of what is typed so far: it must be answered (null or a hover), never dropped.
        const middle = doc.positionAt(Math.floor(doc.getText().length / 2));
        const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: middle });
        assert.ok(hover === null || typeof hover === 'object');
        hovers++;
        if (final) {
          assert.equal(doc.getText(), full);
          const published = await final;
          const got = published.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range }));
          assert.deepEqual(got, oneShot(file, full), path.relative(root, file));
        }
      }
      assert.ok(hovers >= Math.floor(full.length / CHUNK));
    }
    assert.equal(server.child.exitCode, null, 'the server is still running');
    // Adapters and rules met every half-typed shape without throwing (a throw would be logged, not fatal).
    assert.deepEqual(server.logs.filter((l) => /failed|threw|uncaught|unhandled/.test(l)), []);
  });
});
