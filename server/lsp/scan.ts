// corsLint.scanWorkspace: every source file of every workspace folder (the CLI's walker and ignores), linted from
// disk, or from the editor when open; diagnostics published for closed files, progress as "files done of total",
// cancellable, and files a previous scan flagged are cleared when they became clean.
import type { CancellationToken, PublishDiagnosticsParams, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { createDiskHost, readSourceFile } from '../engine/disk-host';
import { walkFiles, type SkippedFile } from '../engine/files';
import { createProject, type Project } from '../engine/modules';
import { createLineIndex } from '../engine/positions';
import { lintSafely } from './analysis';
import type { EditorProject, OpenTexts } from './editor-project';
import type { Log } from './log';
import { toDiagnostic } from './to-lsp';
import { pathToUri } from './uri';

export interface ScanDeps {
  readonly folders: () => Promise<readonly string[]>;
  readonly open: OpenTexts & { uriAt(filePath: string): string | undefined };
  /** Lints an open document from its editor text and publishes through the normal path. */
  readonly lintOpen: (uri: string) => void;
  readonly editor: EditorProject;
  readonly publish: (params: PublishDiagnosticsParams) => void;
  readonly progress: () => Promise<WorkDoneProgressServerReporter>;
  readonly log: Log;
}

export interface ScanSummary {
  readonly files: number;
  readonly total: number;
  readonly findings: number;
  readonly skipped: number;
  readonly cancelled: boolean;
}

export interface Scanner {
  run(token: CancellationToken): Promise<ScanSummary>;
  /** After a scan, keeps a closed file's diagnostics current (closed with unsaved edits dropped, changed on disk). */
  refreshClosed(filePath: string): void;
  /** Clears the scan's diagnostics of the closed files `off` says cors-lint is now turned off for. */
  clearWhere(off: (uri: string) => Promise<boolean>): Promise<void>;
}

/** Parses kept for imports are dropped past this many, so a scan of a huge tree holds a bounded number of ASTs. */
const PROJECT_FILES_LIMIT = 500;
const REPORT_EVERY_MS = 100;

export function createScanner(deps: ScanDeps): Scanner {
  const published = new Set<string>(); // closed files whose last published diagnostics are non-empty
  let scanned = false;
  let generation = 0;
  const freshProject = (): Project => {
    const disk = createDiskHost(); // new per scan: sees what changed on disk since the last one
    return createProject({ readFile: (p) => deps.open.textAt(p) ?? disk.readFile(p) });
  };
  /** Lints one closed file from disk and publishes; the number of findings, or why it was skipped. */
  const lintClosed = (file: string, project: Project): number | string => {
    const uri = pathToUri(file);
    const read = readSourceFile(file);
    const result = 'text' in read ? lintSafely(deps.editor, project, file, read.text, deps.log) : { kind: 'skipped' as const, reason: read.skipped };
    if (result.kind === 'skipped' || !('text' in read)) {
      // Nothing fresh to show (deleted, unreadable, does not parse): a closed file has no "last good" state to keep.
      if (published.delete(uri)) deps.publish({ uri, diagnostics: [] });
      return result.kind === 'skipped' ? result.reason : 'unreadable';
    }
    const findings = result.findings.filter((f) => f.file === file);
    const index = findings.length > 0 ? createLineIndex(read.text) : undefined; // most files have none: skip the index
    const diagnostics = index ? findings.map((f) => toDiagnostic(index, f)) : [];
    if (diagnostics.length > 0 || published.has(uri)) deps.publish({ uri, diagnostics });
    if (diagnostics.length > 0) published.add(uri);
    else published.delete(uri);
    return diagnostics.length;
  };
  const skip = (file: string, reason: string): void => deps.log.info(`cors-lint: skipped ${file}: ${reason}`);

  return {
    async run(token) {
      const mine = ++generation; // a new scan supersedes a running one
      const reporter = await deps.progress();
      const stopped = (): boolean => mine !== generation || token.isCancellationRequested || reporter.token.isCancellationRequested;
      reporter.begin('CORS Lint: scanning the workspace', 0, 'listing files', true);
      const { files, skipped } = await listFiles(await deps.folders());
      for (const s of skipped) skip(s.file, s.reason);
      let project = freshProject();
      const processed = new Set<string>();
      let findings = 0;
      let skippedCount = skipped.length;
      let lastReport = 0;
      const report = (): void => reporter.report(Math.floor((processed.size * 100) / Math.max(1, files.length)), `${processed.size}/${files.length} files`);
      for (const file of files) {
        await new Promise<void>((resolve) => setImmediate(resolve)); // stay responsive: edits and hovers go first
        if (stopped()) break;
        const openUri = deps.open.uriAt(file);
        processed.add(openUri ?? pathToUri(file));
        if (openUri) {
          published.delete(openUri);
          deps.lintOpen(openUri);
        } else {
          if (project.files.size > PROJECT_FILES_LIMIT) project = freshProject();
          const outcome = lintClosed(file, project);
          if (typeof outcome === 'number') findings += outcome;
          else {
            skippedCount++;
            skip(file, outcome);
          }
        }
        if (Date.now() - lastReport >= REPORT_EVERY_MS) {
          lastReport = Date.now();
          report();
        }
      }
      const cancelled = processed.size < files.length;
      // Files flagged before that this complete scan did not reach (deleted, now ignored) are cleared.
      if (!cancelled) for (const uri of [...published]) if (!processed.has(uri) && published.delete(uri)) deps.publish({ uri, diagnostics: [] });
      report();
      reporter.done();
      scanned = true;
      deps.log.info(`cors-lint: scan ${cancelled ? 'cancelled' : 'done'}: ${processed.size}/${files.length} files, ${findings} findings in closed files, ${skippedCount} skipped`);
      return { files: processed.size, total: files.length, findings, skipped: skippedCount, cancelled };
    },
    refreshClosed(filePath) {
      if (!scanned || deps.open.uriAt(filePath)) return;
      const outcome = lintClosed(filePath, freshProject());
      if (typeof outcome === 'string') skip(filePath, outcome);
    },
    async clearWhere(off) {
      for (const uri of [...published]) if ((await off(uri)) && published.delete(uri)) deps.publish({ uri, diagnostics: [] });
    },
  };
}

/** Every folder's files, each once (nested workspace folders overlap); yields between folders. */
async function listFiles(folders: readonly string[]): Promise<{ files: string[]; skipped: SkippedFile[] }> {
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  for (const folder of folders) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const walk = walkFiles([folder], { cwd: folder, ignore: [] });
    for (const f of walk.files) files.add(f);
    skipped.push(...walk.skipped);
  }
  return { files: [...files], skipped };
}
