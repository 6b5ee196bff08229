// The fix that makes a handler answer preflights itself: an `if (req.method === 'OPTIONS') { ... }` branch right
// after its last CORS header write, so the 2xx answer carries those headers. The adapter supplies the statements.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode, Node } from '../engine/source';
import { indentUnit, lineIndent, usesSemicolons } from './edits';
import type { HeaderWrite } from './header-writes';

/** `answer(req, res)`: the statements (no semicolons) that end the request, e.g. `['return reply.code(204).send()']`. */
export function optionsBranchFix(fn: FunctionNode, writes: readonly HeaderWrite[], ctx: AnalysisContext, answer: (req: string, res: string) => string[]): Fix | undefined {
  if (fn.body.type !== T.BlockStatement) return undefined;
  const [req, res] = fn.params.map((p) => (p.type === T.Identifier ? p.name : undefined));
  const last = [...writes].reverse().find((w) => w.file === ctx.file && w.name !== 'vary');
  const stmt = last && fn.body.body.find((s) => contains(s, last.at));
  if (!req || !res || !stmt) return undefined;
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const indent = lineIndent(ctx.file, stmt.range[0]);
  const inner = indent + indentUnit(ctx.file);
  const body = answer(req, res).map((line) => `${inner}${line}${semi}`).join('\n');
  const code = `\n${indent}if (${req}.method === 'OPTIONS') {\n${body}\n${indent}}`;
  return { title: 'Answer the OPTIONS preflight with 204 and these headers', edits: [{ file: ctx.file.path, span: [stmt.range[1], stmt.range[1]], text: code }], safe: false };
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}
