// Code actions from the engine's fixes: a quick fix per fix (safe ones preferred), "Disable <rule> for this line"
// with the cursor then placed where the reason goes, and `source.fixAll.cors-lint`, which applies every SAFE fix of
// the document (fix-on-save). Suggestions change who may call the API, so nothing applies them automatically.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command } from 'vscode-languageserver';
import { editsOverlap } from '../engine/apply-edits';
import type { Finding } from '../engine/lint';
import { createLineIndex, type LineIndex } from '../engine/positions';
import type { Edit, Fix } from '../model/fix';
import type { Analysis } from './analysis';
import { rangesTouch, toDiagnostic } from './to-lsp';
import { endOfInsertedLine, toTextEdits, toWorkspaceEdit, type EditContext } from './workspace-edit';

export const FIX_ALL_KIND = 'source.fixAll.cors-lint';
/** Client-side command (client/extension.ts); the server answers it too, with window/showDocument. */
export const PLACE_CURSOR_COMMAND = 'corsLint.placeCursor';

export function codeActions(params: CodeActionParams, analysis: Analysis, ctx: EditContext): CodeAction[] {
  // While the text does not parse there are no fresh spans to edit; the old ones would land in the wrong place.
  if (analysis.result.kind !== 'linted') return [];
  const index = createLineIndex(analysis.text);
  const findings = analysis.result.findings.filter((f) => f.file === analysis.path);
  const wants = (kind: string): boolean => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const finding of findings) {
      const diagnostic = toDiagnostic(index, finding);
      if (!rangesTouch(diagnostic.range, params.range)) continue;
      for (const fix of finding.fixes) {
        const edit = toWorkspaceEdit([fix], ctx);
        if (!edit) continue;
        const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
        if (fix.safe) action.isPreferred = true;
        const command = placeCursorCommand(fix, analysis, index);
        if (command) action.command = command;
        out.push(action);
      }
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const safe = safeFixesOf(findings, analysis.path);
    const edit = safe.length > 0 ? toWorkspaceEdit(safe, ctx) : undefined;
    if (edit) out.push({ title: 'Fix all safe cors-lint problems', kind: FIX_ALL_KIND, edit });
  }
  return out;
}

/**
 * Each finding's safe fixes that edit only this document (fix-on-save must not touch other files behind the
 * user's back), minus repeats (two findings sharing one fix) and clashes with a fix already taken.
 */
export function safeFixesOf(findings: readonly Finding[], filePath: string): Fix[] {
  const chosen: Fix[] = [];
  const taken: Edit[] = [];
  for (const fix of findings.flatMap((f) => f.fixes)) {
    if (!fix.safe || fix.edits.length === 0 || fix.edits.some((e) => e.file !== filePath)) continue;
    if (fix.edits.some((e) => taken.some((t) => sameEdit(t, e) || editsOverlap(t, e)))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

function sameEdit(a: Edit, b: Edit): boolean {
  return a.file === b.file && a.span[0] === b.span[0] && a.span[1] === b.span[1] && a.text === b.text;
}

const DISABLE_COMMENT = /\/\/ cors-lint-disable-next-line [^\r\n]* -- \r?\n$/;

/**
 * The engine's "Disable <rule> for this line" inserts a comment ending in `-- ` for the reason. The edit alone is
 * complete; the command only moves the cursor there, so clients that ignore it lose nothing.
 */
function placeCursorCommand(fix: Fix, analysis: Analysis, index: LineIndex): Command | undefined {
  const [edit, ...rest] = fix.edits;
  if (!edit || rest.length > 0 || edit.file !== analysis.path || !DISABLE_COMMENT.test(edit.text)) return undefined;
  const [textEdit] = toTextEdits(index.text, [edit]) ?? [];
  const position = textEdit && endOfInsertedLine(textEdit);
  if (!position) return undefined;
  return { title: 'Type the reason', command: PLACE_CURSOR_COMMAND, arguments: [analysis.uri, position] };
}
