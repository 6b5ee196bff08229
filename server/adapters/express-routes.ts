// The routing table of an Express (or Connect-style) file: `app.use`, `app.get/post/...`, `router.route(p).put`,
// routers mounted under prefixes, which middleware each registration holds, and whether the app is made here.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { importedSources } from '../engine/modules';
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
  /** The paths it answers once the routers it sits on are mounted (`app.use('/api', router)`). */
  readonly paths: readonly (string | undefined)[];
  /** The middleware and handlers, arrays flattened. */
  readonly handlers: readonly Node[];
  /** Source text of the app or router (`app`, `router`), for fixes. */
  readonly receiver: string;
  /** The app/router variable, to tell apps apart. */
  readonly owner?: Binding;
  /** The app is made here by `express()` (or mounts this router here): routes registered here are the whole story. */
  readonly owned: boolean;
}

type Draft = Omit<Registration, 'paths' | 'owned'> & { readonly appMadeHere: boolean };

export function registrations(calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[], ctx: AnalysisContext): Registration[] {
  const drafts: Draft[] = [];
  const makesApps = importedSources(ctx.file).some((s) => APP_PACKAGES.includes(s));
  for (const call of calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression) continue;
    const method = propertyName(call.callee)?.toLowerCase();
    if (!method || !ROUTE_METHODS.has(method)) continue;
    const draft = registration(call, method, makesApps, ctx);
    if (draft) drafts.push(draft);
  }
  const mounts = routerMounts(drafts);
  return drafts.map(({ appMadeHere, ...d }) => {
    const prefixes = prefixesOf(d.owner, mounts, 0);
    return {
      ...d,
      paths: prefixes.map((p) => (p === undefined ? d.path : joinPath(p, d.path))),
      owned: appMadeHere || ownedThroughMounts(d.owner, mounts, drafts, 0),
    };
  });
}

function registration(call: TSESTree.CallExpression, method: string, makesApps: boolean, ctx: AnalysisContext): Draft | undefined {
  let args = call.arguments as readonly Node[];
  let path: string | undefined;
  let pathNode: Node | undefined;
  const base = routeBase(call);
  if (base.routeCall) {
    pathNode = base.routeCall.arguments[0];
    path = pathOf(pathNode);
  } else if (args[0] && isPathArg(args[0])) {
    pathNode = args[0];
    path = pathOf(args[0]);
    args = args.slice(1);
  } else if (method !== 'use') {
    return undefined; // `app.get(handler)` is not a route; `cache.get(key, fallback)` is not either
  }
  const handlers = args.flatMap((a) => (a.type === T.ArrayExpression ? (a.elements.filter(Boolean) as Node[]) : [a]));
  if (handlers.length === 0 || !handlers.every(isHandlerLike)) return undefined;
  const owner = rootBinding(base.receiver);
  return {
    call,
    method: method === 'del' ? 'delete' : method,
    ...(path !== undefined ? { path } : {}),
    ...(pathNode ? { pathNode } : {}),
    handlers,
    receiver: textOf(ctx.file, base.receiver),
    ...(owner ? { owner } : {}),
    appMadeHere: makesApps && isExpressApp(base.receiver, ctx),
  };
}

/** `app.route('/x').options(a).put(b)`: walk back through the chain to the app and the `.route()` call. */
function routeBase(call: TSESTree.CallExpression): { receiver: Node; routeCall?: TSESTree.CallExpression } {
  let receiver = unwrap((call.callee as TSESTree.MemberExpression).object);
  while (receiver.type === T.CallExpression && receiver.callee.type === T.MemberExpression) {
    const name = propertyName(receiver.callee);
    if (name === 'route') return { receiver: receiver.callee.object, routeCall: receiver };
    if (!name || !ROUTE_METHODS.has(name)) break;
    receiver = unwrap(receiver.callee.object);
  }
  return { receiver };
}

function isPathArg(node: Node): boolean {
  const n = unwrap(node);
  const isRegex = (e: Node) => e.type === T.Literal && 'regex' in e;
  return stringLiteral(n) !== undefined || n.type === T.TemplateLiteral || isRegex(n) || (n.type === T.ArrayExpression && n.elements.every((e) => e && (stringLiteral(e) !== undefined || isRegex(e))));
}

function pathOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.Literal && 'regex' in n && n.regex) return `/${n.regex.pattern}/`;
  return stringLiteral(n);
}

function isHandlerLike(node: Node): boolean {
  const n = unwrap(node);
  return [T.ArrowFunctionExpression, T.FunctionExpression, T.CallExpression, T.Identifier, T.MemberExpression].includes(n.type);
}

function rootBinding(node: Node): Binding | undefined {
  let n = unwrap(node);
  while (n.type === T.MemberExpression) n = unwrap(n.object);
  return n.type === T.Identifier ? resolveIdentifier(n) : undefined;
}

const APP_PACKAGES = ['express', 'connect', 'polka', 'restify'];

function isExpressApp(receiver: Node, ctx: AnalysisContext): boolean {
  return isModuleValue(evaluate(receiver, ctx), APP_PACKAGES, ['()']);
}

/** Router binding -> the `use` registrations that mount it (`app.use('/api', router)`). */
function routerMounts(drafts: readonly Draft[]): Map<Binding, Draft[]> {
  const out = new Map<Binding, Draft[]>();
  for (const d of drafts) {
    if (d.method !== 'use') continue;
    for (const h of d.handlers) {
      const n = unwrap(h);
      const binding = n.type === T.Identifier ? resolveIdentifier(n) : undefined;
      if (!binding || binding === d.owner) continue;
      out.set(binding, [...(out.get(binding) ?? []), d]);
    }
  }
  return out;
}

/** Mount prefixes of a router: `[undefined]` when it is not mounted here (its own paths are all we know). */
function prefixesOf(owner: Binding | undefined, mounts: Map<Binding, Draft[]>, depth: number): (string | undefined)[] {
  const parents = owner ? mounts.get(owner) : undefined;
  if (!parents || depth > 4) return [undefined];
  return parents.flatMap((m) => prefixesOf(m.owner, mounts, depth + 1).map((p) => (p === undefined ? m.path ?? '' : joinPath(p, m.path))));
}

/** A router mounted (here) by an app made here is as complete as that app. */
function ownedThroughMounts(owner: Binding | undefined, mounts: Map<Binding, Draft[]>, drafts: readonly Draft[], depth: number): boolean {
  const parents = owner ? mounts.get(owner) : undefined;
  if (!parents || depth > 4) return false;
  return parents.some((m) => drafts.some((d) => d.owner === m.owner && d.appMadeHere) || ownedThroughMounts(m.owner, mounts, drafts, depth + 1));
}

function joinPath(prefix: string, path: string | undefined): string | undefined {
  if (path === undefined) return prefix;
  return (prefix.replace(/\/$/, '') + '/' + path.replace(/^\//, '')).replace(/\/$/, '') || '/';
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
