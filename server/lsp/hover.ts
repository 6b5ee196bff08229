// Hover on a CORS setup: when the cursor is inside a policy's site (the `cors(...)` call, the handler writing the
// headers) or inside its origin setting (also in an imported options module), show the effective policy.
import * as path from 'node:path';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { createLineIndex, positionAt } from '../engine/positions';
import type { CorsPolicy } from '../model/policy';
import type { Span } from '../model/span';
import type { Analysis } from './analysis';
import { describePolicy } from './describe-policy';
import { toRange } from './to-lsp';

interface Candidate {
  readonly policy: CorsPolicy;
  readonly span: Span;
  /** The analysis the policy came from: the hovered file's own, or a file importing it. */
  readonly from: Analysis;
}

/**
 * `analyses` are fresh lints of the hovered file first, then of the open files importing it (whose policies may
 * take their origin setting from this file). The innermost setup under the cursor wins.
 */
export function hoverAt(filePath: string, text: string, offset: number, analyses: readonly Analysis[]): Hover | null {
  let best: Candidate | undefined;
  for (const from of analyses) {
    if (from.result.kind !== 'linted') continue;
    for (const policy of from.result.policies ?? []) {
      for (const site of [policy.site, policy.origin.site]) {
        if (!site || site.file !== filePath || offset < site.span[0] || offset >= site.span[1]) continue;
        if (!best || length(site.span) < length(best.span)) best = { policy, span: site.span, from };
      }
    }
  }
  if (!best) return null;
  const usedAt = best.from.path === filePath ? undefined : whereUsed(best.policy, best.from, filePath);
  return {
    contents: { kind: MarkupKind.Markdown, value: describePolicy(best.policy, usedAt ? { usedAt } : {}) },
    range: toRange(createLineIndex(text), best.span),
  };
}

function length(span: Span): number {
  return span[1] - span[0];
}

/** `server.js:17`, relative to the hovered file's folder. */
function whereUsed(policy: CorsPolicy, from: Analysis, hoveredFile: string): string {
  const line = positionAt(createLineIndex(from.text), policy.site.span[0]).line;
  return `${path.relative(path.dirname(hoveredFile), from.path).split(path.sep).join('/')}:${line}`;
}
