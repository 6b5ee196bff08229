// What a handler that sees every method sends back to an OPTIONS request: it follows the code with the method
// fixed to OPTIONS (`req.method === 'PUT'` is false, a `switch` takes its default) and reads the statuses of
// the responses that path can end in: `res.status(405).end()`, `return new Response(null, { status: 204 })`.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import { walkFunction, type Guard } from '../engine/flow';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier } from '../engine/scope';
import { parentOf, propertyName, stringLiteral, unwrap, type FunctionNode, type Node } from '../engine/source';
import { bindParams } from '../engine/function-calls';
import { evaluate, property, UNKNOWN, type Value } from '../engine/values';
import { isMethodRead } from './requests';

/** `ok`: a 2xx answer; `error`: every path ends in a non-2xx status; `unknown`: delegated, mixed or unreadable. */
export type OptionsAnswer = 'ok' | 'error' | 'unknown';

const OPTIONS = 'OPTIONS';

/** Whether a path with these guards can run for an OPTIONS request (false only when a method test excludes it). */
export function reachableForOptions(guards: readonly Guard[], ctx: AnalysisContext): boolean {
  return guards.every((g) => {
    if (!g.test) return true;
    const t = g.test.type === T.SwitchCase ? caseTruth(g.test) : methodTruth(g.test, ctx, 0);
    return t === undefined || t === g.holds;
  });
}

/** Whether `test` holds when the request method is OPTIONS; undefined when it does not depend on the method alone. */
export function methodTruth(test: Node, ctx: AnalysisContext, depth: number): boolean | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(test);
  switch (n.type) {
    case T.UnaryExpression:
      if (n.operator !== '!') return undefined;
      return invert(methodTruth(n.argument, ctx, depth + 1));
    case T.LogicalExpression: {
      const l = methodTruth(n.left, ctx, depth + 1);
      const r = methodTruth(n.right, ctx, depth + 1);
      if (n.operator === '&&') return l === false || r === false ? false : l === true && r === true ? true : undefined;
      if (n.operator === '||') return l === true || r === true ? true : l === false && r === false ? false : undefined;
      return undefined;
    }
    case T.BinaryExpression: {
      if (!['===', '==', '!==', '!='].includes(n.operator) || n.left.type === T.PrivateIdentifier) return undefined;
      const method = isMethodRead(n.left) ? n.right : isMethodRead(n.right) ? n.left : undefined;
      const value = method && stringOf(method, ctx);
      if (value === undefined) return undefined;
      const same = value.toUpperCase() === OPTIONS;
      return n.operator.startsWith('!') ? !same : same;
    }
    case T.CallExpression: {
      // ['GET', 'POST'].includes(req.method)
      if (n.callee.type !== T.MemberExpression || propertyName(n.callee) !== 'includes' || !n.arguments[0] || !isMethodRead(n.arguments[0])) return undefined;
      const list = evaluate(n.callee.object, ctx);
      if (list.kind !== 'array' || list.open) return undefined;
      const names = list.elements.map((e) => (e.kind === 'string' ? e.value.toUpperCase() : undefined));
      return names.includes(OPTIONS) ? true : names.every((x) => x !== undefined) ? false : undefined;
    }
    case T.Identifier: {
      const binding = resolveIdentifier(n);
      if (binding?.kind === 'variable' && binding.declKind === 'const' && binding.path.length === 0 && binding.declarator.init) {
        return methodTruth(binding.declarator.init, ctx, depth + 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function stringOf(node: Node, ctx: AnalysisContext): string | undefined {
  const literal = stringLiteral(node);
  if (literal !== undefined) return literal;
  const v = evaluate(node, ctx);
  return v.kind === 'string' ? v.value : undefined;
}

function invert(t: boolean | undefined): boolean | undefined {
  return t === undefined ? undefined : !t;
}

/** A `case` of a `switch (req.method)`: taken for OPTIONS when it (or an empty case falling into it) says so. */
function caseTruth(c: TSESTree.SwitchCase): boolean | undefined {
  const sw = parentOf(c);
  if (sw?.type !== T.SwitchStatement || !isMethodRead(sw.discriminant)) return undefined;
  const labels = (k: TSESTree.SwitchCase) => (k.test ? stringLiteral(k.test)?.toUpperCase() : undefined);
  if (!c.test) return !sw.cases.some((k) => labels(k) === OPTIONS);
  const index = sw.cases.indexOf(c);
  for (let i = index; i >= 0; i--) {
    const k = sw.cases[i] as TSESTree.SwitchCase;
    if (i < index && k.consequent.length > 0) break;
    if (labels(k) === OPTIONS) return true;
  }
  return false;
}

/** The statuses an OPTIONS request can end in, for a Node-style `(req, res)` handler or a Fetch-style one. */
export function optionsAnswer(fn: FunctionNode, ctx: AnalysisContext, style: 'node' | 'fetch'): OptionsAnswer {
  const statuses: (number | undefined)[] = [];
  const res = style === 'node' ? paramName(fn, 1) : undefined;
  if (style === 'node' && !res) return 'unknown';
  walkFunction(fn, (node, guards) => {
    if (!reachableForOptions(guards, ctx)) return;
    if (style === 'fetch') {
      if (node.type === T.ReturnStatement && node.argument) statuses.push(...responseStatuses(node.argument, ctx, 0));
    } else if (node.type !== T.ReturnStatement) {
      statuses.push(...nodeStatuses(node, res as string));
    }
  });
  if (fn.body.type !== T.BlockStatement && style === 'fetch') statuses.push(...responseStatuses(fn.body, ctx, 0));
  if (statuses.length === 0 || statuses.includes(undefined)) return 'unknown';
  const ok = statuses.map((s) => (s as number) >= 200 && (s as number) < 300);
  return ok.every(Boolean) ? 'ok' : ok.some(Boolean) ? 'unknown' : 'error';
}

function paramName(fn: FunctionNode, index: number): string | undefined {
  const p = fn.params[index];
  return p?.type === T.Identifier ? p.name : undefined;
}

const SENDS = new Set(['end', 'json', 'send', 'redirect']);

/** `res.status(405).json(...)`, `res.end()`, `res.writeHead(204)`; a call handing `res` on is a delegation (unknown). */
function nodeStatuses(node: Node, res: string): (number | undefined)[] {
  const n = unwrap(node);
  if (n.type !== T.CallExpression) return [];
  if (n.arguments.some((a) => a.type === T.Identifier && a.name === res)) return [undefined];
  if (n.callee.type !== T.MemberExpression) return [];
  const method = propertyName(n.callee);
  if (!method || !SENDS.has(method) || rootName(n.callee.object) !== res) return [];
  if (method === 'redirect') return [302];
  let status = 200;
  for (let c: Node = unwrap(n.callee.object); c.type === T.CallExpression && c.callee.type === T.MemberExpression; c = unwrap(c.callee.object)) {
    const name = propertyName(c.callee);
    if (name === 'status' || name === 'writeHead') {
      const arg = c.arguments[0];
      const value = arg && arg.type === T.Literal && typeof arg.value === 'number' ? arg.value : undefined;
      if (value === undefined) return [undefined];
      status = value;
    }
  }
  return [status];
}

function rootName(node: Node): string | undefined {
  let n = unwrap(node);
  while (n.type === T.CallExpression || n.type === T.MemberExpression) n = unwrap(n.type === T.CallExpression ? n.callee : n.object);
  return n.type === T.Identifier ? n.name : undefined;
}

/** Statuses of the Responses `expr` can be: `new Response(b, { status })`, `Response.json(d, init)`, a helper's returns. */
function responseStatuses(expr: Node, ctx: AnalysisContext, depth: number): (number | undefined)[] {
  const n = unwrap(expr);
  if (depth > 4) return [undefined];
  if (n.type === T.ConditionalExpression) {
    const t = methodTruth(n.test, ctx, 0);
    return [...(t !== false ? responseStatuses(n.consequent, ctx, depth + 1) : []), ...(t !== true ? responseStatuses(n.alternate, ctx, depth + 1) : [])];
  }
  if (n.type === T.NewExpression) {
    const callee = unwrap(n.callee);
    return callee.type === T.Identifier && /Response$/.test(callee.name) ? [statusOfInit(n.arguments[1], ctx)] : [undefined];
  }
  if (n.type === T.Identifier) {
    const binding = resolveIdentifier(n);
    const init = binding?.kind === 'variable' && binding.declKind === 'const' && binding.path.length === 0 ? binding.declarator.init : undefined;
    return init ? responseStatuses(init, ctx, depth + 1) : [undefined];
  }
  if (n.type !== T.CallExpression) return [undefined];
  const callee = unwrap(n.callee);
  if (callee.type === T.MemberExpression && unwrap(callee.object).type === T.Identifier && /Response$/.test((unwrap(callee.object) as TSESTree.Identifier).name)) {
    const method = propertyName(callee);
    if (method === 'json') return [statusOfInit(n.arguments[1], ctx)];
    if (method === 'redirect' || method === 'error') return [method === 'error' ? 500 : 302];
    return [undefined]; // NextResponse.next()/rewrite(): the request goes on to something else
  }
  return helperStatuses(n, ctx, depth);
}

function statusOfInit(init: TSESTree.CallExpressionArgument | undefined, ctx: AnalysisContext): number | undefined {
  if (!init) return 200;
  if (init.type === T.SpreadElement) return undefined;
  const status = property(evaluate(init, ctx), 'status', ctx);
  if (status.kind === 'undefined') return 200;
  return status.kind === 'number' ? status.value : undefined;
}

/** `return json(data, 405)`: the statuses of a workspace helper's returns, its parameters bound. */
function helperStatuses(call: TSESTree.CallExpression, ctx: AnalysisContext, depth: number): (number | undefined)[] {
  const fn: Value = evaluate(call.callee, ctx);
  if (fn.kind !== 'function') return [undefined];
  const env = new Map(ctx.env ?? []);
  bindParams(fn.fn, call.arguments.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx))), env, { ...ctx, file: fn.file });
  const inner: AnalysisContext = { ...ctx, file: fn.file, env };
  if (fn.fn.body.type !== T.BlockStatement) return responseStatuses(fn.fn.body, inner, depth + 1);
  const out: (number | undefined)[] = [];
  walkFunction(fn.fn, (node, guards) => {
    if (node.type === T.ReturnStatement && node.argument && reachableForOptions(guards, inner)) out.push(...responseStatuses(node.argument, inner, depth + 1));
  });
  return out.length > 0 ? out : [undefined];
}
