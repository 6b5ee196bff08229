// The editor session's shared parse cache (one engine Project) and the FileHost it reads imports through: an open
// document's text wins over the file on disk; disk reads are cached until a watcher reports the file changed.
import { clearConfigCache, DEFAULT_CONFIG, loadConfigFor, type ResolvedConfig } from '../engine/config';
import { readSourceFile } from '../engine/disk-host';
import type { FileHost } from '../engine/lint';
import { createProject, dependentsOf, forgetFile, type Project } from '../engine/modules';
import type { Log } from './log';

/** The open documents, by path: the part of TextDocuments this module needs. */
export interface OpenTexts {
  textAt(filePath: string): string | undefined;
}

export interface EditorProject {
  readonly project: Project;
  /** Reads imports: open document first, then disk (cached). */
  readonly host: FileHost;
  /** A file's text changed (in the editor or on disk): evicts it and returns the files that import it. */
  changed(filePath: string): string[];
  /** Files that import `filePath`, as recorded by the lints so far. */
  dependents(filePath: string): string[];
  /** The cors-lint.json governing a file; a broken one is reported once and linting goes on with the defaults. */
  configFor(filePath: string): ResolvedConfig;
  /** A cors-lint.json was created, changed or deleted. */
  configChanged(): void;
}

export function createEditorProject(open: OpenTexts, log: Log): EditorProject {
  const disk = new Map<string, string | undefined>();
  const reported = new Set<string>();
  const host: FileHost = {
    readFile(filePath) {
      const text = open.textAt(filePath);
      if (text !== undefined) return text;
      // Missing files are cached too: import resolution probes many candidates per specifier. A watcher's
      // "created" event evicts them.
      if (!disk.has(filePath)) {
        const read = readSourceFile(filePath);
        disk.set(filePath, 'text' in read ? read.text : undefined);
      }
      return disk.get(filePath);
    },
  };
  const project = createProject(host);
  return {
    project,
    host,
    changed(filePath) {
      disk.delete(filePath);
      return forgetFile(project, filePath);
    },
    dependents: (filePath) => dependentsOf(project, filePath),
    configFor(filePath) {
      const lookup = loadConfigFor(filePath);
      if ('config' in lookup) return lookup.config;
      if (!reported.has(lookup.error)) {
        reported.add(lookup.error);
        log.warn(`cors-lint: ${lookup.error} (linting with the default rules until it is fixed)`);
      }
      return DEFAULT_CONFIG;
    },
    configChanged() {
      clearConfigCache();
      reported.clear();
    },
  };
}
