// The code that answers a Fetch-style preflight with the handler's own CORS headers: which headers expression
// reproduces them at a given point (a shared constant, the handler's Headers object, or a literal built from the
// written values), and the statements to copy so that expression means there what it means in the handler.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { isModuleScopeName, resolveIdentifier } from '../engine/scope';
import { evaluate } from '../engine/values';
import { childNodes, isFunction, textOf, type FunctionNode, type Node } from '../engine/source';
import { quoteOf } from './edits';
import { displayHeader } from './requests';
import type { HeaderWrite } from './header-writes';

export interface HeadersCode {
  /** A shared object constant, the handler's Headers object, or a literal built here. */
  readonly kind: 'shared' | 'headers' | 'literal';
  /** The headers expression (`corsHeaders`, `headers`, `{ 'Access-Control-Allow-Origin': origin }`). */
  readonly text: string;
  /** Top-level statements of the handler the expression needs, in order (locals it reads). */
  readonly needs: readonly Node[];
  /** The handler's parameters it reads, by index (0: the request). */
  readonly params: readonly number[];
}

/**
 * The handler's CORS headers as one expression, or undefined when they cannot be reproduced faithfully: written
 * under a condition, in nested blocks, or from values the handler computes in ways a copy would change.
 */
export function headersCode(fn: FunctionNode, writes: readonly HeaderWrite[], ctx: AnalysisContext): HeadersCode | undefined {
  const own = writes.filter((w) => w.name !== 'vary' || w.value);
  if (own.length === 0) return undefined;
  // Conditional writes (an allowlist check around the origin) cannot become one unconditional object.
  if (writes.some((w) => w.guards.length > 0)) return undefined;
  const shared = sharedObject(fn, own, ctx);
  if (shared || own.some((w) => w.file !== ctx.file)) return shared;
  return headersObject(fn, own) ?? literal(fn, own, ctx);
}

/**
 * Every write is an entry of one object constant the handler names (`headers: corsHeaders`), declared at the
 * top of this file or imported from another.
 */
function sharedObject(fn: FunctionNode, writes: readonly HeaderWrite[], ctx: AnalysisContext): HeadersCode | undefined {
  const objects = new Set(writes.map((w) => (w.style.kind === 'object' ? w.style.object : undefined)));
  const object = [...objects][0];
  if (objects.size !== 1 || !object) return undefined;
  const decl = object.parent;
  if (decl?.type === T.VariableDeclarator && decl.id.type === T.Identifier && writes.every((w) => w.file === ctx.file) && isModuleScopeName(decl.id)) {
    return { kind: 'shared', text: decl.id.name, needs: [], params: [] };
  }
  const imported = identifiersIn(fn.body).find((id) => resolveIdentifier(id)?.kind === 'import' && evaluate(id, ctx).node === object);
  return imported && { kind: 'shared', text: imported.name, needs: [], params: [] };
}

/** Every write is a `.set`/`.append` on one Headers object declared at the top of the handler. */
function headersObject(fn: FunctionNode, writes: readonly HeaderWrite[]): HeadersCode | undefined {
  const receivers = new Set(writes.map((w) => (w.style.kind === 'call' ? w.style.receiver : undefined)));
  const receiver = [...receivers][0];
  if (receivers.size !== 1 || !receiver || !/^[A-Za-z_$][\w$]*$/.test(receiver)) return undefined;
  const stmts = topStatements(fn);
  const decl = stmts.find((s) => s.type === T.VariableDeclaration && s.declarations.some((d) => d.id.type === T.Identifier && d.id.name === receiver));
  if (!decl) return undefined;
  const last = Math.max(...writes.map((w) => stmts.findIndex((s) => contains(s, w.at))));
  if (last < 0 || writes.some((w) => stmts.findIndex((s) => contains(s, w.at)) < 0)) return undefined;
  const needs = closure(fn, [decl, ...stmts.slice(0, last + 1).filter((s) => writes.some((w) => contains(s, w.at)))]);
  return needs && { kind: 'headers', text: receiver, needs: needs.nodes, params: needs.params };
}

/** `{ 'Access-Control-Allow-Origin': <value as written>, ... }`, each header written once. */
function literal(fn: FunctionNode, writes: readonly HeaderWrite[], ctx: AnalysisContext): HeadersCode | undefined {
  const names = writes.map((w) => w.name);
  if (new Set(names).size !== names.length) return undefined;
  const q = quoteOf(ctx.file);
  const entries = writes.map((w) => `${q}${displayHeader(w.name)}${q}: ${w.value ? textOf(ctx.file, w.value) : q + (w.text ?? '') + q}`);
  const needs = closure(fn, writes.flatMap((w) => (w.value ? [w.value] : [])));
  return needs && { kind: 'literal', text: `{ ${entries.join(', ')} }`, needs: needs.nodes, params: needs.params };
}

/**
 * The handler's top-level declarations that `roots` read, transitively, in source order; undefined when a value
 * reads something a copy cannot reach (a block-local, a `let` assigned later, a parameter other than the request).
 */
function closure(fn: FunctionNode, roots: readonly Node[]): { nodes: Node[]; params: number[] } | undefined {
  const stmts = topStatements(fn);
  const picked = new Set<Node>(roots.filter((r) => stmts.includes(r)));
  const params = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    const node = queue.pop() as Node;
    for (const id of identifiersIn(node)) {
      const binding = resolveIdentifier(id);
      if (!binding || isModuleScopeName(id)) continue;
      if (binding.kind === 'param') {
        if (binding.fn === fn) params.add(binding.index);
        else if (!contains(node, binding.fn)) return undefined;
        continue;
      }
      if (binding.kind !== 'variable' || binding.declKind !== 'const') return undefined;
      const stmt = stmts.find((s) => contains(s, binding.declarator));
      if (!stmt) {
        if (contains(node, binding.declarator)) continue; // declared inside the copied code itself
        return undefined;
      }
      if (!picked.has(stmt)) {
        picked.add(stmt);
        queue.push(stmt);
      }
    }
  }
  return { nodes: stmts.filter((s) => picked.has(s)), params: [...params].sort() };
}

function topStatements(fn: FunctionNode): Node[] {
  return fn.body.type === T.BlockStatement ? fn.body.body : [];
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Identifiers read in `node` (not property names, not object keys), nested functions included. */
function identifiersIn(node: Node): TSESTree.Identifier[] {
  const out: TSESTree.Identifier[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.Identifier) {
      const p = n.parent;
      const isKey = (p?.type === T.MemberExpression && p.property === n && !p.computed) || (p?.type === T.Property && p.key === n && !p.computed && !p.shorthand);
      if (!isKey) out.push(n);
      continue;
    }
    if (isFunction(n)) {
      stack.push(n.body);
      continue;
    }
    stack.push(...childNodes(n));
  }
  return out;
}
