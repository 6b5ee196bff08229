// The file walker shared by the CLI and the editor's workspace scan: which source files a run covers, and
// which it had to skip and why. Synchronous and stat-light: one readdir per folder, one stat per source file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfigForDirectory } from './config';
import {
  ancestorDirectories,
  createGitignoreLoader,
  createGlobMatcher,
  isGitignored,
  type GitignoreLevel,
  type PathMatcher,
} from './ignore-rules';
import { fsErrorReason, MAX_FILE_BYTES, notSourceReason, SKIPPED_DIRECTORIES, tooLargeReason } from './source-files';

export interface WalkOptions {
  /** Relative roots and --ignore globs are resolved against this folder. */
  readonly cwd: string;
  /** Gitignore-style globs relative to cwd (the CLI's --ignore). */
  readonly ignore: readonly string[];
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface WalkResult {
  /** Absolute paths, each file once, in walk order (roots in order, folder entries sorted by name). */
  readonly files: string[];
  readonly skipped: SkippedFile[];
}

interface WalkState {
  readonly files: string[];
  readonly skipped: SkippedFile[];
  /** Real paths of folders entered: a symlink back to one of them is not followed again. */
  readonly seenDirectories: Set<string>;
  /** Real paths of files listed, so a file reached twice (argument and folder, or a symlink) is linted once. */
  readonly seenFiles: Set<string>;
  readonly gitignoreAt: (dir: string) => GitignoreLevel | null;
  readonly cliIgnore: PathMatcher | undefined;
  readonly configIgnores: Map<string, PathMatcher | undefined>;
}

/**
 * Lists the source files under `roots` (files or folders). Explicit file arguments are listed even when an
 * ignore rule matches them, as ESLint does; explicit folders are entered even when their name is one usually
 * skipped. Unreadable folders and files, oversized files and missing roots come back in `skipped`.
 */
export function walkFiles(roots: readonly string[], options: WalkOptions): WalkResult {
  const state: WalkState = {
    files: [],
    skipped: [],
    seenDirectories: new Set(),
    seenFiles: new Set(),
    gitignoreAt: createGitignoreLoader(),
    cliIgnore: createGlobMatcher(options.ignore, options.cwd),
    configIgnores: new Map(),
  };
  for (const root of roots) {
    const absolute = path.resolve(options.cwd, root);
    let stats: fs.Stats;
    try {
      stats = fs.statSync(absolute);
    } catch (e) {
      state.skipped.push({ file: absolute, reason: fsErrorReason('cannot be read', e) });
      continue;
    }
    if (stats.isDirectory()) {
      const chain = ancestorDirectories(absolute, options.cwd)
        .map(state.gitignoreAt)
        .filter((level): level is GitignoreLevel => level !== null);
      enterDirectory(state, absolute, chain);
    } else {
      const reason = notSourceReason(path.basename(absolute));
      if (reason) state.skipped.push({ file: absolute, reason });
      else addFile(state, absolute, stats, true);
    }
  }
  return { files: state.files, skipped: state.skipped };
}

function enterDirectory(state: WalkState, dir: string, outerChain: readonly GitignoreLevel[]): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    state.skipped.push({ file: dir, reason: fsErrorReason('cannot read directory', e) });
    return;
  }
  if (state.seenDirectories.has(real)) return;
  state.seenDirectories.add(real);
  walkDirectory(state, dir, real, outerChain);
}

function walkDirectory(state: WalkState, dir: string, real: string, outerChain: readonly GitignoreLevel[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    state.skipped.push({ file: dir, reason: fsErrorReason('cannot read directory', e) });
    return;
  }
  const own = state.gitignoreAt(dir);
  const chain = own ? [...outerChain, own] : outerChain;
  const configIgnore = configIgnoreFor(state, dir);
  const isIgnored = (p: string, isDirectory: boolean): boolean =>
    isGitignored(chain, p, isDirectory) ||
    (state.cliIgnore?.(p, isDirectory) ?? false) ||
    (configIgnore?.(p, isDirectory) ?? false);

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = childPath(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let linkStats: fs.Stats | undefined;
    if (entry.isSymbolicLink()) {
      try {
        linkStats = fs.statSync(full);
      } catch {
        if (!notSourceReason(entry.name)) state.skipped.push({ file: full, reason: 'broken symbolic link' });
        continue;
      }
      isDirectory = linkStats.isDirectory();
      isFile = linkStats.isFile();
    }
    if (isDirectory) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(full, true)) continue;
      if (linkStats) {
        enterDirectory(state, full, chain);
      } else {
        // A plain subfolder of a real folder is real already: no realpath call needed.
        const realChild = childPath(real, entry.name);
        if (state.seenDirectories.has(realChild)) continue;
        state.seenDirectories.add(realChild);
        walkDirectory(state, full, realChild, chain);
      }
    } else if (isFile && !notSourceReason(entry.name) && !isIgnored(full, false)) {
      addFile(state, full, linkStats, false, linkStats ? undefined : childPath(real, entry.name));
    }
  }
}

/** Adds a file unless it was listed already; stats it first so oversized files are never read. */
function addFile(state: WalkState, file: string, stats: fs.Stats | undefined, explicit: boolean, realPath?: string): void {
  let real = realPath;
  try {
    real ??= fs.realpathSync(file);
    if (state.seenFiles.has(real)) return;
    state.seenFiles.add(real);
    const size = (stats ?? fs.statSync(file)).size;
    if (size > MAX_FILE_BYTES) state.skipped.push({ file, reason: tooLargeReason(size) });
    else state.files.push(file);
  } catch (e) {
    state.skipped.push({ file, reason: fsErrorReason(explicit ? 'cannot be read' : 'cannot read file', e) });
  }
}

/** The ignore globs of the cors-lint.json governing `dir`, compiled once per config file. */
function configIgnoreFor(state: WalkState, dir: string): PathMatcher | undefined {
  const lookup = loadConfigForDirectory(dir);
  // A broken config is reported when its files are linted; here it just contributes no ignores.
  if ('error' in lookup || !lookup.config.path) return undefined;
  const configPath = lookup.config.path;
  if (!state.configIgnores.has(configPath)) {
    state.configIgnores.set(configPath, createGlobMatcher(lookup.config.ignore, path.dirname(configPath)));
  }
  return state.configIgnores.get(configPath);
}

/** path.join for a normalized folder and a plain entry name, without path.join's normalizing pass. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}
