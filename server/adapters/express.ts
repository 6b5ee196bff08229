// Express, Connect-style routers and node:http: the `cors` package under any name, hand-written headers in
// middleware, routes and `http.createServer` handlers, and which routes have their OPTIONS preflight answered.
import { AST_NODE_TYPES as T, type TSESTree } from '@typescript-eslint/types';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';
import type { Fix } from '../model/fix';
import { siteOf } from '../engine/checks';
import type { AnalysisContext } from '../engine/origin-reads';
import { enclosingFunction, isFunction, textOf, unwrap, type FunctionNode, type Node } from '../engine/source';
import { evaluate, isModuleValue, type Value } from '../engine/values';
import { CORS_PACKAGE, corsSettings } from './cors-options';
import { enclosingStatement, insertStatementBefore, usesSemicolons } from './edits';
import { pathCovers, registrations, type Registration } from './express-routes';
import { headerWritesIn, isCorsHeader } from './header-writes';
import { manualPolicy } from './manual-policy';
import { answersOptions, dispatchedMethods, headerTriggers, SIMPLE_METHODS } from './requests';
import type { Adapter } from './adapter';

export const expressAdapter: Adapter = {
  name: 'express',
  policies(ctx) {
    const regs = registrations(ctx.file.calls, ctx);
    const app = appFacts(regs, ctx);
    return [...corsMiddlewarePolicies(regs, app, ctx), ...manualPolicies(regs, app, ctx)];
  },
};

interface AppFacts {
  readonly regs: readonly Registration[];
  /** The file creates an express() app: routes registered here are the whole story. */
  readonly ownsApp: boolean;
  /** `express.json()` / `bodyParser.json()` mounted for every route. */
  readonly globalJson: boolean;
  /** Registrations whose middleware answers OPTIONS for the paths they cover. */
  readonly preflightAnswerers: readonly Registration[];
}

function appFacts(regs: readonly Registration[], ctx: AnalysisContext): AppFacts {
  const answerers = regs.filter((r) => {
    if (r.method === 'options' || (r.method === 'all' && r.handlers.some((h) => isCorsCall(h, ctx)))) return true;
    // `app.use(cors())` answers preflights itself; any other global middleware lets Express's automatic
    // OPTIONS response (200 with Allow) go out with whatever CORS headers it set.
    return r.method === 'use' && r.handlers.some((h) => isCorsCall(h, ctx) || writesCorsHeaders(h, ctx));
  });
  return {
    regs,
    ownsApp: regs.some((r) => r.owned),
    globalJson: regs.some((r) => r.method === 'use' && r.path === undefined && r.handlers.some((h) => isJsonParser(h, ctx))),
    preflightAnswerers: answerers,
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

function writesCorsHeaders(node: Node, ctx: AnalysisContext): boolean {
  const fn = handlerFunction(node, ctx);
  return !!fn && headerWritesIn(fn.fn, { ...ctx, file: fn.file }).some((w) => isCorsHeader(w.name) && w.name !== 'vary');
}

function handlerFunction(node: Node, ctx: AnalysisContext): (Value & { kind: 'function' }) | undefined {
  const v = evaluate(node, ctx);
  return v.kind === 'function' ? v : undefined;
}

function corsMiddlewarePolicies(regs: readonly Registration[], app: AppFacts, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || !isCorsFactory(evaluate(call.callee, ctx))) continue;
    const uses = regs.filter((r) => r.handlers.some((h) => refersTo(h, call)));
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
      const triggers = routeTriggers(route, app, ctx, settings.allowedHeaders.value);
      const preflight = routePreflight(route, app);
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

/** Is `handler` the cors() call itself or a variable initialised with it? */
function refersTo(handler: Node, call: TSESTree.CallExpression): boolean {
  const h = unwrap(handler);
  if (h === call) return true;
  if (h.type !== T.Identifier) return false;
  let n: Node | undefined = call.parent;
  while (n && n.type !== T.VariableDeclarator) n = n.type === T.TSAsExpression ? n.parent : undefined;
  return !!n && n.type === T.VariableDeclarator && n.id.type === T.Identifier && n.id.name === h.name;
}

function routePreflight(route: Registration, app: AppFacts): CorsPolicy['preflight']['value'] {
  const covered = app.preflightAnswerers.some((r) => r !== route && (r.method === 'use' ? pathCovers(r.path === undefined ? undefined : r.path + '/*', route.path) || r.path === undefined : pathCovers(r.path, route.path)));
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

/** Every function here that writes CORS headers by hand, and every mounted handler (their helpers count). */
function manualPolicies(regs: readonly Registration[], app: AppFacts, ctx: AnalysisContext): CorsPolicy[] {
  const candidates = new Map<FunctionNode, { reg?: Registration; server?: boolean }>();
  for (const reg of regs) {
    for (const h of reg.handlers) {
      const fn = unwrap(h);
      if (isFunction(fn)) candidates.set(fn, { reg });
    }
  }
  for (const fn of serverHandlers(ctx)) candidates.set(fn, { server: true });
  for (const w of directWriters(ctx)) if (!candidates.has(w)) candidates.set(w, {});
  const out: CorsPolicy[] = [];
  for (const [fn, where] of candidates) {
    const writes = headerWritesIn(fn, ctx);
    if (!writes.some((w) => w.name === 'access-control-allow-origin')) continue;
    const reg = where.reg;
    const policy = manualPolicy({
      framework: where.server ? 'node:http' : 'express',
      label: 'This handler',
      site: siteOf(fn, ctx),
      writes,
      ...(reg && reg.method !== 'use' ? { route: { methods: [reg.method.toUpperCase()], ...(reg.path !== undefined ? { path: reg.path } : {}) } } : {}),
      preflight: { value: manualPreflight(fn, reg, where.server === true, app) },
      triggers: [...(reg ? routeTriggers(reg, app, ctx, undefined) : methodTriggers(fn, ctx)), ...headerTriggers(fn, ctx)],
      varyStatement: (receiver) => (where.server ? `${receiver}.setHeader('Vary', 'Origin')` : `${receiver}.vary('Origin')`),
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

/** `http.createServer(handler)`, `https.createServer(options, handler)`, `server.on('request', handler)`. */
function serverHandlers(ctx: AnalysisContext): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression) continue;
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

/** Innermost functions that themselves contain a CORS header write. */
function directWriters(ctx: AnalysisContext): Set<FunctionNode> {
  const out = new Set<FunctionNode>();
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression) continue;
    const arg = call.arguments[0];
    const name = arg && arg.type !== T.SpreadElement ? evaluate(arg, ctx) : undefined;
    const corsish = name?.kind === 'string' ? isCorsHeader(name.value.toLowerCase()) : name?.kind === 'object' && [...name.props.keys()].some((k) => isCorsHeader(k.toLowerCase()));
    const objectArg = call.arguments[call.arguments.length - 1];
    const headObj = !corsish && objectArg && objectArg.type === T.ObjectExpression && objectArg.properties.some((p) => p.type === T.Property && /access-control/i.test(textOf(ctx.file, p.key)));
    if (!corsish && !headObj) continue;
    const fn = enclosingFunction(call);
    if (fn) out.add(fn);
  }
  return out;
}
