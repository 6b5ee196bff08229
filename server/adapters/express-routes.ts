// The routing table of an Express (or Connect-style) file: `app.use`, `app.get/post/...`, `router.route(p).put`,
// which middleware each registration holds, and whether the app or router was created in this file.
import { AST_NODE_TYPES as T, type TSESTree } from '@typescript-eslint/types';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier, type Binding } from '../engine/scope';
import { propertyName, stringLiteral, textOf, unwrap, type Node } from '../engine/source';
import { evaluate, isModuleValue } from '../engine/values';

export const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use']);

export interface Registration {
  readonly call: TSESTree.CallExpression;
  /** Lower-case method, or 'use' for middleware. */
  readonly method: string;
  /** The path as written; undefined for `app.use(mw)` and unreadable paths. */
  readonly path?: string;
  readonly pathNode?: Node;
  /** The middleware and handlers, arrays flattened. */
  readonly handlers: readonly Node[];
  /** Source text of the app or router (`app`, `router`), for fixes. */
  readonly receiver: string;
  /** The app/router variable, to tell apps apart. */
  readonly owner?: Binding;
  /** Created in this file by `express()` / `express.Router()`, not received or exported for others to extend. */
  readonly owned: boolean;
}

export function registrations(calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[], ctx: AnalysisContext): Registration[] {
  const out: Registration[] = [];
  for (const call of calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression) continue;
    const method = propertyName(call.callee)?.toLowerCase();
    if (!method || !ROUTE_METHODS.has(method)) continue;
    const reg = registration(call, method, ctx);
    if (reg) out.push(reg);
  }
  return out;
}

function registration(call: TSESTree.CallExpression, method: string, ctx: AnalysisContext): Registration | undefined {
  const callee = call.callee as TSESTree.MemberExpression;
  let receiverNode: Node = callee.object;
  let args = call.arguments as readonly Node[];
  let path: string | undefined;
  let pathNode: Node | undefined;
  const routeCall = unwrap(receiverNode);
  // router.route('/x').put(handler)
  if (routeCall.type === T.CallExpression && routeCall.callee.type === T.MemberExpression && propertyName(routeCall.callee) === 'route') {
    pathNode = routeCall.arguments[0];
    path = pathOf(pathNode);
    receiverNode = routeCall.callee.object;
  } else if (args[0] && isPathArg(args[0])) {
    pathNode = args[0];
    path = pathOf(args[0]);
    args = args.slice(1);
  }
  const handlers = args.flatMap((a) => (a.type === T.ArrayExpression ? (a.elements.filter(Boolean) as Node[]) : [a]));
  if (handlers.length === 0 || !handlers.every((h) => isHandlerLike(h))) return undefined;
  // `map.get(key, fallback)`-like calls have no function-like handler; a registration needs one.
  if (!handlers.some((h) => isHandlerLike(h, true))) return undefined;
  const owner = rootBinding(receiverNode);
  return {
    call,
    method: method === 'del' ? 'delete' : method,
    ...(path !== undefined ? { path } : {}),
    ...(pathNode ? { pathNode } : {}),
    handlers,
    receiver: textOf(ctx.file, receiverNode),
    ...(owner ? { owner } : {}),
    owned: isOwnedApp(receiverNode, ctx),
  };
}

function isPathArg(node: Node): boolean {
  const n = unwrap(node);
  return stringLiteral(n) !== undefined || n.type === T.TemplateLiteral || (n.type === T.Literal && 'regex' in n) || (n.type === T.ArrayExpression && n.elements.every((e) => e && (stringLiteral(e) !== undefined || (e.type === T.Literal && 'regex' in e))));
}

function pathOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.Literal && 'regex' in n && n.regex) return `/${n.regex.pattern}/`;
  return stringLiteral(n);
}

function isHandlerLike(node: Node, strict = false): boolean {
  const n = unwrap(node);
  switch (n.type) {
    case T.ArrowFunctionExpression:
    case T.FunctionExpression:
    case T.CallExpression:
      return true;
    case T.Identifier:
    case T.MemberExpression:
      return !strict;
    default:
      return false;
  }
}

function rootBinding(node: Node): Binding | undefined {
  let n = unwrap(node);
  while (n.type === T.MemberExpression) n = unwrap(n.object);
  return n.type === T.Identifier ? resolveIdentifier(n) : undefined;
}

/**
 * An app made here with `express()` is complete in this file. A Router that leaves the file may be mounted
 * behind an app that answers OPTIONS, so it is not owned; neither are apps received as parameters.
 */
function isOwnedApp(receiver: Node, ctx: AnalysisContext): boolean {
  const value = evaluate(receiver, ctx);
  return isModuleValue(value, 'express', ['()']) || isModuleValue(value, ['fastify', 'restify', 'polka', 'connect'], ['()']);
}

const CATCH_ALL = /^\/?(\*|\(\.\*\)|\*splat|\{\*\w+\}|\*\w+|\.\*|\/\.\*\/)$|^\/\(\.\*\)$|^\/\.\*\/$/;
const WILDCARD_TAIL = /\/?(\*|\(\.\*\)|\{\*\w+\}|\*\w+)$/;

/**
 * Which route paths a registration path covers: itself, everything for a catch-all (`*`, `/*`, `(.*)`,
 * `/{*splat}`), the routes under a wildcard prefix (`/api/*`), and for `use` mounts every path below them.
 */
export function pathCoverage(pattern: string | undefined, mount: boolean): (path: string | undefined) => boolean {
  if (pattern === undefined || CATCH_ALL.test(pattern) || (mount && (pattern === '/' || pattern === ''))) return () => true;
  const prefix = mount ? pattern.replace(/\/$/, '') : pattern.replace(WILDCARD_TAIL, '');
  const isPrefix = mount || prefix !== pattern;
  return (path) => path !== undefined && (path === pattern || (isPrefix && prefix.length > 0 && (path === prefix || path.startsWith(prefix + '/'))));
}
