// Hand-written CORS headers in Fastify (`reply.header`, `reply.headers({...})`, `reply.raw.setHeader`) in route
// handlers, route-level hooks and `addHook` hooks: one policy per function, with Fastify's preflight rules
// (no automatic OPTIONS answer) and fixes in Fastify's idiom (`reply.header('Vary', 'Origin')`).
import type { Fix } from '../model/fix';
import type { CorsPolicy, Setting } from '../model/policy';
import type { Site } from '../model/span';

import { credentialsOf } from '../engine/grants';
import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode } from '../engine/source';
import { evaluate } from '../engine/values';
import { corsWriters } from './express-manual';
import { surelyReaches, type FastifyApp, type FastifyHook, type FastifyRoute } from './fastify-app';
import { preflightOf, routeOf, type PreflightVerdict } from './fastify-preflight';
import { headerWritesIn, type HeaderWrite } from './header-writes';
import { handlerSite, manualPolicy } from './manual-policy';
import { optionsBranchFix } from './options-branch';
import { guardReflection } from './policy-fixes';
import { answersOptions } from './requests';
import { siteOf } from '../engine/source';

// Hooks that may end the request themselves (`reply.send()`), before the route handler would 404 it.
const ANSWERING_HOOKS = new Set(['onRequest', 'preValidation', 'preHandler']);

export function fastifyManualPolicies(app: FastifyApp, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  const hooks = new Map(app.hooks.map((h) => [h.fn, h] as const));
  const routes = new Map<FunctionNode, FastifyRoute>();
  for (const r of app.routes) for (const h of r.handlers) if (!routes.has(h.fn)) routes.set(h.fn, r);
  for (const fn of corsWriters(ctx)) {
    const writes = headerWritesIn(fn, ctx);
    const first = writes.find((w) => w.name === 'access-control-allow-origin');
    if (!first) continue;
    const hook = hooks.get(fn);
    const route = hook ? undefined : routes.get(fn);
    const verdict: PreflightVerdict = hook
      ? preflightOf(app.routes.filter((r) => surelyReaches(hook.chain, r.chain)), app, ctx)
      : route
        ? preflightOf([route], app, ctx)
        : { value: answersOptions(fn) ? 'answered' : 'unknown', triggers: [] };
    const named = verdict.route ?? route;
    const answerPreflight = verdict.value === 'unanswered' && hook ? hookPreflightFix(hook, writes, ctx) : undefined;
    const policy = manualPolicy({
      ctx,
      framework: 'fastify',
      label: hook ? `This ${hook.name} hook` : route ? (route.handlers.find((h) => h.fn === fn)?.role === 'hook' ? 'This route hook' : 'This route handler') : 'This handler',
      site: handlerSite(fn, first, ctx),
      writes,
      ...(named ? { route: routeOf(named) } : {}),
      preflight: { value: verdict.value },
      triggers: verdict.triggers,
      varyStatement: (receiver, method) => (/^(setHeader|appendHeader|writeHead)$/.test(method) ? `${receiver}.setHeader('Vary', 'Origin')` : `${receiver}.header('Vary', 'Origin')`),
      ...(answerPreflight ? { answerPreflight } : {}),
    });
    const chain = hook?.chain ?? route?.chain;
    if (policy) out.push(withPluginVary(route ? withSharedCredentials(policy, writes, route, app, ctx) : policy, chain, app));
  }
  return out;
}

/**
 * The cors plugin's hook adds `Vary: Origin` to every response it handles when its origin is not a string
 * (addCorsHeadersHandler); a handler echoing the Origin behind it needs no Vary of its own, unless it replaces Vary.
 */
function withPluginVary(policy: CorsPolicy, chain: FastifyRoute['chain'] | undefined, app: FastifyApp): CorsPolicy {
  if (policy.varyOrigin.value !== false || policy.varyOrigin.site || !chain) return policy;
  const plugin = app.corsPlugins.find((p) => surelyReaches(p.chain, chain) && addsVary(p));
  if (!plugin) return policy;
  const { addVaryOrigin: _dropped, ...fixes } = policy.fixes;
  return { ...policy, varyOrigin: { value: true }, fixes };
}

function addsVary(plugin: FastifyApp['corsPlugins'][number]): boolean {
  if (plugin.lib.name === 'fastify-cors') return true; // 6.x: "Always set Vary header"
  const grants = plugin.settings.origin.value;
  return grants.some((g) => g.kind === 'reflect' || g.kind === 'unknown') || new Set(grants.map((g) => (g.kind === 'fixed' ? g.value : g.kind))).size > 1;
}

/**
 * Credentials allowed by something else that runs for the route: the cors plugin (`credentials: true`), or a
 * hook writing Access-Control-Allow-Credentials. The route's own Access-Control-Allow-Origin goes out with them.
 */
function withSharedCredentials(policy: CorsPolicy, writes: readonly HeaderWrite[], route: FastifyRoute, app: FastifyApp, ctx: AnalysisContext): CorsPolicy {
  const plugin = app.corsPlugins.find((p) => p.settings.credentials.value === true && surelyReaches(p.chain, route.chain));
  const site: Site | undefined = plugin ? (plugin.settings.credentials.site ?? siteOf(plugin.call, ctx)) : hookCredentials(app, route, ctx);
  if (!site) return policy;
  // Removing the handler's own credentials header would leave the shared one: no one-place fix.
  const { dropCredentials: _shared, ...fixes } = policy.fixes;
  if (policy.credentials.value === true) return { ...policy, fixes };
  const reflected = policy.origin.value.flatMap((g) => (g.kind === 'reflect' && g.site ? [g.site] : []));
  const restrictOrigins = guardReflection(writes, reflected, ctx);
  const credentials: Setting<boolean | 'unknown'> = { value: true, site };
  return { ...policy, credentials, fixes: restrictOrigins ? { ...fixes, restrictOrigins } : fixes };
}

function hookCredentials(app: FastifyApp, route: FastifyRoute, ctx: AnalysisContext): Site | undefined {
  for (const hook of app.hooks) {
    if (!surelyReaches(hook.chain, route.chain)) continue;
    const write = headerWritesIn(hook.fn, { ...ctx, file: hook.file }).find(
      (w) => w.name === 'access-control-allow-credentials' && w.value && credentialsOf(evaluate(w.value, w.ctx)) === true,
    );
    if (write) return siteOf(write.value ?? write.at, { file: write.file });
  }
  return undefined;
}

/** An OPTIONS branch after the hook's last CORS header write: an async hook returns the reply it sends; a callback
 * hook sends and returns without calling done(). Only hooks that run before the route's 404 may answer. */
function hookPreflightFix(hook: FastifyHook, writes: readonly HeaderWrite[], ctx: AnalysisContext): Fix | undefined {
  if (!ANSWERING_HOOKS.has(hook.name) || hook.file !== ctx.file) return undefined;
  const async = hook.fn.async;
  return optionsBranchFix(hook.fn, writes, ctx, (_req, reply) => (async ? [`return ${reply}.code(204).send()`] : [`${reply}.code(204).send()`, 'return']));
}
