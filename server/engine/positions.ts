// Offsets <-> 1-based line/column (UTF-16 code units, as spans are), through a line-start index built once per
// text so that thousands of lookups in one file cost a binary search each. \n, \r\n and a lone \r end lines.

export interface LineIndex {
  readonly text: string;
  /** Offset where each line starts; lineStarts[0] is 0. */
  readonly lineStarts: readonly number[];
}

/** 1-based line and column; column counts UTF-16 code units, like editors and SARIF's default columnKind. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export function createLineIndex(text: string): LineIndex {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineStarts.push(i + 1);
    } else if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lineStarts.push(i + 1);
    }
  }
  return { text, lineStarts };
}

export function lineCount(index: LineIndex): number {
  return index.lineStarts.length;
}

/** The position of an offset; offsets outside the text are clamped to its start or end. */
export function positionAt(index: LineIndex, offset: number): Position {
  const clamped = Math.max(0, Math.min(Math.floor(offset), index.text.length));
  const starts = index.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((starts[mid] as number) <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: clamped - (starts[low] as number) + 1 };
}

/**
 * The offset of a position. Lines past the end clamp to the text's end; columns past a line's content clamp
 * to the end of that line's content (before its line break), as editors do.
 */
export function offsetAt(index: LineIndex, position: Position): number {
  const starts = index.lineStarts;
  if (position.line < 1) return 0;
  if (position.line > starts.length) return index.text.length;
  const start = starts[position.line - 1] as number;
  const contentEnd = lineContentEnd(index, position.line);
  return Math.max(start, Math.min(start + Math.max(0, position.column - 1), contentEnd));
}

/** The text of a 1-based line without its line break; '' for lines that do not exist. */
export function lineText(index: LineIndex, line: number): string {
  if (line < 1 || line > index.lineStarts.length) return '';
  return index.text.slice(index.lineStarts[line - 1], lineContentEnd(index, line));
}

function lineContentEnd(index: LineIndex, line: number): number {
  const next = index.lineStarts[line];
  if (next === undefined) return index.text.length;
  const text = index.text;
  let end = next;
  if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  return end;
}
