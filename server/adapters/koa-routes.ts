// The routing table of a Koa file: `app.use` (through koa-mount and koa-compose too), koa-router routes and
// `router.use`, router prefixes, routers mounted with `routes()`, and which of them a Koa app made here serves.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import type { Binding } from '../engine/scope';
import { propertyName, stringLiteral, textOf, unwrap, type Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { evaluate, isModuleValue, property, type Value } from '../engine/values';
import { handlersOf, isPathLike, joinPaths, pathArg, rootBinding, type Mount } from './app-table';
import { pathCoverage } from './express-routes';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use']);
const ROUTERS = ['@koa/router', 'koa-router'];

interface Draft {
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  readonly path?: string;
  readonly pathNode?: Node;
  readonly handlers: readonly Node[];
  readonly receiver: string;
  readonly router?: Binding;
  readonly isApp: boolean;
  /** `app.use(mount('/api', mw))`: the mount path, a prefix. */
  readonly mountPath?: string;
}

export function koaMounts(ctx: AnalysisContext): Mount[] {
  const drafts: Draft[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression) continue;
    const method = propertyName(call.callee);
    if (!method || !METHODS.has(method)) continue;
    const base = chainBase(call.callee.object);
    const receiver = evaluate(base, ctx);
    const isApp = isModuleValue(receiver, 'koa', ['()']);
    if (!isApp && !isRouter(receiver)) continue;
    drafts.push(...draftsOf(call, method, base, isApp, ctx));
  }
  const parents = routerParents(drafts);
  const prefixes = routerPrefixes(ctx);
  return drafts.map((d): Mount => {
    const full = fullPrefixes(d.router, parents, prefixes, 0);
    const owned = d.isApp || servedByApp(d.router, parents, 0);
    const path = d.method === 'use' ? joinPaths(full[0], d.mountPath ?? d.path) : joinPaths(full[0], d.path);
    const route = d.method !== 'use';
    const methods = !route ? [] : d.method === 'all' ? ['ALL'] : [d.method === 'del' ? 'DELETE' : d.method.toUpperCase()];
    const cover = path === undefined && !route ? () => true : pathCoverage(path, !route);
    return {
      call: d.call,
      kind: route ? 'route' : 'use',
      methods,
      ...(path !== undefined ? { path } : {}),
      ...(d.pathNode ? { pathNode: d.pathNode } : {}),
      handlers: d.handlers,
      receiver: d.receiver,
      ...(d.router ? { router: d.router } : {}),
      owned,
      // Koa runs every `app.use` middleware for every request; koa-router runs `router.use` middleware only
      // when a route matches the path and method (@koa/router match(): `matched.route`), never for a bare OPTIONS.
      seesOptions: d.isApp,
      covers: cover,
    };
  });
}

/** `router.get(...).post(...)`: the router the chain starts from. */
function chainBase(node: Node): Node {
  let n = unwrap(node);
  while (n.type === T.CallExpression && n.callee.type === T.MemberExpression && METHODS.has(propertyName(n.callee) ?? '')) n = unwrap(n.callee.object);
  return n;
}

function isRouter(value: Value): boolean {
  return isModuleValue(value, ROUTERS, ['()']) || isModuleValue(value, ROUTERS, ['Router', '()']);
}

function draftsOf(call: TSESTree.CallExpression, method: string, base: Node, isApp: boolean, ctx: AnalysisContext): Draft[] {
  let args = call.arguments as readonly Node[];
  let path: string | undefined;
  let pathNode: Node | undefined;
  // koa-router: `router.get('name', '/path', ...)` names a route; `router.use(['/a', '/b'], ...)` takes lists.
  if (method !== 'use' && args.length > 2 && stringLiteral(args[0]) !== undefined && isPathLike(args[1])) args = args.slice(1);
  if (!isApp && isPathLike(args[0])) {
    pathNode = args[0];
    path = pathArg(args[0]);
    args = args.slice(1);
  } else if (method !== 'use') {
    return [];
  }
  const common = { call, method, ...(path !== undefined ? { path } : {}), ...(pathNode ? { pathNode } : {}), receiver: textOf(ctx.file, base), isApp };
  const router = rootBinding(base);
  const withRouter = router ? { ...common, router } : common;
  // The handlers run together; each koa-mount `mount('/x', mw)` among them is its own prefix-scoped middleware.
  const together: Node[] = [];
  const mounted: Draft[] = [];
  for (const u of handlersOf(args).flatMap((h) => unmounted(h, ctx))) {
    if (u.path === undefined) together.push(...u.handlers);
    else mounted.push({ ...withRouter, handlers: u.handlers, mountPath: u.path });
  }
  return [...(together.length > 0 ? [{ ...withRouter, handlers: together }] : []), ...mounted];
}

/** koa-mount `mount('/api', mw)` and koa-compose `compose([a, b])` unwrapped to what runs, and under which prefix. */
function unmounted(handler: Node, ctx: AnalysisContext): { handlers: Node[]; path?: string }[] {
  const n = unwrap(handler);
  if (n.type !== T.CallExpression || n.callee.type !== T.Identifier) return [{ handlers: [handler] }];
  const callee = evaluate(n.callee, ctx);
  const args = n.arguments.filter((a) => a.type !== T.SpreadElement) as Node[];
  if (isModuleValue(callee, 'koa-compose', [])) return [{ handlers: handlersOf(args) }];
  if (!isModuleValue(callee, 'koa-mount', [])) return [{ handlers: [handler] }];
  const path = stringLiteral(args[0]);
  return [{ handlers: handlersOf(path !== undefined ? args.slice(1) : args), ...(path !== undefined ? { path } : {}) }];
}

/** Router -> the `use` registrations that mount its `routes()` / `middleware()`. */
function routerParents(drafts: readonly Draft[]): Map<Binding, Draft[]> {
  const out = new Map<Binding, Draft[]>();
  for (const d of drafts) {
    if (d.method !== 'use') continue;
    for (const h of d.handlers) {
      const n = unwrap(h);
      if (n.type !== T.CallExpression || n.callee.type !== T.MemberExpression) continue;
      if (!['routes', 'middleware'].includes(propertyName(n.callee) ?? '')) continue;
      const child = rootBinding(n.callee.object);
      if (child && child !== d.router) out.set(child, [...(out.get(child) ?? []), d]);
    }
  }
  return out;
}

/** `new Router({ prefix: '/api' })` and `router.prefix('/api')`, per router variable. */
function routerPrefixes(ctx: AnalysisContext): Map<Binding, string> {
  const out = new Map<Binding, string>();
  for (const call of ctx.file.calls) {
    if (call.type === T.CallExpression && call.callee.type === T.MemberExpression && propertyName(call.callee) === 'prefix') {
      const router = rootBinding(call.callee.object);
      const prefix = stringLiteral(call.arguments[0]);
      if (router && prefix !== undefined) out.set(router, prefix);
    }
    if (call.type !== T.NewExpression && call.type !== T.CallExpression) continue;
    const declarator = call.parent;
    if (declarator?.type !== T.VariableDeclarator || declarator.id.type !== T.Identifier || !call.arguments[0]) continue;
    if (!isRouter(evaluate(call, ctx))) continue;
    const prefix = stringOf(property(evaluate(call.arguments[0] as Node, ctx), 'prefix', ctx));
    const router = rootBinding(declarator.id);
    if (router && prefix !== undefined && !out.has(router)) out.set(router, prefix);
  }
  return out;
}

/** The full prefixes a router's routes get: its parents' paths and its own prefix (`[undefined]`: none). */
function fullPrefixes(router: Binding | undefined, parents: Map<Binding, Draft[]>, own: Map<Binding, string>, depth: number): (string | undefined)[] {
  const self = router ? own.get(router) : undefined;
  const ups = router ? parents.get(router) : undefined;
  if (!ups || depth > 4) return [self];
  return ups.flatMap((p) => fullPrefixes(p.router, parents, own, depth + 1).map((pre) => joinPaths(joinPaths(pre, p.mountPath ?? p.path), self)));
}

/** A router whose routes a Koa app made here mounts (possibly through other routers). */
function servedByApp(router: Binding | undefined, parents: Map<Binding, Draft[]>, depth: number): boolean {
  const ups = router ? parents.get(router) : undefined;
  if (!ups || depth > 4) return false;
  return ups.some((p) => p.isApp || servedByApp(p.router, parents, depth + 1));
}
