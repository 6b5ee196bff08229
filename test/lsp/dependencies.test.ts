// Cross-file freshness: a file importing CORS options is linted again when the options module changes, whether it
// is open (didChange), closed (a watched change on disk), or when cors-lint.json changes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { makeTree, removeTree } from '../helpers/temp-tree';
import { startServer, type TestServer } from './lsp-harness';
import { exampleWorkspace, rangeOfText, uriOf } from './test-workspace';

const LOOSE = "origin.endsWith('example.com')";
const EXACT = "origin === 'https://example.com'";

describe('lsp: dependencies', () => {
  let root: string;
  let server: TestServer;
  let serverFile: string;
  let configFile: string;

  beforeEach(async function () {
    this.timeout(60_000);
    root = exampleWorkspace();
    serverFile = path.join(root, 'server.js');
    configFile = path.join(root, 'cors-config.js');
    server = await startServer({ folders: [root] });
    const published = server.nextDiagnostics(uriOf(serverFile));
    server.open(serverFile, fs.readFileSync(serverFile, 'utf8'));
    assert.deepEqual((await published).diagnostics.map((d) => d.code), ['substring-origin-check', 'missing-preflight', 'wildcard-credentials']);
  });
  afterEach(async () => {
    await server.stop();
    removeTree(root);
  });

  const codesOfNext = async (file: string, trigger: () => void | Promise<void>): Promise<unknown[]> => {
    const next = server.nextDiagnostics(uriOf(file));
    await trigger();
    return (await next).diagnostics.map((d) => d.code);
  };
  const watched = (file: string, type: FileChangeType) => (): Promise<void> =>
    server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(file), type }] });

  it('registers watchers for sources, cors-lint.json and the deploy configs the analysis reads', () => {
    const registration = server.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    const globs = (registration?.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.deepEqual(globs, [
      '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}',
      '**/cors-lint.json',
      '**/{package.json,vercel.json,serverless.yml,serverless.yaml,serverless.json,template.yaml,template.yml,template.json}',
    ]);
  });

  it('re-lints the importer when an open options module is edited (didChange)', async () => {
    const text = fs.readFileSync(configFile, 'utf8');
    const opened = server.nextDiagnostics(uriOf(configFile));
    server.open(configFile, text);
    await opened;
    const codes = await codesOfNext(serverFile, () => server.change(configFile, 2, [{ range: rangeOfText(text, LOOSE), text: EXACT }]));
    assert.deepEqual(codes, ['missing-preflight', 'wildcard-credentials']);
  });

  it('re-lints the importer when a closed options module changes on disk (didChangeWatchedFiles)', async () => {
    fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace(LOOSE, EXACT));
    assert.deepEqual(await codesOfNext(serverFile, watched(configFile, FileChangeType.Changed)), ['missing-preflight', 'wildcard-credentials']);
  });

  it('re-reads cors-lint.json when it is created or changed, and re-lints every open file', async () => {
    const config = path.join(root, 'cors-lint.json');
    fs.writeFileSync(config, JSON.stringify({ rules: { 'wildcard-credentials': 'off' } }));
    assert.deepEqual(await codesOfNext(serverFile, watched(config, FileChangeType.Created)), ['substring-origin-check', 'missing-preflight']);
    fs.writeFileSync(config, JSON.stringify({ rules: { 'missing-preflight': 'off' } }));
    assert.deepEqual(await codesOfNext(serverFile, watched(config, FileChangeType.Changed)), ['substring-origin-check', 'wildcard-credentials']);
  });

  // The importer was analysed without loading the helper (its text names no CORS header), yet the import is a
  // dependency all the same: whether the importer itself names one (the helper screened per call) or not (the
  // whole header analysis skipped).
  for (const [label, comment] of [
    ['names none', ''],
    ['names one itself', '// Access-Control-* headers are written by ./respond\n'],
  ]) {
    it(`re-lints the importer when an imported helper starts writing CORS headers (importer ${label})`, async () => {
      const tree = makeTree({
        'server.js': `${comment}const http = require('http');\nconst { respond } = require('./respond');\n\nhttp.createServer((req, res) => {\n  respond(res, req.headers.origin);\n  res.end('ok');\n}).listen(3000);\n`,
        'respond.js': "exports.respond = (res, origin) => {\n  res.setHeader('X-Request-Origin', String(origin));\n};\n",
      });
      try {
        const importer = path.join(tree, 'server.js');
        const helper = path.join(tree, 'respond.js');
        const opened = server.nextDiagnostics(uriOf(importer));
        server.open(importer, fs.readFileSync(importer, 'utf8'));
        assert.deepEqual((await opened).diagnostics, []);
        fs.writeFileSync(helper, "exports.respond = (res, origin) => {\n  res.setHeader('Access-Control-Allow-Origin', origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n};\n");
        assert.deepEqual(await codesOfNext(importer, watched(helper, FileChangeType.Changed)), ['missing-vary-origin', 'wildcard-credentials']);
      } finally {
        removeTree(tree);
      }
    });
  }

  it('re-lints open handlers when a deploy config changes on disk (serverless.yml answers the preflight)', async () => {
    const lambdaRoot = makeTree({});
    fs.cpSync(path.join(__dirname, '..', '..', 'examples', 'lambda-api'), lambdaRoot, { recursive: true });
    try {
      const handler = path.join(lambdaRoot, 'src', 'profile-update.js');
      const opened = server.nextDiagnostics(uriOf(handler));
      server.open(handler, fs.readFileSync(handler, 'utf8'));
      assert.deepEqual((await opened).diagnostics.map((d) => d.code), ['missing-preflight']);
      const yml = path.join(lambdaRoot, 'serverless.yml');
      fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replace(/(path: profile\n\s+method: put)/, '$1\n          cors: true'));
      assert.deepEqual(await codesOfNext(handler, watched(yml, FileChangeType.Changed)), []);
    } finally {
      removeTree(lambdaRoot);
    }
  });
});
