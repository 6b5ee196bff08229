// Engine data at the protocol's edge: [start, end) offsets -> 0-based line/character ranges (both count UTF-16
// code units, so only the line lookup is needed), and findings -> diagnostics that link to the rule's README section.
import { DiagnosticSeverity, type Diagnostic, type Position, type Range } from 'vscode-languageserver';
import { DIRECTIVE_RULE } from '../engine/directives';
import type { Finding } from '../engine/lint';
import { offsetAt, positionAt, type LineIndex } from '../engine/positions';
import type { Severity } from '../model/rule';
import type { Span } from '../model/span';

export const SOURCE = 'cors-lint';
const README = 'https://github.com/cors-lint/cors-lint';

export function toPosition(index: LineIndex, offset: number): Position {
  const at = positionAt(index, offset);
  return { line: at.line - 1, character: at.column - 1 };
}

export function toRange(index: LineIndex, span: Span): Range {
  return { start: toPosition(index, span[0]), end: toPosition(index, span[1]) };
}

export function toOffset(index: LineIndex, position: Position): number {
  return offsetAt(index, { line: position.line + 1, column: position.character + 1 });
}

/** The README section explaining a rule; directive typos link to the section on suppressing. */
export function ruleHref(rule: string): string {
  return `${README}#${rule === DIRECTIVE_RULE ? 'suppressing' : rule}`;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(index: LineIndex, finding: Finding): Diagnostic {
  return {
    range: toRange(index, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: ruleHref(finding.rule) },
    source: SOURCE,
    message: finding.message,
  };
}

/** Whether two ranges share a point (touching counts: a cursor at the end of a squiggle still gets its fixes). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
