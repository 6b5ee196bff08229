// Hover through the built server: the effective policy of the cors(...) call under the cursor, also from inside
// the imported options module, and nothing where there is no CORS setup.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HoverRequest, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { removeTree } from '../helpers/temp-tree';
import { startServer, type TestServer } from './lsp-harness';
import { exampleWorkspace, rangeOfText, uriOf } from './test-workspace';

describe('lsp: hover', () => {
  let root: string;
  let server: TestServer;
  const texts = new Map<string, string>();

  before(async function () {
    this.timeout(60_000);
    root = exampleWorkspace();
    server = await startServer({ folders: [root] });
    for (const name of ['server.js', 'cors-config.js']) {
      const file = path.join(root, name);
      texts.set(name, fs.readFileSync(file, 'utf8'));
      const published = server.nextDiagnostics(uriOf(file));
      server.open(file, texts.get(name) ?? '');
      await published;
    }
  });
  after(async () => {
    await server.stop();
    removeTree(root);
  });

  const hover = (name: string, position: Position): Promise<Hover | null> =>
    server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(path.join(root, name)) }, position });
  const inside = (name: string, needle: string, nth = 0): Position => {
    const { start } = rangeOfText(texts.get(name) ?? '', needle, nth);
    return { line: start.line, character: start.character + 2 };
  };
  const markdown = (h: Hover | null): string => (h?.contents as MarkupContent | undefined)?.value ?? '';

  it('describes the policy of the cors(...) call under the cursor, over the range of the call', async () => {
    const result = await hover('server.js', inside('server.js', 'cors(corsOptions)'));
    assert.deepEqual(result?.range, rangeOfText(texts.get('server.js') ?? '', 'cors(corsOptions)'));
    const text = markdown(result);
    assert.equal((result?.contents as MarkupContent).kind, 'markdown');
    for (const expected of [
      '**CORS** · cors() middleware (cors) for `GET /api/account`',
      '- **Credentials:** allowed (browsers send cookies and HTTP auth)',
      '- **Methods:** GET, PUT',
      '- **OPTIONS preflight:** not answered _(default)_',
      '- **Vary: Origin:** sent _(default)_',
    ]) {
      assert.ok(text.split('\n').includes(expected), `missing line: ${expected}\n${text}`);
    }
    // How the check is phrased follows the engine's model of it; the loose test must be named.
    assert.match(text, /^- \*\*Allowed origins:\*\* the request's Origin, when .*it ends with `example\.com`$/m);
  });

  it('marks the defaults of an option-less cors()', async () => {
    const text = markdown(await hover('server.js', inside('server.js', 'cors()')));
    assert.match(text, /- \*\*Allowed origins:\*\* `\*`: any site, but browsers then send no cookies _\(default\)_/);
  });

  it('shows the policy that uses an origin setting from inside the imported options module', async () => {
    const text = markdown(await hover('cors-config.js', inside('cors-config.js', 'true);')));
    assert.match(text, /_As used at server\.js:17_/);
    assert.match(text, /ends with `example\.com`/);
  });

  it('answers null away from any CORS setup', async () => {
    assert.equal(await hover('server.js', inside('server.js', 'app.listen')), null);
  });
});
