// Preflight in Koa and Hono apps, which (unlike Express) never answer OPTIONS themselves: an OPTIONS request gets
// a 2xx carrying CORS headers only from a CORS middleware it reaches, an OPTIONS branch in a middleware, or an
// OPTIONS route; anything else ends in the framework's 404 and the browser blocks the real request.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { siteOf, textOf, unwrap, type Node } from '../engine/source';
import type { ValueOf } from '../engine/values';
import type { Mount } from './app-table';
import { enclosingStatement, insertStatementBefore, usesSemicolons } from './edits';
import { headerWritesIn } from './header-writes';
import { answersOptions, headerTriggers, SIMPLE_METHODS } from './requests';

type PreflightValue = CorsPolicy['preflight']['value'];

/** What a middleware does with the requests that reach it; 'unknown' when it cannot be read. */
export interface MiddlewareFacts {
  /** It answers OPTIONS with a 2xx itself (a CORS middleware, an OPTIONS branch, koa-router's allowedMethods()). */
  readonly answers: boolean | 'unknown';
  /** It adds CORS headers to the responses it sees. */
  readonly cors: boolean | 'unknown';
}

export interface Family {
  middleware(handler: Node, ctx: AnalysisContext): MiddlewareFacts;
  /** The function a handler argument runs (Hono's `createMiddleware(fn)` runs `fn`). */
  handler(handler: Node, ctx: AnalysisContext): ValueOf<'function'> | undefined;
  /** Why browsers preflight a route beyond its method and the headers it reads (a JSON body parser). */
  bodyTriggers(route: Mount, ctx: AnalysisContext): PreflightTrigger[];
}

export interface AppFacts {
  readonly mounts: readonly Mount[];
  /** Mounts that answer OPTIONS with CORS headers for the paths they cover. */
  readonly answerers: readonly Mount[];
  /** Mounts that answer OPTIONS with a 2xx but add no CORS headers: enough only behind app-level CORS headers. */
  readonly bare: readonly Mount[];
  /** Middleware that OPTIONS requests reach and that adds CORS headers to them. */
  readonly corsHeaders: readonly Mount[];
  /** OPTIONS requests reach middleware nobody can read: nothing is judged unanswered then. */
  readonly opaque: boolean;
}

export function appFacts(mounts: readonly Mount[], family: Family, ctx: AnalysisContext): AppFacts {
  const facts = { mounts, answerers: [] as Mount[], bare: [] as Mount[], corsHeaders: [] as Mount[], opaque: false };
  for (const m of mounts) {
    if (m.kind === 'route' && !isOptionsRoute(m)) continue;
    if (m.kind === 'use' && !m.seesOptions) continue;
    const all = m.handlers.map((h) => family.middleware(h, ctx));
    const cors = all.some((f) => f.cors === true || (m.kind === 'route' && f.cors === 'unknown'));
    // An OPTIONS route answers (Koa and Hono send 404 only when no handler responds); a middleware must say so.
    const answers = m.kind === 'route' || all.some((f) => f.answers === true);
    if (answers) (cors ? facts.answerers : facts.bare).push(m);
    if (cors && m.kind === 'use') facts.corsHeaders.push(m);
    if (m.kind === 'use' && !answers && all.some((f) => f.answers === 'unknown')) facts.opaque = true;
  }
  return facts;
}

/** A route that OPTIONS requests reach: `router.options(...)`, `app.all(...)`, `app.on(['PUT', 'OPTIONS'], ...)`. */
export function isOptionsRoute(m: Mount): boolean {
  return m.kind === 'route' && (m.methods.includes('OPTIONS') || m.methods.includes('ALL'));
}

/** Whether an OPTIONS request for this route's path gets a 2xx with CORS headers from something other than the route. */
export function routePreflight(route: Mount, facts: AppFacts): PreflightValue {
  const covering = (ms: readonly Mount[]) => ms.some((a) => a !== route && a.covers(route.path));
  if (isOptionsRoute(route) || covering(facts.answerers) || (covering(facts.bare) && covering(facts.corsHeaders))) return 'answered';
  return route.owned && !facts.opaque ? 'unanswered' : 'unknown';
}

/** The routes a middleware runs in front of: every covered one for app-level middleware, its own router's for `router.use`. */
export function routesBehind(mw: Mount, facts: AppFacts): Mount[] {
  return facts.mounts.filter((r) => r.kind === 'route' && (mw.seesOptions || r.router === mw.router) && mw.covers(r.path));
}

export interface Judged {
  readonly value: PreflightValue;
  /** The first route behind the middleware whose preflight nothing answers, with why browsers send one. */
  readonly route?: Mount;
  readonly triggers: readonly PreflightTrigger[];
}

/** CORS set by middleware that does not answer OPTIONS itself: judged by the preflighted routes behind it. */
export function judgeBehind(mw: Mount, facts: AppFacts, triggersOf: (route: Mount) => PreflightTrigger[]): Judged {
  const routes = routesBehind(mw, facts);
  let answered = routes.length > 0;
  for (const route of routes) {
    const value = routePreflight(route, facts);
    if (value === 'unanswered') {
      const triggers = triggersOf(route);
      if (triggers.length > 0) return { value, route, triggers };
    }
    answered &&= value === 'answered';
  }
  // Nothing here needs a preflight answer (or the answer cannot be seen): the routes that do live elsewhere.
  return { value: answered ? 'answered' : 'unknown', triggers: [] };
}

/** Why browsers preflight requests to `route`: its method, a JSON body, custom request headers. */
export function routeTriggers(route: Mount, family: Family, ctx: AnalysisContext, allowedHeaders?: unknown): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  const at = { site: siteOf(route.call.callee, ctx) };
  for (const m of route.methods) if (!SIMPLE_METHODS.has(m) && m !== 'ALL' && m !== 'OPTIONS') out.push({ reason: `the route accepts ${m} requests`, ...at });
  out.push(...family.bodyTriggers(route, ctx));
  if (Array.isArray(allowedHeaders) && allowedHeaders.some((h) => /^(authorization|x-)/i.test(String(h)))) {
    out.push({ reason: `allowHeaders lists ${allowedHeaders.join(', ')}`, ...at });
  }
  for (const handler of route.handlers) {
    const fn = family.handler(handler, ctx);
    if (fn) out.push(...headerTriggers(fn.fn, { ...ctx, file: fn.file }));
  }
  return out;
}

/** `router.options('/x', <handlers>)` added before the route: the same CORS middleware then answers its preflight. */
export function optionsRouteFix(route: Mount, handlers: string, ctx: AnalysisContext): Fix | undefined {
  const stmt = enclosingStatement(route.call);
  if (!stmt || !route.pathNode || unwrap(route.call.callee).type !== T.MemberExpression) return undefined;
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const path = textOf(ctx.file, route.pathNode);
  const code = `${route.receiver}.options(${path}, ${handlers})${semi}`;
  return { title: `Answer the preflight: add ${route.receiver}.options(${path}, ...)`, edits: insertStatementBefore(ctx.file, stmt, code), safe: false };
}

/** Text of a middleware argument short enough to repeat in a new route (`corsMw`, `cors()`), else undefined. */
export function repeatable(handler: Node, ctx: AnalysisContext): string | undefined {
  const text = textOf(ctx.file, handler);
  return text.includes('\n') || text.length > 120 ? undefined : text;
}

/** A middleware function of the workspace: whether it writes CORS headers and has an OPTIONS branch. */
export function functionFacts(fn: ValueOf<'function'>, ctx: AnalysisContext): MiddlewareFacts {
  const writes = headerWritesIn(fn.fn, { ...ctx, file: fn.file });
  return { answers: answersOptions(fn.fn), cors: writes.some((w) => w.name === 'access-control-allow-origin') };
}
