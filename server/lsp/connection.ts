// Routes the protocol to the session: initialize builds it, every other request and notification goes to it
// through `guard`, so an exception is logged to the output channel and answered, never fatal.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  type Connection,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverCapabilities, toFolders } from './capabilities';
import { createLog, describeError, guard } from './log';
import { createSession, type Session } from './session';
import { WATCHERS } from './watched-files';

export function startServer(connection: Connection): void {
  const log = createLog(connection.console);
  // Last resort: a bug that escapes every guard is logged; the server keeps serving the other files.
  process.on('uncaughtException', (e) => log.error(`cors-lint: uncaught exception: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => log.error(`cors-lint: unhandled rejection: ${describeError(e)}`));

  const documents = new TextDocuments(TextDocument);
  let session: Session | undefined;
  const opened = new Set<string>(); // onDidChangeContent fires for opens too; this tells the two apart

  connection.onInitialize((params) => {
    session = createSession(connection, params, documents, log);
    return { capabilities: serverCapabilities(), serverInfo: { name: 'cors-lint', version: '0.1.0' } };
  });
  connection.onInitialized(
    guard(log, 'initialized', undefined, () => {
      const features = session?.features;
      if (!features) return;
      if (features.watchedFilesRegistration) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS });
      else log.info('cors-lint: the client cannot watch files; edits to closed imported files are noticed on the next lint');
      if (features.configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'corsLint' });
      if (features.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(log, 'workspace folders', undefined, async () => {
            session?.setFolders(toFolders((await connection.workspace.getWorkspaceFolders()) ?? []));
          }),
        );
      }
    }),
  );

  documents.onDidChangeContent(
    guard(log, 'document change', undefined, ({ document }) => {
      const isOpen = !opened.has(document.uri);
      opened.add(document.uri);
      session?.contentChanged(document, isOpen);
    }),
  );
  documents.onDidSave(guard(log, 'save', undefined, ({ document }) => session?.saved(document)));
  documents.onDidClose(
    guard(log, 'close', undefined, ({ document }) => {
      opened.delete(document.uri);
      session?.closed(document);
    }),
  );
  connection.onDidChangeConfiguration(guard(log, 'configuration', undefined, (p) => session?.configurationChanged(p.settings)));
  connection.onDidChangeWatchedFiles(guard(log, 'watched files', undefined, (p) => session?.watchedFilesChanged(p)));
  connection.onCodeAction(guard(log, 'code actions', [], (p) => session?.codeActions(p) ?? []));
  connection.onHover(guard(log, 'hover', null, (p) => session?.hover(p) ?? null));
  connection.onExecuteCommand(guard(log, 'command', null, (p, token) => session?.executeCommand(p, token) ?? null));

  documents.listen(connection);
  connection.listen();
}
