// A Fix (edits as offsets, possibly in several files) -> a WorkspaceEdit. Each file's offsets are converted against
// that file's current text: the open document's, else the file on disk (a fix may reach into an imported module).
import type { Position, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { detectLineEnding, withLineEnding } from '../engine/apply-edits';
import { createLineIndex } from '../engine/positions';
import type { Edit, Fix } from '../model/fix';
import { toRange } from './to-lsp';

/** A file's text and identity: `version` is the open document's, null for a file only on disk. */
export interface FileText {
  readonly uri: string;
  readonly text: string;
  readonly version: number | null;
}

export interface EditContext {
  readonly fileText: (filePath: string) => FileText | undefined;
  /** The client accepts versioned `documentChanges`: an edit computed on an older version is then refused. */
  readonly documentChanges: boolean;
}

/** The WorkspaceEdit of one or more fixes, or undefined when a file cannot be read or a span is out of range. */
export function toWorkspaceEdit(fixes: readonly Fix[], ctx: EditContext): WorkspaceEdit | undefined {
  const byFile = new Map<string, Edit[]>();
  for (const edit of fixes.flatMap((f) => f.edits)) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const files: { file: FileText; edits: TextEdit[] }[] = [];
  for (const [filePath, edits] of byFile) {
    const file = ctx.fileText(filePath);
    if (!file) return undefined;
    const converted = toTextEdits(file.text, edits);
    if (!converted) return undefined;
    files.push({ file, edits: converted });
  }
  if (ctx.documentChanges) {
    const documentChanges: TextDocumentEdit[] = files.map(({ file, edits }) => ({ textDocument: { uri: file.uri, version: file.version }, edits }));
    return { documentChanges };
  }
  return { changes: Object.fromEntries(files.map(({ file, edits }) => [file.uri, edits])) };
}

/** One file's edits as TextEdits; inserted line breaks follow the file's own (a fix never mixes LF into CRLF). */
export function toTextEdits(text: string, edits: readonly Edit[]): TextEdit[] | undefined {
  if (edits.some((e) => e.span[0] < 0 || e.span[1] > text.length || e.span[0] > e.span[1])) return undefined;
  const index = createLineIndex(text);
  const ending = detectLineEnding(text);
  return edits.map((e) => ({ range: toRange(index, e.span), newText: withLineEnding(e.text, ending) }));
}

/**
 * Where the cursor belongs after an edit inserting one line (a "disable for this line" comment): at the end of
 * the inserted line, where the reason goes. Undefined for any other shape of edit.
 */
export function endOfInsertedLine(edit: TextEdit): Position | undefined {
  const { start, end } = edit.range;
  if (start.line !== end.line || start.character !== end.character) return undefined;
  const m = /^([^\r\n]*)(\r\n|\n)$/.exec(edit.newText);
  if (!m || m[1] === undefined) return undefined;
  return { line: start.line, character: start.character + m[1].length };
}
