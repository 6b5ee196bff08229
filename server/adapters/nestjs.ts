// NestJS: `app.enableCors(options?)` and `NestFactory.create(Module, [adapter,] { cors })` with the semantics of
// the platform underneath (nest-application.js applyOptions; platform-express enableCors = `use(cors(options))`,
// platform-fastify enableCors = @fastify/cors), plus (nestjs-manual.ts) @Header, handlers and middleware.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { CorsPolicy } from '../model/policy';
import type { Site } from '../model/span';

import type { AnalysisContext } from '../engine/origin-reads';
import { propertyName, siteOf, type Node } from '../engine/source';
import { truthiness } from '../engine/value-facts';
import { evaluate, property } from '../engine/values';
import type { Adapter } from './adapter';
import { accessControlSettings, CORS_PACKAGE, corsSettings, type CorsLibrary, type CorsSettings } from './cors-options';
import { credentialFixes } from './fastify';
import { FASTIFY_CORS, pluginSettings } from './fastify-cors';
import { createOptions, importsNest, isCreateCall, platformOfApp, platformOfCreate, type Platform } from './nestjs-app';
import { nestManualPolicies } from './nestjs-manual';

export const nestAdapter: Adapter = {
  name: 'nestjs',
  policies(ctx) {
    if (!importsNest(ctx.file)) return [];
    const out: CorsPolicy[] = [];
    for (const call of ctx.file.calls) {
      if (call.type !== T.CallExpression) continue;
      const callee = call.callee;
      if (callee.type === T.MemberExpression && propertyName(callee) === 'enableCors') {
        const arg = call.arguments[0];
        const options = arg && arg.type !== T.SpreadElement ? arg : undefined;
        // Findings about options imported from elsewhere are reported at the argument.
        out.push(corsPolicy(siteOf(options ?? call, ctx), 'enableCors()', options, platformOfApp(callee.object, ctx), ctx));
      } else if (callee.type === T.MemberExpression && propertyName(callee) === 'create' && isCreateCall(call, ctx)) {
        const policy = createPolicy(call, ctx);
        if (policy) out.push(policy);
      }
    }
    return [...out, ...nestManualPolicies(ctx)];
  },
};

/**
 * `{ cors: true }` (or any non-object truthy value) calls enableCors() with no options; an object or function is
 * passed on as the options; false or absent leaves CORS off (nest-application.js applyOptions).
 */
function createPolicy(call: TSESTree.CallExpression, ctx: AnalysisContext): CorsPolicy | undefined {
  const optionsNode = createOptions(call, ctx);
  const options = optionsNode && evaluate(optionsNode, ctx);
  if (options?.kind !== 'object') return undefined;
  const cors = property(options, 'cors', ctx);
  const written = options.written?.get('cors');
  const passed = cors.kind === 'object' || cors.kind === 'function' ? written?.node : undefined;
  if (!passed && truthiness(cors) !== true) return undefined;
  const inner = written ? { ...ctx, file: written.file } : ctx;
  const site = siteOf(written && written.file === ctx.file ? written.node : call, ctx);
  return corsPolicy(site, 'NestFactory.create({ cors })', passed, platformOfCreate(call, ctx), inner);
}

/** `options` is read in `ctx` (the file it is written in); `site` is in the linted file. */
function corsPolicy(site: Site, label: string, options: Node | undefined, platform: Platform, ctx: AnalysisContext): CorsPolicy {
  const { lib, settings } = settingsFor(options, platform, ctx);
  // Both platforms answer OPTIONS in the CORS middleware/hook, unless told to pass it on to Nest's routes.
  const passesOn = 'preflightDisabled' in settings ? settings.preflightDisabled : settings.preflightContinue;
  return {
    framework: lib.name,
    label,
    site,
    ...accessControlSettings(settings),
    preflight: { value: passesOn === false ? 'answered' : 'unknown' },
    preflightTriggers: [],
    varyOrigin: settings.varyOrigin,
    fixes: credentialFixes(settings, ctx),
  };
}

/**
 * On an unknown platform, the options count only for what both libraries agree on (they differ on `'*'` inside
 * an origin array, `/g` regexes and `credentials: 'true'`); where they disagree the origin is unknown.
 */
function settingsFor(options: Node | undefined, platform: Platform, ctx: AnalysisContext): { lib: CorsLibrary; settings: CorsSettings & { preflightDisabled?: boolean | 'unknown' } } {
  if (platform === 'fastify') return { lib: FASTIFY_CORS, settings: pluginSettings(options, FASTIFY_CORS, ctx) };
  const express = corsSettings(options, CORS_PACKAGE, ctx);
  if (platform === 'express') return { lib: CORS_PACKAGE, settings: express };
  const fastify = pluginSettings(options, FASTIFY_CORS, ctx);
  const same = JSON.stringify([express.origin.value, express.credentials.value]) === JSON.stringify([fastify.origin.value, fastify.credentials.value]);
  if (same) return { lib: CORS_PACKAGE, settings: express };
  const site = express.origin.site;
  return { lib: CORS_PACKAGE, settings: { ...express, origin: { value: [{ kind: 'unknown', ...(site ? { site } : {}) }], ...(site ? { site } : {}) } } };
}
