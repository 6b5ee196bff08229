// Files changed on disk, as the client's watchers report them: a cors-lint.json change re-reads every config and
// re-lints all open documents; so does a deploy config or package.json (they decide preflights and library
// versions for any handler below them, which no import records); a source change evicts the file from the parse
// cache and re-lints the open documents importing it. Open files are skipped: their editor text wins, and their
// edits arrive as didChange.
import * as path from 'node:path';
import { FileChangeType, type DidChangeWatchedFilesParams, type FileSystemWatcher } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/config';
import type { EditorProject } from './editor-project';
import { uriToPath } from './uri';

const SOURCE_GLOB = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}';
/** Non-source files the analysis reads: deploy configs (serverless, SAM, Vercel) and package.json. */
// Flat: VS Code's glob does not nest braces.
const PROJECT_FILES_GLOB = '**/{package.json,vercel.json,serverless.yml,serverless.yaml,serverless.json,template.yaml,template.yml,template.json}';
export const WATCHERS: FileSystemWatcher[] = [{ globPattern: SOURCE_GLOB }, { globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: PROJECT_FILES_GLOB }];
const isSource = (filePath: string): boolean => /\.[cm]?[jt]sx?$/.test(filePath);

export interface WatchDeps {
  readonly editor: EditorProject;
  readonly isOpenPath: (filePath: string) => boolean;
  /** Re-lint the open documents among these paths, or every open document. */
  readonly relint: (paths: readonly string[] | 'all') => void;
  /** Keep the scan's diagnostics of a closed file current. */
  readonly refreshClosed: (filePath: string) => void;
}

export function onWatchedFilesChanged(params: DidChangeWatchedFilesParams, deps: WatchDeps): void {
  let everything = false;
  let configTouched = false;
  const dependents = new Set<string>();
  for (const change of params.changes) {
    const filePath = uriToPath(change.uri);
    if (filePath === undefined) continue;
    if (path.basename(filePath) === CONFIG_FILE_NAME) {
      everything = configTouched = true;
      continue;
    }
    if (deps.isOpenPath(filePath)) continue;
    for (const d of deps.editor.changed(filePath)) dependents.add(d);
    // A file appearing or going away can change what an import resolves to, which no importer list records.
    if (change.type !== FileChangeType.Changed || !isSource(filePath)) everything = true;
    deps.refreshClosed(filePath);
  }
  if (configTouched) deps.editor.configChanged();
  if (everything) {
    deps.relint('all');
  } else if (dependents.size > 0) {
    deps.relint([...dependents]);
  }
}
