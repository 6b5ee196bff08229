// The routing table of a Fastify file: routes (`app.put(path, [opts], handler)`, `app.route({ method, url })`),
// hooks (`addHook`), `register(cors, ...)` calls, each in its encapsulation context, and which routes' OPTIONS
// preflight something answers. Fastify answers no OPTIONS by itself: without a route for it, it is a 404.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import type { Binding } from '../engine/scope';
import { propertyName, stringLiteral, textOf, unwrap, type FunctionNode, type Node, type SourceFile } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { alternatives, evaluate, isModuleValue, property, type Value } from '../engine/values';
import type { CorsLibrary } from './cors-options';
import { fastifyCorsLibrary, pluginSettings, type PluginSettings } from './fastify-cors';
import { fastifyScopes, isRegisterCall } from './fastify-scopes';

export interface Handler {
  readonly fn: FunctionNode;
  readonly file: SourceFile;
  /** The route handler itself, or a route-level hook (`{ onRequest: checkOrigin }`). */
  readonly role: 'handler' | 'hook';
}

interface Registered {
  readonly call: TSESTree.CallExpression;
  /** The encapsulation contexts it sits in, its own first (see fastify-scopes). */
  readonly chain: readonly Binding[];
}

export interface FastifyRoute extends Registered {
  /** Upper-case methods; `ALL` (`app.all`) registers every method Fastify supports, OPTIONS included. */
  readonly methods: readonly string[];
  readonly path?: string;
  readonly handlers: readonly Handler[];
  /** The route options object (`schema.body` says the route takes a JSON body). */
  readonly options?: Value;
  /** Registered on an app made here by `Fastify()`, not in a plugin registered by another file. */
  readonly owned: boolean;
}

export interface FastifyHook extends Registered {
  readonly name: string;
  readonly fn: FunctionNode;
  readonly file: SourceFile;
}

export interface CorsPlugin extends Registered {
  readonly lib: CorsLibrary;
  readonly settings: PluginSettings;
}

export interface FastifyApp {
  readonly routes: readonly FastifyRoute[];
  readonly hooks: readonly FastifyHook[];
  readonly corsPlugins: readonly CorsPlugin[];
  /** @fastify/formbody or @fastify/multipart is registered: POST bodies need not be JSON. */
  readonly formBodies: boolean;
  /** Plugins this file cannot see into that may set up CORS (@fastify/autoload, a workspace plugin mentioning it). */
  readonly opaquePlugins: readonly Registered[];
}

const SHORTHANDS = new Set(['get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'all']);
// Hooks that run before the response goes out, in the order of the Fastify request lifecycle.
const ROUTE_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend'];
const FORM_PLUGINS = ['@fastify/formbody', '@fastify/multipart', 'fastify-formbody', 'fastify-multipart'];

/** Whether the file uses Fastify at all (an import or require of fastify, a fastify plugin or @fastify/*). */
export function importsFastify(file: SourceFile): boolean {
  if (!/fastify/.test(file.text)) return false;
  const isFastify = (s: unknown) => typeof s === 'string' && /^(fastify|fastify-.+|@fastify\/.+)$/.test(s);
  if (file.ast.body.some((s) => s.type === T.ImportDeclaration && isFastify(s.source.value))) return true;
  return file.calls.some((c) => c.type === T.CallExpression && c.callee.type === T.Identifier && c.callee.name === 'require' && isFastify(stringLiteral(c.arguments[0])));
}

export function fastifyApp(ctx: AnalysisContext): FastifyApp {
  const isFactory = (n: Node) => isFastifyFactory(evaluate(n, ctx));
  const calls = ctx.file.calls.filter((c): c is TSESTree.CallExpression => c.type === T.CallExpression && c.callee.type === T.MemberExpression);
  const scopes = fastifyScopes(calls.filter(isRegisterCall), ctx, isFactory);
  const chainOf = (call: TSESTree.CallExpression) => scopes.chainOf((call.callee as TSESTree.MemberExpression).object);
  const routes: FastifyRoute[] = [];
  const hooks: FastifyHook[] = [];
  const corsPlugins: CorsPlugin[] = [];
  const opaquePlugins: Registered[] = [];
  let formBodies = false;
  for (const call of calls) {
    const name = propertyName(call.callee as TSESTree.MemberExpression);
    if (name === 'register' && call.arguments[0]) {
      const plugin = call.arguments[0] as Node;
      const lib = fastifyCorsLibrary(plugin, ctx);
      if (lib) corsPlugins.push({ call, chain: chainOf(call), lib, settings: pluginSettings(call.arguments[1] as Node | undefined, lib, ctx) });
      else if (mayRegisterCors(plugin, ctx)) opaquePlugins.push({ call, chain: chainOf(call) });
      else formBodies ||= FORM_PLUGINS.some((p) => isModuleValue(evaluate(plugin, ctx), p, []));
    } else if (name === 'addHook') {
      const hookName = stringLiteral(call.arguments[0]);
      const fns = hookName && call.arguments[1] ? functionsOf(evaluate(call.arguments[1] as Node, ctx)) : [];
      for (const h of fns) hooks.push({ call, chain: chainOf(call), name: hookName as string, fn: h.fn, file: h.file });
    } else if (name === 'route' || (name && SHORTHANDS.has(name))) {
      const route = name === 'route' ? fullRoute(call, ctx) : shorthandRoute(call, name, ctx);
      const chain = route && chainOf(call);
      if (route && chain) routes.push({ ...route, ...withPrefix(route.path, scopes.prefixOf(chain)), call, chain, owned: scopes.isOwned(chain) });
    }
  }
  return { routes, hooks, corsPlugins, formBodies, opaquePlugins };
}

const MENTIONS_CORS = /cors|access-control-allow|\.options\(|['"]OPTIONS['"]/i;

/**
 * Whether a registered plugin may set up CORS where this file cannot see it: @fastify/autoload (it loads a whole
 * folder), a plugin from another workspace file that mentions CORS or OPTIONS, or a value we cannot read.
 * Plugins written in this file are read where they are; other packages are no CORS plugins.
 */
function mayRegisterCors(plugin: Node, ctx: AnalysisContext): boolean {
  const n = unwrap(plugin);
  if (n.type === T.ImportExpression) return !(n.source.type === T.Literal && typeof n.source.value === 'string' && !n.source.value.startsWith('.'));
  return alternatives(evaluate(n, ctx)).some((v) => {
    if (v.kind === 'module') {
      if (/^(@fastify\/autoload|fastify-autoload)$/.test(v.source)) return true;
      // `export default fp(async (app) => ...)` in another file: a call of fastify-plugin made there.
      return v.source === 'fastify-plugin' && !!v.file && v.file !== ctx.file && MENTIONS_CORS.test(v.file.text);
    }
    if (v.kind === 'function') return v.file !== ctx.file && MENTIONS_CORS.test(v.file.text);
    if (v.kind === 'namespace') return MENTIONS_CORS.test(v.target.text);
    return v.kind === 'unknown';
  });
}

/** `/stock/:sku` registered under `{ prefix: '/partners' }` is `/partners/stock/:sku`. */
function withPrefix(path: string | undefined, prefix: string): { path?: string } {
  if (path === undefined) return {};
  if (!prefix) return { path };
  return { path: (prefix.replace(/\/$/, '') + (path.startsWith('/') || path === '' ? path : '/' + path)).replace(/\/$/, '') || '/' };
}

/** `Fastify()`, `fastify()`, `require('fastify')()`, `import { fastify } from 'fastify'`. */
function isFastifyFactory(value: Value): boolean {
  return isModuleValue(value, 'fastify', ['()']) || isModuleValue(value, 'fastify', ['fastify', '()']);
}

type RouteShape = Omit<FastifyRoute, 'call' | 'chain' | 'owned'>;

/** `app.put('/x', handler)`, `app.put('/x', { preHandler }, handler)`, `app.put('/x', { handler })`. */
function shorthandRoute(call: TSESTree.CallExpression, method: string, ctx: AnalysisContext): RouteShape | undefined {
  const [pathArg, second, third] = call.arguments as readonly (Node | undefined)[];
  const path = pathArg && stringOf(evaluate(pathArg, ctx));
  // A route path starts with '/' or is the wildcard; `cache.get('key', fallback)` is no route.
  if (path === undefined || !/^[/*]/.test(path) || !second) return undefined;
  const first = evaluate(second, ctx);
  const options = third || first.kind === 'object' ? first : undefined;
  const handler = third ? evaluate(third, ctx) : options ? property(options, 'handler', ctx) : first;
  const handlers = [...hooksOf(options, ctx), ...functionsOf(handler).map((h) => ({ ...h, role: 'handler' as const }))];
  if (handlers.length === 0) return undefined;
  return { methods: [method.toUpperCase()], path, handlers, ...(options ? { options } : {}) };
}

/** `app.route({ method: ['PUT', 'PATCH'], url: '/x', preHandler, handler })`. */
function fullRoute(call: TSESTree.CallExpression, ctx: AnalysisContext): RouteShape | undefined {
  const arg = call.arguments[0];
  const options = arg && arg.type !== T.SpreadElement ? evaluate(arg, ctx) : undefined;
  if (options?.kind !== 'object') return undefined;
  const method = property(options, 'method', ctx);
  const list = method.kind === 'array' ? method.elements : [method];
  const methods = list.map(stringOf).filter((m): m is string => m !== undefined).map((m) => m.toUpperCase());
  if (methods.length === 0) return undefined;
  const path = stringOf(property(options, 'url', ctx)) ?? stringOf(property(options, 'path', ctx));
  const handlers = [...hooksOf(options, ctx), ...functionsOf(property(options, 'handler', ctx)).map((h) => ({ ...h, role: 'handler' as const }))];
  return { methods, ...(path !== undefined ? { path } : {}), handlers, options };
}

function hooksOf(options: Value | undefined, ctx: AnalysisContext): Handler[] {
  if (options?.kind !== 'object') return [];
  return ROUTE_HOOKS.flatMap((hook) => functionsOf(property(options, hook, ctx)).map((h) => ({ ...h, role: 'hook' as const })));
}

/** A function value, or each function of an array of them (`preHandler: [auth, cors]`). */
function functionsOf(value: Value): { fn: FunctionNode; file: SourceFile }[] {
  const items = value.kind === 'array' ? value.elements.flatMap(alternatives) : alternatives(value);
  return items.flatMap((v) => (v.kind === 'function' ? [{ fn: v.fn, file: v.file }] : []));
}

/** Whether something registered in `scope` may reach a route in `chain` (unreadable contexts: it may). */
export function reaches(scope: readonly Binding[], chain: readonly Binding[]): boolean {
  const own = scope[0];
  return own === undefined || chain.length === 0 || chain.includes(own);
}

/** Whether something registered in `scope` certainly reaches a route in `chain`. */
export function surelyReaches(scope: readonly Binding[], chain: readonly Binding[]): boolean {
  const own = scope[0];
  return own !== undefined && chain.includes(own);
}

/** The source text of the instance a route or hook is registered on (`app`, `fastify`), for fixes. */
export function receiverOf(call: TSESTree.CallExpression, ctx: AnalysisContext): string {
  return call.callee.type === T.MemberExpression ? textOf(ctx.file, call.callee.object) : 'fastify';
}
