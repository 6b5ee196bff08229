// The routing table of a Hono file (`new Hono()`, `new OpenAPIHono()`): `use`, `get/post/...`, `on(methods, path)`,
// `all`, chains, `basePath`, sub-apps mounted with `route(prefix, sub)`, and whether an app made here is served here.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import * as path from 'node:path';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier, type Binding } from '../engine/scope';
import { memberPath, propertyName, stringLiteral, textOf, unwrap, type Node } from '../engine/source';
import { evaluate, type Value } from '../engine/values';
import { handlersOf, isPathLike, joinPaths, pathArg, rootBinding, type Mount } from './app-table';
import { pathCoverage } from './express-routes';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all', 'use', 'on', 'route', 'basePath']);
export const HONO_SOURCES = ['hono', 'hono/tiny', 'hono/quick', 'npm:hono', 'jsr:@hono/hono', '@hono/hono'];
// Files that conventionally hold the app a runtime serves (`export default app` in a Worker's src/index.ts).
const ENTRY_FILE = /^(index|server|main|worker|_worker)\.[cm]?[jt]sx?$/;

interface Draft {
  readonly call: TSESTree.CallExpression;
  readonly methods: readonly string[] | 'use';
  readonly path?: string;
  readonly pathNode?: Node;
  readonly handlers: readonly Node[];
  readonly receiver: string;
  readonly app?: Binding;
}

/** Whether `value` is a Hono app: `new Hono()`, possibly through `.basePath(...)`. */
export function isHonoApp(value: Value): boolean {
  if (value.kind !== 'module') return false;
  const steps = value.path[0] === 'default' ? value.path.slice(1) : value.path;
  const hono = HONO_SOURCES.includes(value.source) && steps[0] === 'Hono';
  // @hono/zod-openapi's OpenAPIHono is a Hono app with typed routes on top.
  const openApi = value.source === '@hono/zod-openapi' && steps[0] === 'OpenAPIHono';
  if ((!hono && !openApi) || steps[1] !== '()') return false;
  for (let i = 2; i < steps.length; i += 2) if (steps[i] !== 'basePath' || steps[i + 1] !== '()') return false;
  return true;
}

export function honoMounts(ctx: AnalysisContext): Mount[] {
  const drafts: Draft[] = [];
  const subApps = new Map<Binding, { parent?: Binding; prefix?: string }[]>();
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression) continue;
    const method = propertyName(call.callee);
    if (!method || !METHODS.has(method) || method === 'basePath') continue;
    const { base, previousPath } = chain(call.callee.object);
    if (!isHonoApp(evaluate(base, ctx))) continue;
    const app = rootBinding(base);
    if (method === 'route') {
      const sub = call.arguments[1] && unwrap(call.arguments[1] as Node);
      const subApp = sub?.type === T.Identifier ? resolveIdentifier(sub) : undefined;
      if (subApp) subApps.set(subApp, [...(subApps.get(subApp) ?? []), { ...(app ? { parent: app } : {}), ...optional('prefix', stringLiteral(call.arguments[0])) }]);
      continue;
    }
    const draft = draftOf(call, method, previousPath, ctx);
    if (draft) drafts.push({ ...draft, receiver: textOf(ctx.file, base), ...(app ? { app } : {}) });
  }
  const served = servedApps(ctx);
  return drafts.map((d): Mount => {
    const prefix = prefixOf(d.app, subApps, 0);
    const use = d.methods === 'use';
    // A sub-app's own middleware without a path runs for everything under its mount prefix.
    const full = use && d.path === undefined && prefix ? joinPaths(prefix, '*') : joinPaths(prefix, d.path);
    return {
      call: d.call,
      kind: use ? 'use' : 'route',
      methods: use ? [] : d.methods,
      ...optional('path', full),
      ...(d.pathNode ? { pathNode: d.pathNode } : {}),
      handlers: d.handlers,
      receiver: d.receiver,
      ...(d.app ? { router: d.app } : {}),
      owned: isServed(d.app, subApps, served, 0),
      seesOptions: use,
      // Hono matches middleware paths like route paths: `/api` is that path only, `/api/*` everything below it.
      covers: full === undefined ? () => true : pathCoverage(full, false),
    };
  });
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** `app.get('/a', h).post(h2)`: the app the chain starts from, and the path a path-less link inherits. */
function chain(node: Node): { base: Node; previousPath?: string } {
  let n = unwrap(node);
  let previousPath: string | undefined;
  while (n.type === T.CallExpression && n.callee.type === T.MemberExpression && METHODS.has(propertyName(n.callee) ?? '') && propertyName(n.callee) !== 'basePath') {
    previousPath ??= pathArg(n.arguments[propertyName(n.callee) === 'on' ? 1 : 0] as Node | undefined);
    n = unwrap(n.callee.object);
  }
  return { base: n, ...optional('previousPath', previousPath) };
}

function draftOf(call: TSESTree.CallExpression, method: string, previousPath: string | undefined, ctx: AnalysisContext): Omit<Draft, 'receiver'> | undefined {
  let args = call.arguments as readonly Node[];
  let methods: readonly string[] | 'use' = method === 'use' ? 'use' : method === 'all' ? ['ALL'] : [method.toUpperCase()];
  if (method === 'on') {
    const names = evaluate(args[0] as Node, ctx);
    const list = names.kind === 'array' ? names.elements : [names];
    const upper = list.map((v) => (v.kind === 'string' ? v.value.toUpperCase() : undefined));
    if (args.length < 3 || upper.some((m) => m === undefined)) return undefined;
    methods = upper as string[];
    args = args.slice(1);
  }
  let pathNode: Node | undefined;
  let routePath: string | undefined = method === 'use' ? undefined : previousPath;
  if (isPathLike(args[0])) {
    pathNode = args[0];
    routePath = pathArg(args[0]);
    args = args.slice(1);
  } else if (method !== 'use' && previousPath === undefined) {
    return undefined;
  }
  const handlers = handlersOf(args);
  if (handlers.length === 0) return undefined;
  return { call, methods, ...optional('path', routePath), ...(pathNode ? { pathNode } : {}), handlers };
}

/** The prefix an app's routes get: its own `basePath` and the prefixes it is mounted under with `route()`. */
function prefixOf(app: Binding | undefined, subApps: Map<Binding, { parent?: Binding; prefix?: string }[]>, depth: number): string | undefined {
  if (!app || depth > 4) return undefined;
  const own = basePathOf(app);
  const mount = subApps.get(app)?.[0];
  const outer = mount ? joinPaths(prefixOf(mount.parent, subApps, depth + 1), mount.prefix) : undefined;
  const viaBase = app.kind === 'variable' && app.declarator.init ? derivedFrom(app.declarator.init) : undefined;
  const inherited = viaBase && viaBase !== app ? prefixOf(viaBase, subApps, depth + 1) : undefined;
  return joinPaths(joinPaths(inherited, outer), own);
}

/** `new Hono().basePath('/api')`, `app.basePath('/v1')`: the base paths written in the declaration. */
function basePathOf(app: Binding): string | undefined {
  if (app.kind !== 'variable' || !app.declarator.init) return undefined;
  let n = unwrap(app.declarator.init);
  const parts: string[] = [];
  while (n.type === T.CallExpression && n.callee.type === T.MemberExpression && propertyName(n.callee) === 'basePath') {
    const p = stringLiteral(n.arguments[0]);
    if (p !== undefined) parts.unshift(p);
    n = unwrap(n.callee.object);
  }
  return parts.reduce<string | undefined>((acc, p) => joinPaths(acc, p), undefined);
}

/** `const api = app.basePath('/api')` shares `app`'s router: `api` is served wherever `app` is. */
function derivedFrom(init: Node): Binding | undefined {
  const n = unwrap(init);
  return n.type === T.CallExpression ? rootBinding(n) : undefined;
}

function isServed(app: Binding | undefined, subApps: Map<Binding, { parent?: Binding }[]>, served: ReadonlySet<Binding>, depth: number): boolean {
  if (!app || depth > 4) return false;
  if (served.has(app)) return true;
  const base = app.kind === 'variable' && app.declarator.init ? derivedFrom(app.declarator.init) : undefined;
  if (base && base !== app && isServed(base, subApps, served, depth + 1)) return true;
  return (subApps.get(app) ?? []).some((m) => isServed(m.parent, subApps, served, depth + 1));
}

/**
 * Apps a runtime serves from this file: `app.fetch` handed over (`serve({ fetch: app.fetch })`, `Deno.serve`,
 * `export default { fetch: app.fetch }`), `serve(app)` / `handle(app)` from a Hono adapter, `app.fire()`, or
 * `export default app` in an entry file. Sub-apps in route files export themselves for another file to mount.
 */
function servedApps(ctx: AnalysisContext): Set<Binding> {
  const out = new Set<Binding>();
  const add = (n: Node | undefined | null) => {
    const id = n && unwrap(n);
    const binding = id?.type === T.Identifier ? resolveIdentifier(id) : undefined;
    if (binding) out.add(binding);
  };
  const fetchOf = (n: Node | undefined | null) => {
    const p = n ? memberPath(n) : undefined;
    if (p && p.length === 2 && p[1] === 'fetch' && n?.type === T.MemberExpression) add(n.object);
  };
  for (const obj of ctx.file.objects) for (const prop of obj.properties) if (prop.type === T.Property) fetchOf(prop.value);
  for (const call of ctx.file.calls) {
    for (const arg of call.arguments) fetchOf(arg);
    if (call.type === T.CallExpression && call.callee.type === T.MemberExpression && propertyName(call.callee) === 'fire') add(call.callee.object);
    const callee = call.type === T.CallExpression && call.callee.type === T.Identifier ? evaluate(call.callee, ctx) : undefined;
    if (callee?.kind === 'module' && /^(@hono\/|hono\/)/.test(callee.source)) add(call.arguments[0] as Node | undefined);
  }
  for (const stmt of ctx.file.ast.body) {
    if (stmt.type === T.ExportDefaultDeclaration && ENTRY_FILE.test(path.basename(ctx.file.path))) add(stmt.declaration as Node);
  }
  return out;
}
