// --fix: apply safe fixes, re-lint, repeat until none applies (at most 10 passes). A fix is applied whole or
// not at all; a file is written only if it still holds the text the fix was computed on.
import * as fs from 'node:fs';
import { applyEdits, editsOverlap } from '../engine/apply-edits';
import { readSourceFile } from '../engine/disk-host';
import type { Edit, Fix } from '../model/fix';
import type { PassOutcome } from './lint-files';
import { writeFileAtomic } from './write-atomic';

export const MAX_FIX_PASSES = 10;

export interface FixSummary {
  /** Fixes whose every edit was written. */
  readonly fixesApplied: number;
  /** Absolute paths of files changed on disk. */
  readonly filesChanged: readonly string[];
  /** Files that could not be written, with why. */
  readonly failures: readonly { readonly file: string; readonly reason: string }[];
}

export function fixUntilStable(first: PassOutcome, relint: () => PassOutcome): { outcome: PassOutcome; summary: FixSummary } {
  let outcome = first;
  let fixesApplied = 0;
  const filesChanged = new Set<string>();
  const failures: { file: string; reason: string }[] = [];
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const result = applyOnePass(outcome);
    failures.push(...result.failures);
    if (result.written.length === 0) break;
    fixesApplied += result.fixesApplied;
    for (const file of result.written) filesChanged.add(file);
    outcome = relint();
  }
  return { outcome, summary: { fixesApplied, filesChanged: [...filesChanged], failures } };
}

interface PassResult {
  readonly fixesApplied: number;
  readonly written: string[];
  readonly failures: { file: string; reason: string }[];
}

function applyOnePass(outcome: PassOutcome): PassResult {
  const texts = new Map(outcome.linted.map((f) => [f.file, f.text]));
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) {
      // A fix may reach into a module the run did not lint (an imported options object).
      const read = readSourceFile(file);
      if ('skipped' in read) return undefined;
      texts.set(file, read.text);
    }
    return texts.get(file);
  };

  const accepted = chooseFixes(outcome, textOf);
  const editsByFile = new Map<string, Edit[]>();
  for (const fix of accepted) {
    for (const edit of fix.edits) editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
  }

  const written: string[] = [];
  const failures: { file: string; reason: string }[] = [];
  const failedFiles = new Set<string>();
  for (const [file, edits] of editsByFile) {
    const before = textOf(file) as string;
    const after = applyEdits(before, edits).text;
    if (after === before) continue;
    const problem = writeIfUnchanged(file, before, after);
    if (problem) {
      failures.push({ file, reason: problem });
      failedFiles.add(file);
    } else {
      written.push(file);
    }
  }
  const fixesApplied = accepted.filter((fix) => fix.edits.every((e) => !failedFiles.has(e.file))).length;
  return { fixesApplied, written, failures };
}

/** Each finding's first safe fix, in file and text order, minus those clashing with a fix already chosen. */
function chooseFixes(outcome: PassOutcome, textOf: (file: string) => string | undefined): Fix[] {
  const chosen: Fix[] = [];
  const chosenEdits: Edit[] = [];
  const findings = outcome.linted
    .flatMap((f) => f.findings)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span[0] - b.span[0]));
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.safe);
    if (!fix || fix.edits.length === 0) continue;
    const usable = fix.edits.every((edit) => {
      const text = textOf(edit.file);
      if (text === undefined || edit.span[0] < 0 || edit.span[1] > text.length || edit.span[0] > edit.span[1]) return false;
      // Same edit already chosen (two findings sharing one fix) or a clash: leave it for the next pass.
      return !chosenEdits.some((c) => c.file === edit.file && (sameEdit(c, edit) || editsOverlap(c, edit)));
    });
    if (!usable) continue;
    chosen.push(fix);
    chosenEdits.push(...fix.edits);
  }
  return chosen;
}

function sameEdit(a: Edit, b: Edit): boolean {
  return a.span[0] === b.span[0] && a.span[1] === b.span[1] && a.text === b.text;
}

/** Writes `after` unless the file changed since it was read, or is not valid UTF-8 (rewriting would corrupt it). */
function writeIfUnchanged(file: string, before: string, after: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return `cannot read it again: ${e instanceof Error ? e.message : String(e)}`;
  }
  const current = bytes.toString('utf8');
  if (current !== before) return 'it changed on disk while cors-lint was running';
  if (!Buffer.from(current, 'utf8').equals(bytes)) return 'it is not valid UTF-8, so it is left untouched';
  try {
    writeFileAtomic(file, after);
    return undefined;
  } catch (e) {
    return `cannot write it: ${e instanceof Error ? e.message : String(e)}`;
  }
}
