// Express, Connect-style routers and node:http: the `cors` package under any name, hand-written headers in
// middleware, routes and `http.createServer` handlers, and which routes have their OPTIONS preflight answered.
import { AST_NODE_TYPES as T, type TSESTree } from '@typescript-eslint/types';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';
import type { Fix } from '../model/fix';
import { siteOf } from '../engine/checks';
import type { AnalysisContext } from '../engine/origin-reads';
import { enclosingFunction, isFunction, propertyName, textOf, unwrap, type FunctionNode, type Node } from '../engine/source';
import { resolveIdentifier } from '../engine/scope';
import { evaluate, isModuleValue, type Value } from '../engine/values';
import { CORS_PACKAGE, corsSettings } from './cors-options';
import { enclosingStatement, insertStatementBefore, usesSemicolons } from './edits';
import { pathCoverage, registrations, type Registration } from './express-routes';
import { headerWritesIn, isCorsHeader, isHelperCall, WRITE_METHODS } from './header-writes';
import { manualPolicy } from './manual-policy';
import { answersOptions, dispatchedMethods, headerTriggers, SIMPLE_METHODS } from './requests';
import type { Adapter } from './adapter';

export const expressAdapter: Adapter = {
  name: 'express',
  policies(ctx) {
    const regs = registrations(ctx.file.calls, ctx);
    const writers = corsWriters(ctx);
    const app = appFacts(regs, writers, ctx);
    return [...corsMiddlewarePolicies(regs, app, ctx), ...manualPolicies(regs, app, writers, ctx)];
  },
};

interface AppFacts {
  readonly regs: readonly Registration[];
  /** The file creates an express() app: routes registered here are the whole story. */
  readonly ownsApp: boolean;
  /** `express.json()` / `bodyParser.json()` mounted for every route. */
  readonly globalJson: boolean;
  /** Registrations whose middleware answers OPTIONS, with the paths they cover. */
  readonly preflightAnswerers: readonly { readonly reg: Registration; readonly covers: (path: string | undefined) => boolean }[];
}

function appFacts(regs: readonly Registration[], writers: ReadonlySet<FunctionNode>, ctx: AnalysisContext): AppFacts {
  const answerers = regs.filter((r) => {
    if (r.method === 'options' || (r.method === 'all' && r.handlers.some((h) => isCorsCall(h, ctx)))) return true;
    // `app.use(cors())` answers preflights itself; any other global middleware lets Express's automatic
    // OPTIONS response (200 with Allow) go out with whatever CORS headers it set.
    return r.method === 'use' && r.handlers.some((h) => isCorsCall(h, ctx) || writesCorsHeaders(h, writers, ctx));
  });
  return {
    regs,
    ownsApp: regs.some((r) => r.owned),
    globalJson: regs.some((r) => r.method === 'use' && r.path === undefined && r.handlers.some((h) => isJsonParser(h, ctx))),
    preflightAnswerers: answerers.map((reg) => ({ reg, covers: pathCoverage(reg.path, reg.method === 'use') })),
  };
}

function isCorsFactory(value: Value): boolean {
  return isModuleValue(value, 'cors', []);
}

/** `cors(...)` itself, or a variable holding the middleware it returned. */
function isCorsCall(node: Node, ctx: AnalysisContext): boolean {
  const n = unwrap(node);
  if (n.type === T.CallExpression) return isCorsFactory(evaluate(n.callee, ctx));
  const v = evaluate(n, ctx);
  return isModuleValue(v, 'cors', ['()']);
}

function isJsonParser(node: Node, ctx: AnalysisContext): boolean {
  const v = evaluate(node, ctx);
  return isModuleValue(v, ['express', 'body-parser'], ['json', '()']);
}

function writesCorsHeaders(node: Node, writers: ReadonlySet<FunctionNode>, ctx: AnalysisContext): boolean {
  const fn = handlerFunction(node, ctx);
  if (!fn) return false;
  if (fn.file === ctx.file) return writers.has(fn.fn);
  return headerWritesIn(fn.fn, { ...ctx, file: fn.file }).some((w) => w.name !== 'vary');
}

function handlerFunction(node: Node, ctx: AnalysisContext): (Value & { kind: 'function' }) | undefined {
  const v = evaluate(node, ctx);
  return v.kind === 'function' ? v : undefined;
}

function corsMiddlewarePolicies(regs: readonly Registration[], app: AppFacts, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  const mountsOf = corsMounts(regs);
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || !isCorsFactory(evaluate(call.callee, ctx))) continue;
    const uses = mountsOf.get(call) ?? [];
    const settings = corsSettings(call.arguments[0], CORS_PACKAGE, ctx);
    const site = siteOf(call, ctx);
    const base = {
      framework: 'cors',
      label: 'cors() middleware',
      site,
      origin: settings.origin,
      credentials: settings.credentials,
      methods: settings.methods,
      allowedHeaders: settings.allowedHeaders,
      exposedHeaders: settings.exposedHeaders,
      maxAge: settings.maxAge,
      varyOrigin: settings.varyOrigin,
      fixes: {},
    };
    const routes = uses.filter((r) => r.method !== 'use' && r.method !== 'options' && r.method !== 'all');
    if (uses.length === 0 || routes.length < uses.length) {
      // Mounted with use/options/all (it answers OPTIONS itself), or not mounted here at all.
      out.push({ ...base, preflight: { value: uses.length === 0 ? 'unknown' : 'answered' }, preflightTriggers: [] });
      continue;
    }
    for (const route of routes) {
      const preflight = routePreflight(route, app);
      const triggers = preflight === 'unanswered' ? routeTriggers(route, app, ctx, settings.allowedHeaders.value) : [];
      const answerPreflight = preflight === 'unanswered' ? optionsRouteFix(route, call, ctx) : undefined;
      out.push({
        ...base,
        route: { methods: [route.method.toUpperCase()], ...(route.path !== undefined ? { path: route.path } : {}) },
        preflight: { value: preflight },
        preflightTriggers: triggers,
        fixes: answerPreflight ? { answerPreflight } : {},
      });
    }
  }
  return out;
}

/** Registrations of each `cors(...)` call: the call itself as a handler, or a const initialised with it. */
function corsMounts(regs: readonly Registration[]): Map<Node, Registration[]> {
  const out = new Map<Node, Registration[]>();
  for (const reg of regs) {
    for (const handler of reg.handlers) {
      let h = unwrap(handler);
      if (h.type === T.Identifier) {
        const binding = resolveIdentifier(h);
        if (binding?.kind !== 'variable' || !binding.declarator.init || binding.path.length > 0) continue;
        h = unwrap(binding.declarator.init);
      }
      if (h.type !== T.CallExpression) continue;
      const list = out.get(h) ?? [];
      list.push(reg);
      out.set(h, list);
    }
  }
  return out;
}

function routePreflight(route: Registration, app: AppFacts): CorsPolicy['preflight']['value'] {
  const covered = app.preflightAnswerers.some((a) => a.reg !== route && a.covers(route.path));
  if (covered) return 'answered';
  // Routers may be mounted by another file behind a CORS middleware; only a whole app here tells.
  return app.ownsApp || route.owned ? 'unanswered' : 'unknown';
}

function routeTriggers(route: Registration, app: AppFacts, ctx: AnalysisContext, allowedHeaders: unknown): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  const method = route.method.toUpperCase();
  const at = { site: siteOf(route.call.callee, ctx) };
  if (!SIMPLE_METHODS.has(method) && method !== 'ALL' && method !== 'USE') out.push({ reason: `the route accepts ${method} requests`, ...at });
  const json = app.globalJson || route.handlers.some((h) => isJsonParser(h, ctx));
  if (json && (method === 'POST' || method === 'PUT' || method === 'PATCH')) out.push({ reason: 'the app parses JSON request bodies', ...at });
  if (Array.isArray(allowedHeaders) && allowedHeaders.some((h) => /^(authorization|x-)/i.test(String(h)))) {
    out.push({ reason: `allowedHeaders lists ${allowedHeaders.join(', ')}`, ...at });
  }
  for (const handler of route.handlers) {
    const fn = handlerFunction(handler, ctx);
    if (fn) out.push(...headerTriggers(fn.fn, { ...ctx, file: fn.file }));
  }
  return out;
}

/** `app.options('/x', cors(sameOptions))` before `app.put('/x', cors(sameOptions), ...)`. */
function optionsRouteFix(route: Registration, corsCall: TSESTree.CallExpression, ctx: AnalysisContext): Fix | undefined {
  const stmt = enclosingStatement(route.call);
  if (!stmt || !route.pathNode) return undefined;
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const code = `${route.receiver}.options(${textOf(ctx.file, route.pathNode)}, ${textOf(ctx.file, corsCall)})${semi}`;
  return { title: `Answer the preflight: add ${route.receiver}.options(${textOf(ctx.file, route.pathNode)}, ...)`, edits: insertStatementBefore(ctx.file, stmt, code), safe: false };
}

/** Every function here that writes CORS headers by hand, directly or through a helper, as one policy each. */
function manualPolicies(regs: readonly Registration[], app: AppFacts, writers: ReadonlySet<FunctionNode>, ctx: AnalysisContext): CorsPolicy[] {
  const mounted = new Map<FunctionNode, Registration>();
  for (const reg of regs) {
    for (const h of reg.handlers) {
      const fn = unwrap(h);
      if (isFunction(fn)) mounted.set(fn, reg);
    }
  }
  const servers = new Set(serverHandlers(ctx));
  const out: CorsPolicy[] = [];
  for (const fn of writers) {
    const writes = headerWritesIn(fn, ctx);
    if (!writes.some((w) => w.name === 'access-control-allow-origin')) continue;
    const reg = mounted.get(fn);
    const server = servers.has(fn);
    const preflight = manualPreflight(fn, reg, server, app);
    // Triggers only matter when nothing answers the preflight; reading them costs a walk of the handler.
    const triggers = preflight !== 'unanswered' ? [] : [...(reg ? routeTriggers(reg, app, ctx, undefined) : methodTriggers(fn, ctx)), ...(reg ? [] : headerTriggers(fn, ctx))];
    const policy = manualPolicy({
      framework: server ? 'node:http' : 'express',
      label: 'This handler',
      site: siteOf(fn, ctx),
      writes,
      ...(reg && reg.method !== 'use' ? { route: { methods: [reg.method.toUpperCase()], ...(reg.path !== undefined ? { path: reg.path } : {}) } } : {}),
      preflight: { value: preflight },
      triggers,
      varyStatement: (receiver) => (server ? `${receiver}.setHeader('Vary', 'Origin')` : `${receiver}.vary('Origin')`),
    });
    if (policy) out.push(policy);
  }
  return out;
}

function manualPreflight(fn: FunctionNode, reg: Registration | undefined, server: boolean, app: AppFacts): CorsPolicy['preflight']['value'] {
  if (answersOptions(fn)) return 'answered';
  if (reg?.method === 'use' || reg?.method === 'options' || reg?.method === 'all') return 'answered';
  if (reg) return routePreflight(reg, app);
  // A bare node:http handler that routes by method sends OPTIONS to its not-found branch.
  if (server) return dispatchedMethods(fn).length > 0 ? 'unanswered' : 'unknown';
  return 'unknown';
}

function methodTriggers(fn: FunctionNode, ctx: AnalysisContext): PreflightTrigger[] {
  return dispatchedMethods(fn)
    .filter((m) => !SIMPLE_METHODS.has(m) && m !== 'OPTIONS')
    .map((m) => ({ reason: `the handler accepts ${m} requests`, site: siteOf(fn, ctx) }));
}

const SERVER_METHODS = new Set(['createServer', 'createSecureServer', 'on']);

/** `http.createServer(handler)`, `https.createServer(options, handler)`, `server.on('request', handler)`. */
function serverHandlers(ctx: AnalysisContext): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression) continue;
    if (!SERVER_METHODS.has(propertyName(call.callee) ?? '')) continue;
    const callee = evaluate(call.callee, ctx);
    const isServer = ['http', 'https', 'http2', 'node:http', 'node:https', 'node:http2'].some((m) => isModuleValue(callee, m, ['createServer']) || isModuleValue(callee, m, ['createSecureServer']));
    const isRequestEvent = call.callee.type === T.MemberExpression && textOf(ctx.file, call.callee).endsWith('.on') && evaluate(call.arguments[0] ?? call, ctx).kind === 'string' && (evaluate(call.arguments[0] as Node, ctx) as { value: string }).value === 'request';
    if (!isServer && !isRequestEvent) continue;
    for (const arg of call.arguments) {
      const fn = unwrap(arg);
      if (isFunction(fn)) out.push(fn);
    }
  }
  return out;
}

/**
 * Functions that write CORS headers: those with a header write of their own (innermost function), and those
 * calling a workspace helper that does (`setCorsHeaders(res, origin)`, here or imported).
 */
function corsWriters(ctx: AnalysisContext): Set<FunctionNode> {
  const direct = new Set<FunctionNode>();
  const helperCalls: TSESTree.CallExpression[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression) continue;
    if (isHelperCall(call)) helperCalls.push(call);
    if (call.callee.type !== T.MemberExpression || !WRITE_METHODS.has(propertyName(call.callee) ?? '')) continue;
    if (!writesCorsHeader(call, ctx)) continue;
    const fn = enclosingFunction(call);
    if (fn) direct.add(fn);
  }
  const out = new Set(direct);
  for (const call of helperCalls) {
    const caller = enclosingFunction(call);
    if (!caller || out.has(caller)) continue;
    const callee = evaluate(call.callee, ctx);
    if (callee.kind !== 'function') continue;
    const writes = callee.file === ctx.file ? direct.has(callee.fn) : headerWritesIn(callee.fn, { ...ctx, file: callee.file }).length > 0;
    if (writes) out.add(caller);
  }
  return out;
}

function writesCorsHeader(call: TSESTree.CallExpression, ctx: AnalysisContext): boolean {
  const first = call.arguments[0];
  const last = call.arguments[call.arguments.length - 1];
  for (const arg of [first, last]) {
    if (!arg || arg.type === T.SpreadElement) continue;
    const v = evaluate(arg, ctx);
    if (v.kind === 'string' && isCorsHeader(v.value.toLowerCase())) return true;
    if (v.kind === 'object' && [...v.props.keys()].some((k) => isCorsHeader(k.toLowerCase()))) return true;
  }
  return false;
}
