// One editor session: the parts (parse cache, lint memo, diagnostics, scan) built from the initialize request, and
// what each protocol event does with them. connection.ts routes the protocol here; nothing here touches the wire.
import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  Connection,
  DidChangeWatchedFilesParams,
  ExecuteCommandParams,
  Hover,
  HoverParams,
  InitializeParams,
  Position,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readSourceFile } from '../engine/disk-host';
import { createAnalyzer, type Analysis } from './analysis';
import { readClientFeatures, SCAN_COMMAND, initialFolders, type ClientFeatures, type Folder } from './capabilities';
import { codeActions, PLACE_CURSOR_COMMAND } from './code-actions';
import { createDiagnostics } from './diagnostics';
import { createEditorProject } from './editor-project';
import { hoverAt } from './hover';
import type { Log } from './log';
import { createOpenDocuments } from './open-documents';
import { createScanner } from './scan';
import { createSettingsSource, readServerOptions, type Settings } from './settings';
import { pathToUri, uriToPath } from './uri';
import { onWatchedFilesChanged } from './watched-files';
import type { FileText } from './workspace-edit';

export type Session = ReturnType<typeof createSession>;

export function createSession(connection: Connection, params: InitializeParams, documents: TextDocuments<TextDocument>, log: Log) {
  const features: ClientFeatures = readClientFeatures(params);
  const { debounceMs } = readServerOptions(params.initializationOptions);
  let folders: Folder[] = initialFolders(params);
  const open = createOpenDocuments(documents);
  const editor = createEditorProject(open, log);
  const analyzer = createAnalyzer(editor, log);
  const publish = (p: Parameters<Connection['sendDiagnostics']>[0]): void => void connection.sendDiagnostics(p);
  const settings = createSettingsSource(
    features.configuration ? (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'corsLint' }) : undefined,
  );
  const diagnostics = createDiagnostics({ document: (uri) => documents.get(uri), analyzer, publish, log, debounceMs });
  const scanner = createScanner({
    folders: async () => {
      const enabled = await Promise.all(folders.map(async (f) => ((await settings.get(f.uri)).enable ? [f.path] : [])));
      return enabled.flat();
    },
    open,
    lintOpen: (uri) => diagnostics.lintNow(uri),
    editor,
    publish,
    progress: () => connection.window.createWorkDoneProgress(),
    log,
  });

  /** Runs `then` with the document's settings when cors-lint is enabled for it. */
  const whenEnabled = (uri: string, then: (s: Settings) => void): void => {
    void settings.get(uri).then((s) => (s.enable ? then(s) : undefined));
  };
  /** Forgets the files' lints and lints the open ones again: right away, or after the debounce while typing. */
  const relint = (paths: readonly string[] | 'all', mode: 'now' | 'typing'): void => {
    const uris = paths === 'all' ? documents.keys() : paths.flatMap((p) => open.uriAt(p) ?? []);
    for (const uri of uris) {
      analyzer.forget(uri);
      const filePath = paths === 'all' ? uriToPath(uri) : undefined;
      if (filePath !== undefined) editor.changed(filePath); // a config or a resolvable import changed: reparse too
      whenEnabled(uri, (s) => {
        if (mode === 'now') diagnostics.lintNow(uri);
        else if (s.run === 'onType') diagnostics.schedule(uri);
      });
    }
  };
  const fileText = (filePath: string): FileText | undefined => {
    const uri = open.uriAt(filePath);
    const doc = uri === undefined ? undefined : documents.get(uri);
    if (doc) return { uri: doc.uri, text: doc.getText(), version: doc.version };
    const read = readSourceFile(filePath);
    return 'text' in read ? { uri: pathToUri(filePath), text: read.text, version: null } : undefined;
  };
  /** The lints a hover may draw on: the document's own, then those of open files importing it. */
  const hoverAnalyses = (doc: TextDocument, filePath: string): Analysis[] => {
    const docs = [doc, ...editor.dependents(filePath).flatMap((p) => documents.get(open.uriAt(p) ?? '') ?? [])];
    return docs.flatMap((d) => analyzer.analyze(d) ?? []);
  };

  return {
    features,
    setFolders(next: Folder[]): void {
      folders = next;
    },
    /** Opened (`opened`) or edited: the text changed, so the parse cache and every importer's lint are stale. */
    contentChanged(doc: TextDocument, opened: boolean): void {
      const filePath = opened ? open.opened(doc.uri) : uriToPath(doc.uri);
      if (filePath === undefined) return;
      const dependents = editor.changed(filePath);
      whenEnabled(doc.uri, (s) => {
        if (opened) diagnostics.lintNow(doc.uri);
        else if (s.run === 'onType') diagnostics.schedule(doc.uri);
      });
      relint(dependents, 'typing');
    },
    saved(doc: TextDocument): void {
      const filePath = uriToPath(doc.uri);
      whenEnabled(doc.uri, (s) => {
        if (s.run !== 'onSave') return;
        diagnostics.lintNow(doc.uri);
        if (filePath !== undefined) relint(editor.dependents(filePath), 'now');
      });
    },
    closed(doc: TextDocument): void {
      open.closed(doc.uri);
      analyzer.forget(doc.uri);
      diagnostics.clear(doc.uri);
      const filePath = uriToPath(doc.uri);
      if (filePath === undefined) return;
      // Unsaved edits are gone: importers now read the file from disk.
      relint(editor.changed(filePath), 'now');
      scanner.refreshClosed(filePath);
    },
    configurationChanged(pushed: unknown): void {
      settings.changed(pushed);
      for (const uri of documents.keys()) {
        void settings.get(uri).then((s) => (s.enable ? diagnostics.lintNow(uri) : diagnostics.clear(uri)));
      }
      void scanner.clearWhere(async (uri) => !(await settings.get(uri)).enable);
    },
    watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
      onWatchedFilesChanged(params, {
        editor,
        isOpenPath: (p) => open.uriAt(p) !== undefined,
        relint: (paths) => relint(paths, 'now'),
        refreshClosed: (p) => scanner.refreshClosed(p),
      });
    },
    async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !(await settings.get(doc.uri)).enable) return [];
      const analysis = analyzer.analyze(doc);
      return analysis ? codeActions(params, analysis, { fileText, documentChanges: features.documentChanges }) : [];
    },
    async hover(params: HoverParams): Promise<Hover | null> {
      const doc = documents.get(params.textDocument.uri);
      const filePath = uriToPath(params.textDocument.uri);
      if (!doc || filePath === undefined || !(await settings.get(doc.uri)).enable) return null;
      return hoverAt(filePath, doc.getText(), doc.offsetAt(params.position), hoverAnalyses(doc, filePath));
    },
    async executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
      if (params.command === SCAN_COMMAND) return scanner.run(token);
      if (params.command === PLACE_CURSOR_COMMAND) return placeCursor(params.arguments ?? []);
      log.warn(`cors-lint: unknown command ${params.command}`);
      return null;
    },
  };

  /** For LSP clients that send corsLint.placeCursor to the server instead of handling it: window/showDocument. */
  async function placeCursor(args: readonly unknown[]): Promise<null> {
    const [uri, position] = args as [unknown, Position | undefined];
    if (!features.showDocument || typeof uri !== 'string' || !position) return null;
    await connection.window.showDocument({ uri, selection: { start: position, end: position }, takeFocus: true });
    return null;
  }
}
