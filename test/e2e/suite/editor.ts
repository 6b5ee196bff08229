// What the extension-host tests ask of the editor: the fixture workspace's files, cors-lint's diagnostics as they
// arrive (polled: the server publishes asynchronously), and code actions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'cors-lint.cors-lint';

export function workspaceFile(relative: string): vscode.Uri {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export const ruleOf = (d: vscode.Diagnostic): unknown => (typeof d.code === 'object' ? d.code.value : d.code);

export function corsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cors-lint');
}

/** Waits until `uri`'s cors-lint diagnostics satisfy `done`, and returns them. */
export async function diagnosticsWhen(uri: vscode.Uri, done: (ds: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 60_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = corsDiagnostics(uri);
    if (done(current)) return current;
    if (Date.now() > deadline) {
      assert.fail(`${what}: still ${JSON.stringify(current.map((d) => [ruleOf(d), d.range.start.line + 1, d.message]))} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const rulesOf = (ds: readonly vscode.Diagnostic[]): unknown[] => ds.map(ruleOf);

/** The quick-fixes at `range`. The editor cancels a request that a newer one (a light bulb update) supersedes: retried. */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
      return (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
    } catch (e) {
      if (attempt === 3 || !(e instanceof Error && e.message === 'Canceled')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
