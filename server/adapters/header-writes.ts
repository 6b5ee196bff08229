// Hand-written response headers: `res.setHeader(name, v)`, `res.set({...})`, `res.writeHead(204, {...})`,
// `headers.append(...)`, `res.vary('Origin')`, `vary(res, 'Origin')`, wherever a handler or its helpers write them.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import { and } from '../model/check-logic';
import { checkOfGuards } from '../engine/checks';
import { walkFunction, type Guard } from '../engine/flow';
import type { OriginCheck } from '../model/origin-check';
import type { AnalysisContext } from '../engine/origin-reads';
import { isModuleScopeName, resolveIdentifier } from '../engine/scope';
import { chainRoot, childNodes, isFunction, propertyName, textOf, unwrap, type FunctionNode, type Node, type SourceFile } from '../engine/source';
import { boundModule, moduleTextMatches, reachesText } from '../engine/modules';
import { bindParams } from '../engine/function-calls';
import { stringOf } from '../engine/value-facts';
import { alternatives, evaluate, isModuleValue, UNKNOWN, type Value } from '../engine/values';
import { responseHeaderObjects } from './response-writes';

/** How a write is spelled, so a fix can add `Vary: Origin` in the same idiom. */
export type WriteStyle =
  | {
      readonly kind: 'call';
      readonly receiver: string;
      readonly method: string;
      readonly statement?: Node;
      /** `vary(res, 'Origin')`: the function called with the response (its local name), not a method of it. */
      readonly fn?: string;
    }
  | { readonly kind: 'object'; readonly object: TSESTree.ObjectExpression; readonly property?: TSESTree.Property };

export interface HeaderWrite {
  /** Lower-case header name. */
  readonly name: string;
  /** The value expression, in `file`. Absent for `res.vary('Origin')`-style calls, which carry `text`. */
  readonly value?: Node;
  readonly text?: string;
  readonly file: SourceFile;
  readonly mode: 'set' | 'append';
  /** The call or property that writes it; orders writes and anchors findings. */
  readonly at: Node;
  /** What must hold of the Origin for the write to happen (the handler's and its callers' conditions). */
  readonly when: OriginCheck;
  /** The conditions themselves, to tell writes on exclusive branches apart (`if (OPTIONS) {...} else {...}`). */
  readonly guards: readonly Guard[];
  readonly style: WriteStyle;
  /** The context the value must be read in (a helper's parameters bound to the caller's arguments). */
  readonly ctx: AnalysisContext;
  /**
   * The response object this write belongs to, when the adapter knows it (each returned `{ statusCode, headers }`
   * is its own response): writes to different response objects never end up on the same response.
   */
  readonly response?: string;
}

const SINGLE = new Set(['setHeader', 'header', 'set', 'append', 'appendHeader']);
const OBJECT = new Set(['set', 'header', 'headers', 'setHeaders']);

/** Is this a header this analysis cares about? */
export function isCorsHeader(name: string): boolean {
  return name.startsWith('access-control-') || name === 'vary';
}

const memo = new WeakMap<FunctionNode, HeaderWrite[]>();

/** Every CORS or Vary header written in `fn` (and in workspace helpers it calls), with its guards. */
export function headerWritesIn(fn: FunctionNode, ctx: AnalysisContext, depth = 0): HeaderWrite[] {
  if (ctx.env || depth > 0) return collectWrites(fn, ctx, depth);
  if (!mayReachCorsHeader(ctx)) return [];
  let writes = memo.get(fn);
  if (!writes) {
    writes = collectWrites(fn, ctx, depth);
    memo.set(fn, writes);
  }
  return writes;
}

function collectWrites(fn: FunctionNode, ctx: AnalysisContext, depth: number): HeaderWrite[] {
  const writes: HeaderWrite[] = [];
  walkFunction(fn, (node, guards) => {
    // A return's argument was visited on its own already (flow.ts), with the guards of its branches.
    if (node.type === T.ReturnStatement) return;
    for (const call of callsIn(node)) {
      writes.push(...responseWrites(call, guards, ctx));
      if (call.type !== T.CallExpression) continue;
      writes.push(...writesOfCall(call, guards, ctx));
      if (depth < 3) writes.push(...helperWrites(call, guards, ctx, depth));
    }
  });
  return writes;
}

/** `new Response(b, { headers })` and kin (response-writes.ts); a helper's headers under the caller's guards too. */
function responseWrites(call: TSESTree.CallExpression | TSESTree.NewExpression, guards: readonly Guard[], ctx: AnalysisContext): HeaderWrite[] {
  const objects = responseHeaderObjects(call, ctx);
  if (objects.length === 0) return [];
  const callerWhen = checkOfGuards(guards, ctx);
  // An entry read twice (plainly, then inside a helper with its parameters bound): the helper's reading wins.
  const plain: HeaderWrite[] = [];
  const helper: HeaderWrite[] = [];
  for (const o of objects) {
    if (o.ctx === ctx) plain.push(...objectWrites(o.value, call, guards, ctx));
    else helper.push(...objectWrites(o.value, call, o.guards, o.ctx).map((w) => ({ ...w, when: and(callerWhen, w.when), guards: [...guards, ...w.guards] })));
  }
  const read = new Set(helper.map((w) => w.at));
  return [...plain.filter((w) => w.at === call || !read.has(w.at)), ...helper];
}

/** Calls and `new` expressions inside a statement-level expression, without entering nested functions, in source order. */
function callsIn(node: Node): (TSESTree.CallExpression | TSESTree.NewExpression)[] {
  const out: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n !== node && isFunction(n)) continue;
    if (n.type === T.CallExpression || n.type === T.NewExpression) out.push(n);
    stack.push(...childNodes(n));
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}

/** Method names that can write a header; anything else is skipped before any evaluation. */
export const WRITE_METHODS = new Set([...SINGLE, ...OBJECT, 'writeHead', 'vary']);

function writesOfCall(call: TSESTree.CallExpression, guards: readonly Guard[], ctx: AnalysisContext): HeaderWrite[] {
  const callee = unwrap(call.callee);
  const args = call.arguments;
  if (callee.type === T.MemberExpression && !WRITE_METHODS.has(propertyName(callee) ?? '')) return [];
  if (callee.type === T.Identifier && (args.length < 2 || !/vary/i.test(callee.name + textOf(ctx.file, args[1] as Node)))) return [];
  if (callee.type === T.Identifier || (callee.type === T.MemberExpression && isVaryFunction(evaluate(callee, ctx)))) {
    const fnValue = evaluate(callee, ctx);
    if (isVaryFunction(fnValue) && args[1]) {
      const text = stringOf(evaluate(args[1], ctx));
      const style: WriteStyle = { kind: 'call', receiver: argText(args[0], ctx), method: 'vary', fn: textOf(ctx.file, callee) };
      return [write('vary', undefined, text ?? '?', 'append', call, guards, style, ctx)];
    }
    return [];
  }
  if (callee.type !== T.MemberExpression) return [];
  const method = propertyName(callee);
  if (method === undefined) return [];
  const receiver = textOf(ctx.file, callee.object);
  const style: WriteStyle = { kind: 'call', receiver, method };
  if (method === 'vary' && args[0] && args[0].type !== T.SpreadElement) {
    const text = stringOf(evaluate(args[0], ctx));
    return [write('vary', undefined, text ?? '?', 'append', call, guards, style, ctx)];
  }
  if (SINGLE.has(method) && args.length >= 2 && args[0]?.type !== T.SpreadElement && args[1]?.type !== T.SpreadElement) {
    if (!mayNameCorsHeader(args[0] as Node, ctx)) return [];
    const name = headerName(args[0] as Node, ctx);
    if (!name || !isCorsHeader(name)) return [];
    const mode = method === 'append' || method === 'appendHeader' || isAppendOption(args[2], ctx) ? 'append' : 'set';
    return [write(name, args[1] as Node, undefined, mode, call, guards, style, ctx)];
  }
  const objectArg = method === 'writeHead' ? args[args.length - 1] : OBJECT.has(method) && args.length === 1 ? args[0] : undefined;
  if (objectArg && objectArg.type !== T.SpreadElement) return objectWrites(evaluate(objectArg, ctx), call, guards, ctx);
  return [];
}

/** `vary(res, 'Origin')`, from the `vary` package or its `@tinyhttp/vary` twin: appends to the response's Vary. */
function isVaryFunction(v: Value): boolean {
  return isModuleValue(v, 'vary', []) || isModuleValue(v, '@tinyhttp/vary', ['vary']);
}

/** Hono's `c.header('Vary', 'Origin', { append: true })`. */
function isAppendOption(arg: Node | undefined, ctx: AnalysisContext): boolean {
  if (!arg || arg.type === T.SpreadElement) return false;
  const v = evaluate(arg, ctx);
  return v.kind === 'object' && v.props.get('append')?.kind === 'boolean' && (v.props.get('append') as { value: boolean }).value;
}

/** Header entries of an object literal (spreads of shared header constants included). */
export function objectWrites(obj: Value, at: Node, guards: readonly Guard[], ctx: AnalysisContext): HeaderWrite[] {
  const out: HeaderWrite[] = [];
  for (const alt of alternatives(obj)) {
    if (alt.kind !== 'object') continue;
    for (const [key, value] of alt.props) {
      const name = key.toLowerCase();
      if (!isCorsHeader(name)) continue;
      // The value as written in the headers object (not what an identifier there resolves to): that is where
      // findings point and where a fix adds `Vary` beside it.
      const written = alt.written?.get(key);
      const node = written?.node ?? value.node;
      const valueCtx = { ...ctx, file: written?.file ?? value.file ?? ctx.file, ...(written?.env ? { env: written.env } : {}) };
      const property = node?.parent?.type === T.Property ? node.parent : undefined;
      const object = (property?.parent ?? alt.node) as Node | undefined;
      const style: WriteStyle =
        object?.type === T.ObjectExpression ? { kind: 'object', object, ...(property ? { property } : {}) } : { kind: 'call', receiver: '', method: '' };
      // `{ ...(allowed && { 'Access-Control-Allow-Origin': origin }) }`: the entry exists only when `allowed` holds.
      const inline = property && valueCtx.file === ctx.file ? inlineGuards(property) : [];
      out.push(
        node
          ? write(name, node, undefined, 'set', property ?? at, [...guards, ...inline], style, ctx, valueCtx)
          : write(name, undefined, stringOf(value) ?? '?', 'set', at, guards, style, ctx),
      );
    }
  }
  return out;
}

/** The conditions between a property and the object spread it lives in (`cond && {...}`, `cond ? {...} : {}`). */
function inlineGuards(property: TSESTree.Property): Guard[] {
  const out: Guard[] = [];
  let n: Node = property.parent as Node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === T.LogicalExpression && p.right === n && p.operator !== '??') out.push({ test: p.left, holds: p.operator === '&&' });
    else if (p.type === T.ConditionalExpression && p.test !== n) out.push({ test: p.test, holds: p.consequent === n });
    else if (p.type !== T.SpreadElement && p.type !== T.ObjectExpression && p.type !== T.TSAsExpression) break;
  }
  return out;
}

function write(
  name: string,
  value: Node | undefined,
  text: string | undefined,
  mode: 'set' | 'append',
  at: Node,
  guards: readonly Guard[],
  style: WriteStyle,
  ctx: AnalysisContext,
  valueCtx: AnalysisContext = ctx,
): HeaderWrite {
  const when = checkOfGuards(guards, ctx);
  return { name, ...(value ? { value } : {}), ...(text !== undefined ? { text } : {}), file: valueCtx.file, mode, at, when, guards, style, ctx: valueCtx };
}

function headerName(node: Node, ctx: AnalysisContext): string | undefined {
  return stringOf(evaluate(node, ctx))?.toLowerCase();
}

function argText(arg: TSESTree.CallExpressionArgument | undefined, ctx: AnalysisContext): string {
  return arg ? textOf(ctx.file, arg) : 'res';
}

/** `setCorsHeaders(res, req.headers.origin)`: the helper's writes, read with its parameters bound. */
function helperWrites(call: TSESTree.CallExpression, guards: readonly Guard[], ctx: AnalysisContext, depth: number): HeaderWrite[] {
  if (!isHelperCall(call, ctx)) return [];
  const fn = evaluate(call.callee, ctx);
  if (fn.kind !== 'function' || call.arguments.length === 0) return [];
  const env = new Map(ctx.env ?? []);
  bindParams(fn.fn, call.arguments.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx))), env, { ...ctx, file: fn.file });
  const inner: AnalysisContext = { ...ctx, file: fn.file, env };
  const writes = headerWritesIn(fn.fn, inner, depth + 1);
  if (writes.length === 0) return writes;
  // The helper's own conditions are in its terms; the caller's conditions apply to all of them.
  const callerWhen = checkOfGuards(guards, ctx);
  return writes.map((w) => ({ ...w, when: and(callerWhen, w.when), guards: [...guards, ...w.guards] }));
}

/**
 * Only calls of named workspace functions can be helpers (`setCors(res, origin)`, `cors.apply(res)` on an
 * imported namespace); method calls on parameters (`res.json`, `db.find`) are skipped without evaluation.
 */
export function isHelperCall(call: TSESTree.CallExpression, ctx: AnalysisContext): boolean {
  if (call.arguments.length === 0) return false;
  const callee = unwrap(call.callee);
  if (callee.type === T.Identifier) {
    const binding = resolveIdentifier(callee);
    const source = boundModule(binding);
    if (source !== undefined) return mayWriteHeaders(source, ctx);
    return binding?.kind === 'function' || (binding?.kind === 'variable' && binding.declKind === 'const');
  }
  // `helpers.setCors(res)`: only through an imported namespace or module object.
  const object = callee.type === T.MemberExpression ? unwrap(callee.object) : undefined;
  if (object?.type !== T.Identifier || !isModuleScopeName(object)) return false;
  const binding = resolveIdentifier(object);
  const source = boundModule(binding);
  if (source !== undefined) return mayWriteHeaders(source, ctx);
  return binding?.kind === 'variable' && !!binding.declarator.init && unwrap(binding.declarator.init).type === T.CallExpression;
}

/**
 * Whether a header-name argument could name a CORS header: a name imported from a module that never mentions
 * one cannot (`params.set(Keys.CLIENT_ID, id)`), and is not worth loading that module to find out.
 */
export function mayNameCorsHeader(node: Node, ctx: AnalysisContext): boolean {
  const root = chainRoot(node);
  if (root.type !== T.Identifier) return true;
  const source = boundModule(resolveIdentifier(root));
  return source === undefined || mayWriteHeaders(source, ctx);
}

// A module that never names a CORS header (or Vary) cannot write one: skip it before parsing it.
const HEADER_TEXT = /access-control-|vary/i;
const CORS_HEADER_TEXT = /access-control-/i;

/**
 * A CORS header is written only where its name is spelled: in this file, or in a module it imports directly or
 * through others. Without that text, no header analysis of the file can find anything.
 */
export function mayReachCorsHeader(ctx: AnalysisContext): boolean {
  return reachesText(ctx.project, ctx.file, CORS_HEADER_TEXT);
}

function mayWriteHeaders(source: string, ctx: AnalysisContext): boolean {
  return moduleTextMatches(ctx.project, ctx.file, source, HEADER_TEXT);
}
