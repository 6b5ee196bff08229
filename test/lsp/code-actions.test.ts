// Quick fixes through the built server: every fix offered for the example API is applied as an editor would
// apply it (TextDocument.applyEdits, also in the imported options module), and its diagnostic disappears with no
// new one; "disable for this line" places the cursor at the reason; fix-all applies only safe fixes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DidCloseTextDocumentNotification,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { removeTree } from '../helpers/temp-tree';
import { startServer, type TestServer } from './lsp-harness';
import { exampleWorkspace, uriOf } from './test-workspace';

describe('lsp: code actions', () => {
  let root: string;
  let server: TestServer;
  let version = 1;

  before(async function () {
    this.timeout(60_000);
    root = exampleWorkspace();
    server = await startServer({ folders: [root] });
  });
  after(async () => {
    await server.stop();
    removeTree(root);
  });

  const actionsFor = async (file: string, diagnostic: Diagnostic | undefined, only?: string[]): Promise<CodeAction[]> => {
    const range = diagnostic?.range ?? { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
    const result = await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(file) },
      range,
      context: { diagnostics: diagnostic ? [diagnostic] : [], ...(only ? { only } : {}) },
    });
    return (result ?? []).filter((a): a is CodeAction => 'kind' in a || 'edit' in a);
  };
  /** Applies a WorkspaceEdit to the given texts (by URI), checking each edit's document version. */
  const applyEdit = (action: CodeAction, texts: Map<string, { text: string; version: number | null }>): Map<string, string> => {
    const out = new Map<string, string>();
    for (const change of (action.edit?.documentChanges ?? []) as TextDocumentEdit[]) {
      const current = texts.get(change.textDocument.uri);
      assert.ok(current, `edit for an unexpected file ${change.textDocument.uri}`);
      assert.equal(change.textDocument.version, current.version, 'edits carry the version they were computed on');
      out.set(change.textDocument.uri, TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'javascript', 0, current.text), change.edits));
    }
    return out;
  };
  const replaceAll = async (file: string, text: string): Promise<Diagnostic[]> => {
    version++;
    const next = server.nextDiagnostics(uriOf(file), (p) => p.version === version);
    server.change(file, version, [{ text }]);
    return (await next).diagnostics;
  };

  it('applies every quick fix for every finding of the example server: the finding goes, nothing new appears', async function () {
    this.timeout(60_000);
    const file = path.join(root, 'server.js');
    const configFile = path.join(root, 'cors-config.js');
    const original = fs.readFileSync(file, 'utf8');
    const opened = server.nextDiagnostics(uriOf(file));
    server.open(file, original);
    const diagnostics = (await opened).diagnostics;
    const codes = diagnostics.map((d) => String(d.code));
    assert.deepEqual(codes, ['substring-origin-check', 'missing-preflight', 'wildcard-credentials']);
    const applied: string[] = [];
    for (const diagnostic of diagnostics) {
      const count = (await actionsFor(file, diagnostic, ['quickfix'])).length;
      assert.ok(count >= 2, `${diagnostic.code}: a fix and "disable"`);
      for (let i = 0; i < count; i++) {
        // Asked again each time: the document is back to the original text, but at a newer version.
        const actions = await actionsFor(file, diagnostic, ['quickfix']);
        assert.equal(actions.at(-1)?.title, `Disable ${diagnostic.code} for this line`);
        const action = actions[i] as CodeAction;
        assert.equal(action.kind, 'quickfix');
        assert.equal(action.isPreferred, undefined, 'none of these changes who may call the API safely');
        const texts = new Map([
          [uriOf(file), { text: original, version }],
          [uriOf(configFile), { text: fs.readFileSync(configFile, 'utf8'), version: null }],
        ]);
        const edited = applyEdit(action, texts);
        let after: Diagnostic[];
        const editedConfig = edited.get(uriOf(configFile));
        if (editedConfig !== undefined) {
          // The fix edits the imported options module: an editor opens it with the edit applied.
          const relinted = server.nextDiagnostics(uriOf(file));
          server.open(configFile, editedConfig);
          after = (await relinted).diagnostics;
          const restored = server.nextDiagnostics(uriOf(file));
          await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(configFile) } });
          assert.equal((await restored).diagnostics.length, 3, 'closing the unsaved module reads it from disk again');
        } else {
          after = await replaceAll(file, edited.get(uriOf(file)) ?? original);
          assert.equal(await replaceAll(file, original).then((d) => d.length), 3);
        }
        assert.deepEqual(after.map((d) => String(d.code)), codes.filter((c) => c !== diagnostic.code), `${action.title}`);
        applied.push(action.title);
      }
    }
    assert.ok(applied.length >= 7, applied.join('\n'));
  });

  it('"Disable <rule> for this line" inserts the comment and places the cursor at the reason', async () => {
    const file = path.join(root, 'middleware', 'partner-cors.js');
    const text = fs.readFileSync(file, 'utf8');
    const opened = server.nextDiagnostics(uriOf(file));
    server.open(file, text);
    const [diagnostic] = (await opened).diagnostics;
    const disable = (await actionsFor(file, diagnostic)).find((a) => a.title === 'Disable missing-vary-origin for this line');
    assert.ok(disable?.command, 'the action carries the cursor command');
    assert.equal(disable.command.command, 'corsLint.placeCursor');
    const [uri, position] = disable.command.arguments as [string, { line: number; character: number }];
    assert.equal(uri, uriOf(file));
    const after = applyEdit(disable, new Map([[uriOf(file), { text, version: 1 }]])).get(uriOf(file)) ?? '';
    const line = after.split('\n')[position.line] ?? '';
    assert.equal(line, '    // cors-lint-disable-next-line missing-vary-origin -- ');
    assert.equal(position.character, line.length, 'the cursor lands after "-- ", where the reason goes');
  });

  it('prefers the safe fix, and source.fixAll.cors-lint applies only safe fixes', async () => {
    const partner = path.join(root, 'middleware', 'partner-cors.js');
    const text = fs.readFileSync(partner, 'utf8');
    const [quick] = await actionsFor(partner, undefined, ['quickfix']);
    assert.deepEqual([quick?.title, quick?.isPreferred], ['Add Vary: Origin', true]);
    const fixAll = await actionsFor(partner, undefined, ['source.fixAll']);
    assert.deepEqual(fixAll.map((a) => [a.title, a.kind]), [['Fix all safe cors-lint problems', 'source.fixAll.cors-lint']]);
    const fixed = applyEdit(fixAll[0] as CodeAction, new Map([[uriOf(partner), { text, version: 1 }]])).get(uriOf(partner)) ?? '';
    assert.match(fixed, /res\.vary\('Origin'\);/);
    const next = server.nextDiagnostics(uriOf(partner), (p) => p.version === 2);
    server.change(partner, 2, [{ text: fixed }]);
    assert.deepEqual((await next).diagnostics, []);
    // The example server has only suggestions: fix-on-save must leave it alone.
    assert.deepEqual(await actionsFor(path.join(root, 'server.js'), undefined, ['source.fixAll.cors-lint']), []);
  });
});
