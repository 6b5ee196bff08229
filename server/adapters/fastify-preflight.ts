// Whether the OPTIONS preflight of the Fastify routes a CORS setup applies to is answered, and why browsers
// would send one (a PUT/PATCH/DELETE route, a JSON body, an Authorization or X-* request header).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { childNodes, propertyName, siteOf, unwrap, type FunctionNode, type Node } from '../engine/source';
import { pathCoverage } from './express-routes';
import { reaches, type FastifyApp, type FastifyRoute } from './fastify-app';
import { answersOptions, headerTriggers, SIMPLE_METHODS } from './requests';

export interface PreflightVerdict {
  readonly value: CorsPolicy['preflight']['value'];
  /** The route the finding names: the first one whose preflight goes unanswered and that browsers preflight. */
  readonly route?: FastifyRoute;
  readonly triggers: readonly PreflightTrigger[];
}

/**
 * For CORS headers that reach `routes`: answered when every route's OPTIONS is answered; unanswered when a
 * route of an app made here is not (its triggers say whether browsers preflight it); unknown for routes of a
 * plugin registered by another file, which may register @fastify/cors around it.
 */
export function preflightOf(routes: readonly FastifyRoute[], app: FastifyApp, ctx: AnalysisContext, allowedHeaders?: CorsPolicy['allowedHeaders']['value']): PreflightVerdict {
  if (routes.length === 0) return { value: 'unknown', triggers: [] };
  const states = routes.map((route) => ({ route, covered: preflightCovered(route, app) }));
  if (states.every((s) => s.covered === 'yes')) return { value: 'answered', triggers: [] };
  const open = states.filter((s) => s.covered === 'no' && s.route.owned).map((s) => s.route);
  for (const route of open) {
    const triggers = routeTriggers(route, app, ctx, allowedHeaders);
    if (triggers.length > 0) return { value: 'unanswered', route, triggers };
  }
  // Unanswered for sure only when every route is either answered or an unanswered route of an app made here.
  const certain = open.length > 0 && states.every((s) => s.covered === 'yes' || (s.covered === 'no' && s.route.owned));
  return { value: certain ? 'unanswered' : 'unknown', triggers: [] };
}

function routeTriggers(route: FastifyRoute, app: FastifyApp, ctx: AnalysisContext, allowedHeaders: unknown): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  const at = { site: siteOf(route.call.callee, ctx) };
  for (const m of route.methods) if (!SIMPLE_METHODS.has(m) && m !== 'ALL' && m !== 'OPTIONS') out.push({ reason: `the route accepts ${m} requests`, ...at });
  // Fastify parses only application/json and text/plain bodies unless a form plugin is registered, so a route
  // that takes a body takes JSON (text/plain bodies are rare in APIs).
  const takesBody = route.methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH');
  const hasSchemaBody = route.options?.kind === 'object' && schemaHasBody(route.options);
  if (takesBody && !app.formBodies && (hasSchemaBody || route.handlers.some((h) => h.role === 'handler' && readsBody(h.fn)))) {
    out.push({ reason: 'the route reads a JSON request body', ...at });
  }
  if (Array.isArray(allowedHeaders) && allowedHeaders.some((h) => /^(authorization|x-)/i.test(String(h)))) {
    out.push({ reason: `allowedHeaders lists ${allowedHeaders.join(', ')}`, ...at });
  }
  for (const h of route.handlers) out.push(...headerTriggers(h.fn, { ...ctx, file: h.file }));
  return out;
}

function schemaHasBody(options: FastifyRoute['options'] & { kind: 'object' }): boolean {
  const schema = options.props.get('schema');
  return schema?.kind === 'object' && schema.props.has('body');
}

export function routeOf(route: FastifyRoute): CorsPolicy['route'] {
  return { methods: route.methods, ...(route.path !== undefined ? { path: route.path } : {}) };
}

/**
 * Whether an OPTIONS request for `route`'s path gets a 2xx answer with CORS headers from something here: the
 * route itself (`all`, `method: ['PUT', 'OPTIONS']`), an OPTIONS route covering its path, the cors plugin's
 * hook (unless `preflight: false`), or a hook with an OPTIONS branch (root hooks also run for 404s). 'maybe':
 * a plugin this file cannot see into reaches the route.
 */
export function preflightCovered(route: FastifyRoute, app: FastifyApp): 'yes' | 'no' | 'maybe' {
  if (answersOptionsFor(route)) return 'yes';
  if (app.corsPlugins.some((p) => p.settings.preflightDisabled !== true && reaches(p.chain, route.chain))) return 'yes';
  if (app.hooks.some((h) => answersOptions(h.fn) && reaches(h.chain, route.chain))) return 'yes';
  if (app.routes.some((r) => r !== route && answersOptionsFor(r) && reaches(r.chain, route.chain) && pathCoverage(r.path, false)(route.path))) return 'yes';
  return app.opaquePlugins.some((p) => reaches(p.chain, route.chain)) ? 'maybe' : 'no';
}

function answersOptionsFor(route: FastifyRoute): boolean {
  return route.methods.includes('OPTIONS') || route.methods.includes('ALL');
}

/** The handler's first parameter read as `request.body` (or destructured `{ body }`): it takes a request body. */
function readsBody(fn: FunctionNode): boolean {
  const param = fn.params[0];
  if (!param) return false;
  if (param.type === T.ObjectPattern) return param.properties.some((p) => p.type === T.Property && propertyName(p) === 'body');
  if (param.type !== T.Identifier) return false;
  const name = param.name;
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.MemberExpression && propertyName(n) === 'body' && unwrap(n.object).type === T.Identifier && (unwrap(n.object) as TSESTree.Identifier).name === name) return true;
    stack.push(...childNodes(n));
  }
  return false;
}
