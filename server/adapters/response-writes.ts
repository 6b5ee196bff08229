// Response headers written the Fetch-standard way, which every Request -> Response platform shares (Workers, Deno,
// Bun, Next.js route handlers, Netlify, SvelteKit): `new Response(body, { headers })`, `Response.json(data, init)`,
// `new Headers(init)`, and header objects copied in a loop (`Object.entries(H).forEach(([k, v]) => h.set(k, v))`).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import { walkFunction, type Guard } from '../engine/flow';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier } from '../engine/scope';
import { childNodes, isFunction, memberPath, propertyName, unwrap, type Node } from '../engine/source';
import { bindParams } from '../engine/function-calls';
import { evaluate, property, UNKNOWN, type Value } from '../engine/values';

/** A headers object a call writes, read in `ctx` (a helper's parameters bound), under the helper's own guards. */
export interface HeaderObject {
  readonly value: Value;
  readonly ctx: AnalysisContext;
  readonly guards: readonly Guard[];
}

// Fetch standard: `Response.json(data, init)`; Next.js: `NextResponse.json(data, init)`, `NextResponse.next(init)`,
// `NextResponse.rewrite(url, init)`. The init's `headers` are response headers in each.
const INIT_ARG: Record<string, number> = { json: 1, next: 0, rewrite: 1 };

/** The header objects `node` writes into a response, or none. Filters on callee names before evaluating. */
export function responseHeaderObjects(node: TSESTree.CallExpression | TSESTree.NewExpression, ctx: AnalysisContext): HeaderObject[] {
  const callee = unwrap(node.callee);
  const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression ? propertyName(callee) : undefined;
  if (!name) return [];
  if (node.type === T.NewExpression) {
    if (name === 'Headers') return objectsOf(node.arguments[0], ctx);
    if (/Response$/.test(name)) return initHeaders(node.arguments[1], ctx);
    return [];
  }
  if (callee.type === T.MemberExpression && name in INIT_ARG) {
    const object = unwrap(callee.object);
    if (object.type === T.Identifier && /Response$/.test(object.name)) return initHeaders(node.arguments[INIT_ARG[name] as number], ctx);
  }
  if (name === 'forEach') return entriesLoop(node, ctx);
  if (/^(set|append|setHeader|header)$/.test(name)) return entriesForOf(node, ctx);
  return [];
}

function initHeaders(init: TSESTree.CallExpressionArgument | undefined, ctx: AnalysisContext): HeaderObject[] {
  if (!init || init.type === T.SpreadElement) return [];
  const n = unwrap(init);
  if (n.type === T.ObjectExpression) {
    const prop = n.properties.find((p): p is TSESTree.Property => p.type === T.Property && propertyName(p) === 'headers');
    if (prop) return objectsOf(prop.value, ctx);
    if (n.properties.some((p) => p.type === T.SpreadElement)) return [{ value: property(evaluate(n, ctx), 'headers', ctx), ctx, guards: [] }];
    return [];
  }
  return [{ value: property(evaluate(n, ctx), 'headers', ctx), ctx, guards: [] }];
}

/**
 * The objects a headers expression stands for. A workspace helper that builds them (`corsHeaders(request)`) is
 * read with its parameters bound, so an Origin it is handed is still the request's Origin.
 */
function objectsOf(expr: Node | undefined, ctx: AnalysisContext, depth = 0): HeaderObject[] {
  if (!expr || expr.type === T.SpreadElement) return [];
  const n = unwrap(expr);
  // `new Headers({...})` as an init's headers is read where it is constructed; never twice.
  if (n.type === T.NewExpression) return [];
  const call = depth < 3 ? helperCall(n) : undefined;
  if (call) {
    const fromHelper = helperObjects(call, ctx, depth);
    if (fromHelper) return fromHelper;
  }
  const out: HeaderObject[] = [{ value: evaluate(n, ctx), ctx, guards: [] }];
  // `{ ...corsHeaders(origin), 'Content-Type': 'x' }`: the helper's entries again, with its parameters bound.
  if (n.type === T.ObjectExpression && depth < 3) {
    for (const p of n.properties) if (p.type === T.SpreadElement) out.push(...objectsOf(p.argument, ctx, depth + 1).filter((o) => o.ctx !== ctx));
  }
  return out;
}

/** `helper(args)`, directly or through a `const` initialised with it. */
function helperCall(n: Node): TSESTree.CallExpression | undefined {
  let node = n;
  if (node.type === T.Identifier) {
    const binding = resolveIdentifier(node);
    if (binding?.kind !== 'variable' || binding.declKind !== 'const' || binding.path.length > 0 || !binding.declarator.init) return undefined;
    node = unwrap(binding.declarator.init);
  }
  return node.type === T.CallExpression && node.arguments.length > 0 && node.callee.type === T.Identifier ? node : undefined;
}

function helperObjects(call: TSESTree.CallExpression, ctx: AnalysisContext, depth: number): HeaderObject[] | undefined {
  const fn = evaluate(call.callee, ctx);
  if (fn.kind !== 'function') return undefined;
  const env = new Map(ctx.env ?? []);
  bindParams(fn.fn, call.arguments.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx))), env, { ...ctx, file: fn.file });
  const inner: AnalysisContext = { ...ctx, file: fn.file, env };
  if (fn.fn.body.type !== T.BlockStatement) return objectsOf(fn.fn.body, inner, depth + 1);
  const out: HeaderObject[] = [];
  walkFunction(fn.fn, (node, guards) => {
    if (node.type !== T.ReturnStatement || !node.argument) return;
    for (const o of objectsOf(node.argument, inner, depth + 1)) out.push({ ...o, guards: [...guards, ...o.guards] });
  });
  return out;
}

/** `Object.entries(H).forEach(([k, v]) => x.set(k, v))`, the Next.js docs' way of applying a headers object. */
function entriesLoop(call: TSESTree.CallExpression, ctx: AnalysisContext): HeaderObject[] {
  const callee = call.callee as TSESTree.MemberExpression;
  const source = unwrap(callee.object);
  if (source.type !== T.CallExpression || memberPath(source.callee)?.join('.') !== 'Object.entries' || !source.arguments[0]) return [];
  const cb = call.arguments[0] && unwrap(call.arguments[0]);
  if (!isFunction(cb) || cb.params[0]?.type !== T.ArrayPattern) return [];
  const [key, value] = cb.params[0].elements;
  if (key?.type !== T.Identifier || value?.type !== T.Identifier || !setsEntry(cb, key.name, value.name)) return [];
  return objectsOf(source.arguments[0], ctx);
}

/** `for (const [k, v] of Object.entries(H)) x.set(k, v)`. */
function entriesForOf(call: TSESTree.CallExpression, ctx: AnalysisContext): HeaderObject[] {
  const [key, value] = call.arguments;
  if (key?.type !== T.Identifier || value?.type !== T.Identifier) return [];
  const k = resolveIdentifier(key);
  const v = resolveIdentifier(value);
  if (k?.kind !== 'for-of' || v?.kind !== 'for-of' || k.iterable !== v.iterable) return [];
  const at = (b: typeof k, i: number) => b.path.length === 1 && 'index' in (b.path[0] as object) && (b.path[0] as { index: number }).index === i;
  const source = unwrap(k.iterable);
  if (!at(k, 0) || !at(v, 1) || source.type !== T.CallExpression || memberPath(source.callee)?.join('.') !== 'Object.entries') return [];
  return objectsOf(source.arguments[0], ctx);
}

/** Whether `fn` calls `x.set(key, value)` (or append/setHeader/header) with the loop's own key and value. */
function setsEntry(fn: Node, key: string, value: string): boolean {
  const stack: Node[] = [fn];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.CallExpression && n.callee.type === T.MemberExpression && /^(set|append|setHeader|header)$/.test(propertyName(n.callee) ?? '')) {
      const [a, b] = n.arguments;
      if (a?.type === T.Identifier && a.name === key && b?.type === T.Identifier && b.name === value) return true;
    }
    stack.push(...childNodes(n));
  }
  return false;
}
