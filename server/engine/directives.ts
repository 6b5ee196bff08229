// Inline suppression: `// cors-lint-disable-next-line <rule-id>[, <rule-id>] -- reason` (and `-disable-line`).
// A directive naming an unknown rule is reported itself, so a typo never silently disables nothing.
import type { Fix } from '../model/fix';
import type { Finding } from './lint';
import { createLineIndex, positionAt, type LineIndex } from './positions';
import type { SourceFile } from './source';

export const DIRECTIVE_RULE = 'invalid-directive';

interface Directive {
  /** 1-based line whose findings it silences. */
  readonly line: number;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
}

const PATTERN = /^\s*cors-lint-(disable-next-line|disable-line)\b([^]*)$/;

/** Drops suppressed findings, reports bad directives, and gives each finding a "disable for this line" fix. */
export function applyDirectives(file: SourceFile, findings: readonly Finding[], known: ReadonlySet<string>): Finding[] {
  const lines = createLineIndex(file.text);
  const directives: Directive[] = [];
  const out: Finding[] = [];
  for (const comment of file.ast.comments ?? []) {
    const m = PATTERN.exec(comment.value);
    if (!m) continue;
    const [ruleText = ''] = (m[2] ?? '').split(/\s--\s?|\s--$/);
    const ids = ruleText.split(/[\s,]+/).filter(Boolean);
    const unknown = ids.filter((id) => !known.has(id));
    for (const id of unknown) {
      out.push({
        rule: DIRECTIVE_RULE,
        severity: 'warning',
        message: `cors-lint-${m[1]} names '${id}', which is not a cors-lint rule (rules: ${[...known].join(', ')}).`,
        file: file.path,
        span: [comment.range[0], comment.range[1]],
        fixes: [],
      });
    }
    const at = positionAt(lines, m[1] === 'disable-line' ? comment.range[0] : comment.range[1]);
    directives.push({ line: m[1] === 'disable-line' ? at.line : at.line + 1, rules: ids.filter((id) => known.has(id)) });
  }
  for (const finding of findings) {
    const line = positionAt(lines, finding.span[0]).line;
    const silenced = directives.some((d) => d.line === line && (d.rules.length === 0 || d.rules.includes(finding.rule)));
    if (!silenced) out.push({ ...finding, fixes: [...finding.fixes, disableFix(file, lines, finding)] });
  }
  return out;
}

/** Inserts `// cors-lint-disable-next-line <rule> -- ` above the finding's line, indented like it. */
function disableFix(file: SourceFile, lines: LineIndex, finding: Finding): Fix {
  const line = positionAt(lines, finding.span[0]).line;
  const start = lines.lineStarts[line - 1] ?? 0;
  const indent = /^[ \t]*/.exec(file.text.slice(start, finding.span[0]))?.[0] ?? '';
  return {
    title: `Disable ${finding.rule} for this line`,
    edits: [{ file: file.path, span: [start, start], text: `${indent}// cors-lint-disable-next-line ${finding.rule} -- \n` }],
    safe: false,
  };
}
