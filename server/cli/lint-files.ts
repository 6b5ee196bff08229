// One lint pass over a list of files: read each with the disk guards, lint it with its own config, and turn
// every failure (unreadable, binary, skipped by the engine, an exception) into a skipped entry, never a crash.
import { loadConfigFor, type ResolvedConfig } from '../engine/config';
import { createDiskHost, readSourceFile } from '../engine/disk-host';
import type { SkippedFile } from '../engine/files';
import type { Finding, LintOptions, LintResult } from '../engine/lint';

export type LintFunction = (filePath: string, text: string, options: LintOptions) => LintResult;

export interface LintedFile {
  /** Absolute path. */
  readonly file: string;
  /** The text the findings' spans index into. */
  readonly text: string;
  readonly findings: readonly Finding[];
}

export interface PassOutcome {
  readonly linted: readonly LintedFile[];
  /** Absolute paths. */
  readonly skipped: readonly SkippedFile[];
}

/** Each file's config, or the first broken config met (a broken config stops the run before any output). */
export function resolveConfigs(files: readonly string[]): { configs: Map<string, ResolvedConfig> } | { error: string } {
  const configs = new Map<string, ResolvedConfig>();
  for (const file of files) {
    const lookup = loadConfigFor(file);
    if ('error' in lookup) return { error: lookup.error };
    configs.set(file, lookup.config);
  }
  return { configs };
}

export function lintFiles(
  files: readonly string[],
  configs: ReadonlyMap<string, ResolvedConfig>,
  lint: LintFunction,
): PassOutcome {
  // A fresh host per pass: after --fix writes, imported modules must be read again.
  const host = createDiskHost();
  const linted: LintedFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const read = readSourceFile(file);
    if ('skipped' in read) {
      skipped.push({ file, reason: read.skipped });
      continue;
    }
    const config = configs.get(file);
    if (!config) throw new Error(`no config resolved for ${file}`);
    let result: LintResult;
    try {
      result = lint(file, read.text, { config, host });
    } catch (e) {
      skipped.push({ file, reason: `internal error: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    if (result.kind === 'skipped') skipped.push({ file, reason: result.reason });
    else linted.push({ file, text: read.text, findings: result.findings });
  }
  return { linted, skipped };
}
