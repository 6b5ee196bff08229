// The initialize handshake: what this server offers, what the client can do (read once from its capabilities),
// and the workspace folders it starts with.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type InitializeParams,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { FIX_ALL_KIND } from './code-actions';
import { pathToUri, uriToPath } from './uri';

export const SCAN_COMMAND = 'corsLint.scanWorkspace';

export interface ClientFeatures {
  /** workspace/configuration: settings can be pulled per document. */
  readonly configuration: boolean;
  readonly configurationRegistration: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly workspaceFolders: boolean;
  /** Versioned edits in WorkspaceEdit.documentChanges. */
  readonly documentChanges: boolean;
  /** window/showDocument with a selection: the server can place the cursor itself. */
  readonly showDocument: boolean;
}

export function readClientFeatures(params: InitializeParams): ClientFeatures {
  const { workspace, window } = params.capabilities;
  return {
    configuration: workspace?.configuration === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    documentChanges: workspace?.workspaceEdit?.documentChanges === true,
    showDocument: window?.showDocument?.support === true,
  };
}

export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    hoverProvider: true,
    // corsLint.placeCursor is not listed: VS Code's client would then register it too, clashing with the extension.
    executeCommandProvider: { commands: [SCAN_COMMAND] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

export interface Folder {
  readonly uri: string;
  readonly path: string;
}

/** Workspace folders on disk; an old client sends only rootUri (or rootPath). Non-file folders are left out. */
export function initialFolders(params: InitializeParams): Folder[] {
  const given: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
  const folders = toFolders(given);
  if (folders.length === 0 && typeof params.rootPath === 'string') folders.push({ uri: pathToUri(params.rootPath), path: params.rootPath });
  return folders;
}

export function toFolders(folders: readonly WorkspaceFolder[]): Folder[] {
  return folders.flatMap((f) => {
    const folderPath = uriToPath(f.uri);
    return folderPath === undefined ? [] : [{ uri: f.uri, path: folderPath }];
  });
}
