// Applies one file's text edits at once: sorted, overlaps refused deterministically (the earlier edit wins),
// and line breaks in inserted text written in the file's own style so a fix never mixes LF into a CRLF file.
import type { Edit } from '../model/fix';

export type LineEnding = '\n' | '\r\n';

export interface SkippedEdit {
  readonly edit: Edit;
  readonly reason: string;
}

export interface EditOutcome {
  readonly text: string;
  /** Edits applied, in text order. */
  readonly applied: readonly Edit[];
  readonly skipped: readonly SkippedEdit[];
}

/** The file's line ending, judged by its first line break; LF when it has none. */
export function detectLineEnding(text: string): LineEnding {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

/** Rewrites every line break in `inserted` (LF or CRLF) to `ending`. */
export function withLineEnding(inserted: string, ending: LineEnding): string {
  return inserted.replace(/\r?\n/g, ending);
}

/** Whether two edits touch the same text. Touching ends are fine; an insertion strictly inside a replacement is not. */
export function editsOverlap(a: Edit, b: Edit): boolean {
  const [aStart, aEnd] = a.span;
  const [bStart, bEnd] = b.span;
  if (aStart === aEnd && bStart === bEnd) return false; // two insertions never conflict: both go in, in order
  if (aStart === aEnd) return aStart > bStart && aStart < bEnd;
  if (bStart === bEnd) return bStart > aStart && bStart < aEnd;
  return aStart < bEnd && bStart < aEnd;
}

/**
 * Applies `edits` to `text`. Edits are ordered by start offset (insertions before a replacement starting at
 * the same offset; ties keep the caller's order). An edit that overlaps one already accepted, repeats one
 * exactly, or has an invalid span is skipped with a reason, never applied partially.
 */
export function applyEdits(text: string, edits: readonly Edit[]): EditOutcome {
  const ending = detectLineEnding(text);
  const skipped: SkippedEdit[] = [];
  const valid: { edit: Edit; order: number }[] = [];
  edits.forEach((edit, order) => {
    const reason = spanProblem(edit, text.length);
    if (reason) skipped.push({ edit, reason });
    else valid.push({ edit, order });
  });
  valid.sort((x, y) => x.edit.span[0] - y.edit.span[0] || x.edit.span[1] - y.edit.span[1] || x.order - y.order);

  const applied: Edit[] = [];
  for (const { edit } of valid) {
    const duplicate = applied.some((a) => a.span[0] === edit.span[0] && a.span[1] === edit.span[1] && a.text === edit.text);
    if (duplicate) {
      skipped.push({ edit, reason: 'duplicate of an edit already applied' });
      continue;
    }
    const clash = applied.find((a) => editsOverlap(a, edit));
    if (clash) {
      skipped.push({ edit, reason: `overlaps the edit at ${clash.span[0]}-${clash.span[1]}` });
      continue;
    }
    applied.push(edit);
  }

  const parts: string[] = [];
  let cursor = 0;
  for (const edit of applied) {
    parts.push(text.slice(cursor, edit.span[0]), withLineEnding(edit.text, ending));
    cursor = edit.span[1];
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), applied, skipped };
}

function spanProblem(edit: Edit, length: number): string | undefined {
  const [start, end] = edit.span;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    return `span ${start}-${end} is outside the text (length ${length})`;
  }
  return undefined;
}
