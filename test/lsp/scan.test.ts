// corsLint.scanWorkspace through the built server: every folder of a multi-root workspace walked with the CLI's
// ignores, diagnostics for files never opened, progress as files done of total, a second scan clearing files that
// became clean, skipped files logged, and cancellation from the progress notification.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ExecuteCommandRequest,
  HoverRequest,
  WorkDoneProgressCancelNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { makeTree, removeTree } from '../helpers/temp-tree';
import { startServer, waitUntil, type TestServer } from './lsp-harness';
import { exampleWorkspace, uriOf } from './test-workspace';

const repo = path.join(__dirname, '..', '..');
const originTrue = fs.readFileSync(path.join(repo, 'test', 'fixtures', 'wildcard-credentials', 'origin-true.js'), 'utf8');

interface ScanSummary {
  files: number;
  total: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

const scan = (server: TestServer): Promise<ScanSummary> =>
  server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'corsLint.scanWorkspace', arguments: [] }) as Promise<ScanSummary>;

/** The last diagnostics published per file, as rule codes, keyed by path relative to `roots`. */
function lastCodes(published: readonly PublishDiagnosticsParams[], roots: Record<string, string>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const p of published) {
    const [name, root] = Object.entries(roots).find(([, r]) => p.uri.startsWith(uriOf(r) + '/')) ?? [];
    if (name && root) out[`${name}/${decodeURIComponent(p.uri.slice(uriOf(root).length + 1))}`] = p.diagnostics.map((d) => d.code);
  }
  return out;
}

describe('lsp: workspace scan', () => {
  let api: string;
  let other: string;
  let server: TestServer;

  before(async function () {
    this.timeout(60_000);
    api = exampleWorkspace();
    other = makeTree({
      'cors-lint.json': JSON.stringify({ ignore: ['generated/**'] }),
      'app.js': originTrue,
      'generated/app.js': originTrue,
      'node_modules/pkg/index.js': originTrue,
      'broken.js': "const cors = require('cors');\napp.use(cors({ origin: true, ",
    });
    server = await startServer({ folders: [api, other] });
  });
  after(async () => {
    await server.stop();
    removeTree(api);
    removeTree(other);
  });

  it('lints every folder, publishes for closed files, uses open editor text, and reports progress', async function () {
    this.timeout(30_000);
    // server.js is open with the wildcard finding fixed in the editor only.
    const serverFile = path.join(api, 'server.js');
    const edited = fs.readFileSync(serverFile, 'utf8').replace('origin: true', "origin: 'https://admin.example.com'");
    const opened = server.nextDiagnostics(uriOf(serverFile));
    server.open(serverFile, edited);
    await opened;
    const seen = server.published.length;

    const summary = await scan(server);
    assert.deepEqual(summary, { files: 6, total: 6, findings: 2, skipped: 1, cancelled: false });
    assert.deepEqual(lastCodes(server.published.slice(seen), { api, other }), {
      'api/middleware/partner-cors.js': ['missing-vary-origin'],
      'api/server.js': ['substring-origin-check', 'missing-preflight'],
      'other/app.js': ['wildcard-credentials'],
    });
    assert.ok(server.logs.some((l) => l.includes(`skipped ${path.join(other, 'broken.js')}: syntax error`)), server.logs.join('\n'));

    const [token] = server.progressTokens;
    const values = server.progress.filter((p) => p.token === token).map((p) => p.value);
    assert.deepEqual(values[0], { kind: 'begin', title: 'CORS Lint: scanning the workspace', percentage: 0, message: 'listing files', cancellable: true });
    assert.deepEqual(values.at(-2), { kind: 'report', percentage: 100, message: '6/6 files' });
    assert.equal(values.at(-1)?.kind, 'end');
  });

  it('a second scan clears files that became clean or went away', async function () {
    this.timeout(30_000);
    fs.writeFileSync(path.join(other, 'app.js'), originTrue.replace('credentials: true', 'credentials: false'));
    fs.rmSync(path.join(api, 'middleware', 'partner-cors.js'));
    const seen = server.published.length;
    const summary = await scan(server);
    assert.equal(summary.cancelled, false);
    const codes = lastCodes(server.published.slice(seen), { api, other });
    assert.deepEqual(codes['other/app.js'], []);
    assert.deepEqual(codes['api/middleware/partner-cors.js'], []);
  });
});

describe('lsp: workspace scan and corsLint.enable', () => {
  it('clears the scanned diagnostics of closed files when cors-lint is turned off for their folder', async function () {
    this.timeout(60_000);
    const on = makeTree({ 'app.js': originTrue });
    const off = makeTree({ 'app.js': originTrue });
    let disabled = '';
    const server = await startServer({ folders: [on, off], settings: (scope) => ({ enable: !(disabled && scope?.startsWith(uriOf(disabled))) }) });
    try {
      await scan(server);
      assert.deepEqual(lastCodes(server.published, { on, off }), { 'on/app.js': ['wildcard-credentials'], 'off/app.js': ['wildcard-credentials'] });
      const seen = server.published.length;
      disabled = off;
      const cleared = server.nextDiagnostics(uriOf(path.join(off, 'app.js')));
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.deepEqual((await cleared).diagnostics, []);
      assert.deepEqual(lastCodes(server.published.slice(seen), { on, off }), { 'off/app.js': [] });
    } finally {
      await server.stop();
      removeTree(on);
      removeTree(off);
    }
  });
});

describe('lsp: workspace scan cancellation', () => {
  it('stops when the progress is cancelled, and the server keeps answering', async function () {
    this.timeout(60_000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`src/app${i}.js`] = originTrue;
    const root = makeTree(files);
    const server = await startServer({ folders: [root] });
    try {
      const running = scan(server);
      await waitUntil(() => server.progress.some((p) => p.value.kind === 'begin'), 'the scan to begin');
      const [token] = server.progressTokens;
      await waitUntil(() => server.published.length >= 3, 'a few files to be published');
      await server.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: token ?? '' });
      const summary = await running;
      assert.equal(summary.cancelled, true);
      assert.ok(summary.files < 400, `stopped early (${summary.files} files)`);
      assert.equal(server.progress.at(-1)?.value.kind, 'end');
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(path.join(root, 'x.js')) }, position: { line: 0, character: 0 } });
      assert.equal(hover, null);
    } finally {
      await server.stop();
      removeTree(root);
    }
  });
});
