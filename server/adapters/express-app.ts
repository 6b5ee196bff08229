// What an Express app in one file tells about each route: whether something answers its OPTIONS preflight,
// why browsers would preflight it, and which origin gates (`if (!allowed) return 403; next()`) run before it.
import { ALWAYS, matchersOf, type OriginCheck } from '../model/origin-check';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';
import { and, or } from '../model/check-logic';
import { siteOf } from '../engine/source';
import { checkOfGuards } from '../engine/checks';
import { credentialsOf } from '../engine/grants';
import type { Site } from '../model/span';
import { callbackCalls } from '../engine/guarded';
import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode, Node } from '../engine/source';
import { evaluate, isModuleValue, type Value } from '../engine/values';
import { pathCoverage, type Registration } from './express-routes';
import { headerWritesIn } from './header-writes';
import { headerTriggers, SIMPLE_METHODS } from './requests';

export interface AppFacts {
  readonly regs: readonly Registration[];
  /** The file makes an express() app: routes registered here are the whole story. */
  readonly ownsApp: boolean;
  /** `express.json()` / `bodyParser.json()` mounted for every route. */
  readonly globalJson: boolean;
  /** Registrations whose middleware answers OPTIONS, with the paths they cover. */
  readonly answerers: readonly Coverage[];
  /** Middleware that calls `next()` only for some origins, with the paths it guards. */
  readonly gates: readonly (Coverage & { readonly check: OriginCheck })[];
  /** Middleware that sends Access-Control-Allow-Credentials: true for every route it covers. */
  readonly credentialWriters: readonly (Coverage & { readonly site: Site })[];
}

interface Coverage {
  readonly reg: Registration;
  readonly covers: (path: string | undefined) => boolean;
}

export function appFacts(regs: readonly Registration[], writers: ReadonlySet<FunctionNode>, ctx: AnalysisContext): AppFacts {
  const coverage = (reg: Registration): Coverage => {
    const tests = reg.paths.map((p) => pathCoverage(p, reg.method === 'use'));
    return { reg, covers: (path) => tests.some((t) => t(path)) };
  };
  const answerers = regs.filter((r) => {
    if (r.method === 'options' || (r.method === 'all' && r.handlers.some((h) => isCorsMiddleware(h, ctx)))) return true;
    // `app.use(cors())` answers preflights itself; any other global middleware lets Express's automatic
    // OPTIONS response (200 with Allow) go out with whatever CORS headers it set.
    return r.method === 'use' && r.handlers.some((h) => isCorsMiddleware(h, ctx) || writesCorsHeaders(h, writers, ctx));
  });
  const gates = regs.flatMap((r) => {
    if (r.method !== 'use') return [];
    const check = or(...r.handlers.map((h) => nextCondition(h, ctx)));
    return matchersOf(check).length > 0 ? [{ ...coverage(r), check }] : [];
  });
  const credentialWriters = regs.flatMap((r) => {
    if (r.method !== 'use') return [];
    const write = r.handlers.flatMap((h) => credentialWrites(h, ctx))[0];
    return write ? [{ ...coverage(r), site: write }] : [];
  });
  return {
    regs,
    credentialWriters,
    ownsApp: regs.some((r) => r.owned),
    globalJson: regs.some((r) => r.method === 'use' && r.path === undefined && r.handlers.some((h) => isJsonParser(h, ctx))),
    answerers: answerers.map(coverage),
    gates,
  };
}

export function isCorsFactory(value: Value): boolean {
  return isModuleValue(value, 'cors', []);
}

/** `cors(...)` itself, or a variable holding the middleware it returned. */
export function isCorsMiddleware(node: Node, ctx: AnalysisContext): boolean {
  return isModuleValue(evaluate(node, ctx), 'cors', ['()']);
}

function isJsonParser(node: Node, ctx: AnalysisContext): boolean {
  return isModuleValue(evaluate(node, ctx), ['express', 'body-parser'], ['json', '()']);
}

export function handlerFunction(node: Node, ctx: AnalysisContext): (Value & { kind: 'function' }) | undefined {
  const v = evaluate(node, ctx);
  return v.kind === 'function' ? v : undefined;
}

function writesCorsHeaders(node: Node, writers: ReadonlySet<FunctionNode>, ctx: AnalysisContext): boolean {
  const fn = handlerFunction(node, ctx);
  if (!fn) return false;
  if (fn.file === ctx.file) return writers.has(fn.fn);
  return headerWritesIn(fn.fn, { ...ctx, file: fn.file }).some((w) => w.name !== 'vary');
}

/** Where a middleware writes Access-Control-Allow-Credentials: true, if it does. */
function credentialWrites(handler: Node, ctx: AnalysisContext): Site[] {
  const fn = handlerFunction(handler, ctx);
  if (!fn) return [];
  return headerWritesIn(fn.fn, { ...ctx, file: fn.file })
    .filter((w) => w.name === 'access-control-allow-credentials' && w.value && credentialsOf(evaluate(w.value, w.ctx)) === true)
    .map((w) => siteOf(w.value ?? w.at, { file: w.file }));
}

/**
 * CORS headers split across middleware: credentials allowed by one middleware apply to the origin another
 * one (or a route) sets, on every path both cover.
 */
export function withSharedCredentials(policy: CorsPolicy, reg: Registration | undefined, app: AppFacts): CorsPolicy {
  if (policy.credentials.value === true || !reg) return policy;
  const shared = app.credentialWriters.find((c) => c.reg !== reg && reg.paths.some((p) => c.covers(p)));
  return shared ? { ...policy, credentials: { value: true, site: shared.site } } : policy;
}

/** When a middleware passes the request on: the origin checks on the way to its `next()` calls. */
function nextCondition(handler: Node, ctx: AnalysisContext): OriginCheck {
  const fn = handlerFunction(handler, ctx);
  if (!fn || fn.fn.params.length < 3) return ALWAYS;
  const calls = callbackCalls(fn.fn, 2);
  if (!calls || calls.length === 0) return ALWAYS;
  const inner = { ...ctx, file: fn.file, env: undefined };
  return or(...calls.map((c) => checkOfGuards(c.guards, inner)));
}

/** The origin gates that run before `route` and cover its path, as one check. */
export function gateFor(route: Registration | undefined, app: AppFacts): OriginCheck {
  if (!route) return ALWAYS;
  const before = app.gates.filter((g) => g.reg.call.range[0] < route.call.range[0] && route.paths.some((p) => g.covers(p)));
  return and(...before.map((g) => g.check));
}

export function routePreflight(route: Registration, app: AppFacts): CorsPolicy['preflight']['value'] {
  const covered = app.answerers.some((a) => a.reg !== route && route.paths.some((p) => a.covers(p)));
  if (covered) return 'answered';
  // Routers may be mounted by another file behind a CORS middleware; only a whole app here tells.
  return route.owned ? 'unanswered' : 'unknown';
}

export function routeTriggers(route: Registration, app: AppFacts, ctx: AnalysisContext, allowedHeaders: unknown): PreflightTrigger[] {
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

export function routeOf(route: Registration): CorsPolicy['route'] {
  const path = route.paths.find((p) => p !== undefined) ?? route.path;
  return { methods: [route.method.toUpperCase()], ...(path !== undefined ? { path } : {}) };
}
