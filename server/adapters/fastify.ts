// Fastify: `register(@fastify/cors | fastify-cors, options)` in any of its option shapes (object, `{ delegator }`,
// a function of the instance), inside fastify-plugin wrappers or not, plus (fastify-manual.ts) headers written by
// hand in routes and hooks. Semantics: fastify-cors.ts; routing and preflight: fastify-app.ts, fastify-preflight.ts.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy, PolicyFixes } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import type { Node } from '../engine/source';
import { evaluate } from '../engine/values';
import type { Adapter } from './adapter';
import { accessControlSettings, type CorsSettings } from './cors-options';
import { fastifyApp, importsFastify, surelyReaches, type CorsPlugin, type FastifyApp } from './fastify-app';
import { fastifyManualPolicies } from './fastify-manual';
import { preflightOf, routeOf } from './fastify-preflight';
import { importsNest } from './nestjs-app';
import { dropOptionCredentials, restrictOptionOrigin } from './policy-fixes';
import { siteOf } from '../engine/source';

export const fastifyAdapter: Adapter = {
  name: 'fastify',
  policies(ctx) {
    if (!importsFastify(ctx.file)) return [];
    const app = fastifyApp(ctx);
    // Nest controllers and middleware that type their replies as FastifyReply are read by the nestjs adapter.
    const manual = importsNest(ctx.file) ? [] : fastifyManualPolicies(app, ctx);
    return [...app.corsPlugins.map((p) => pluginPolicy(p, app, ctx)), ...manual];
  },
};

/** The plugin answers every preflight in its hook unless `preflight: false`; then the routes here must. */
function pluginPolicy(plugin: CorsPlugin, app: FastifyApp, ctx: AnalysisContext): CorsPolicy {
  const { settings, lib, call } = plugin;
  const disabled = settings.preflightDisabled;
  const verdict =
    disabled === false
      ? { value: 'answered' as const, triggers: [] }
      : disabled === 'unknown'
        ? { value: 'unknown' as const, triggers: [] }
        : preflightOf(app.routes.filter((r) => surelyReaches(plugin.chain, r.chain)), app, ctx, settings.allowedHeaders.value);
  const answerPreflight = verdict.value === 'unanswered' ? enablePreflight(call.arguments[1], ctx) : undefined;
  return {
    framework: lib.name,
    label: lib.name,
    // The options argument, where findings about options imported from elsewhere are reported.
    site: siteOf((call.arguments[1] as Node | undefined) ?? call, ctx),
    ...(verdict.route ? { route: routeOf(verdict.route) } : {}),
    ...accessControlSettings(settings),
    preflight: { value: verdict.value },
    preflightTriggers: verdict.triggers,
    varyOrigin: settings.varyOrigin,
    fixes: { ...credentialFixes(settings, ctx), ...(answerPreflight ? { answerPreflight } : {}) },
  };
}

export function credentialFixes(settings: CorsSettings, ctx: AnalysisContext): PolicyFixes {
  if (settings.credentials.value !== true) return {};
  const restrictOrigins = restrictOptionOrigin(settings, ctx);
  const dropCredentials = dropOptionCredentials(settings);
  return { ...(restrictOrigins ? { restrictOrigins } : {}), ...(dropCredentials ? { dropCredentials } : {}) };
}

/** `preflight: false` -> `preflight: true`: the plugin's hook then answers OPTIONS with 204 and the CORS headers. */
function enablePreflight(arg: CorsPlugin['call']['arguments'][number] | undefined, ctx: AnalysisContext): Fix | undefined {
  const options = arg && arg.type !== T.SpreadElement ? evaluate(arg, ctx) : undefined;
  const written = options?.kind === 'object' ? options.written?.get('preflight') : undefined;
  if (!written || written.node.type !== T.Literal) return undefined;
  return {
    title: 'Let @fastify/cors answer preflights (preflight: true)',
    edits: [{ file: written.file.path, span: [written.node.range[0], written.node.range[1]], text: 'true' }],
    safe: false,
  };
}
