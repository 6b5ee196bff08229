// The VS Code extension: starts the cors-lint language server (server/out/server.js) over IPC and registers the
// commands that belong to the editor. Linting, fixes, hover and the workspace scan all live in the server.
import * as path from 'node:path';
import { commands, Position, Selection, Uri, window, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', pattern: '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}' }],
    outputChannelName: 'CORS Lint',
  };
  // The id makes the client read `corsLint.trace.server`. corsLint.scanWorkspace is registered by the client
  // itself from the server's executeCommandProvider, so it is not registered here.
  client = new LanguageClient('corsLint', 'CORS Lint', serverOptions, clientOptions);
  context.subscriptions.push(
    commands.registerCommand('corsLint.restartServer', () => client?.restart()),
    // Sent with "Disable <rule> for this line": the edit is applied first, then the cursor goes where the reason goes.
    commands.registerCommand('corsLint.placeCursor', (uri: string, at: { line: number; character: number }) => {
      const editor = window.visibleTextEditors.find((e) => e.document.uri.toString() === Uri.parse(uri).toString());
      if (!editor) return;
      const position = new Position(at.line, at.character);
      editor.selection = new Selection(position, position);
      editor.revealRange(editor.selection);
    }),
  );
  // Awaited so that a command which activated the extension finds the server's commands registered.
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
