// Apollo Server's `cors` option, per package (read from each published dist):
// - apollo-server 2/3 (standalone): `new ApolloServer({ cors })`; listen() passes `cors ?? { origin: '*' }` on.
// - apollo-server-express 2/3: `server.applyMiddleware({ app, cors })` / `getMiddleware`: `true` -> `cors()`,
//   `false` -> none, anything else -> `cors(value)` (absent: the cors package's `*`); mounted with router.use, so
//   the cors package answers the preflight.
// - apollo-server-koa 3: the same with @koa/cors 3 (`true` or absent -> `{ origin: '*' }`).
// - @apollo/server 4+: `startStandaloneServer` mounts a fixed `cors()`; with `expressMiddleware` the app's own
//   `cors()` call is the Express adapter's to read, so nothing is reported twice.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { CorsPolicy } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import type { Node } from '../engine/source';
import { evaluate, isModuleValue, type Value } from '../engine/values';
import type { Adapter } from './adapter';
import { CORS_PACKAGE, corsSettings, type CorsLibrary, type CorsSettings } from './cors-options';
import { KOA_CORS_V4, koaCredentialFixes, koaSettings } from './koa-cors';
import { listOriginFixes, optionOf, optionPolicy } from './option-policy';
import { siteOf } from '../engine/source';

interface Setup {
  readonly framework: string;
  readonly lib: CorsLibrary;
  /** The options argument that holds `cors`. */
  readonly options?: Node;
  /** What an absent `cors` (and `cors: true`) means. */
  readonly absent: 'defaults' | 'origin-star';
}

export const apolloAdapter: Adapter = {
  name: 'apollo',
  policies(ctx) {
    if (!ctx.file.text.includes('apollo')) return [];
    const out: CorsPolicy[] = [];
    for (const call of ctx.file.calls) {
      if (call.callee.type !== T.Identifier && call.callee.type !== T.MemberExpression) continue;
      const setup = setupOf(call, evaluate(call.callee, ctx));
      const settings = setup && settingsOf(setup, ctx);
      if (!setup || !settings) continue;
      out.push(
        optionPolicy(settings, {
          framework: setup.framework,
          label: "Apollo Server's cors option",
          site: siteOf(call, ctx),
          preflight: 'answered',
          fixes: setup.lib === CORS_PACKAGE ? listOriginFixes(settings, ctx) : settings.credentials.value === true ? koaCredentialFixes(settings, ctx) : {},
        }),
      );
    }
    return out;
  },
};

function setupOf(call: TSESTree.CallExpression | TSESTree.NewExpression, callee: Value): Setup | undefined {
  const first = call.arguments[0] as Node | undefined;
  const options = first ? { options: first } : {};
  if (call.type === T.NewExpression && isModuleValue(callee, 'apollo-server', ['ApolloServer'])) return { framework: 'apollo-server', lib: CORS_PACKAGE, ...options, absent: 'origin-star' };
  if (call.type !== T.CallExpression) return undefined;
  for (const method of ['applyMiddleware', 'getMiddleware']) {
    if (isModuleValue(callee, 'apollo-server-express', ['ApolloServer', '()', method])) return { framework: 'apollo-server-express', lib: CORS_PACKAGE, ...options, absent: 'defaults' };
    if (isModuleValue(callee, 'apollo-server-koa', ['ApolloServer', '()', method])) return { framework: 'apollo-server-koa', lib: KOA_CORS_V4, ...options, absent: 'origin-star' };
  }
  if (isModuleValue(callee, '@apollo/server/standalone', ['startStandaloneServer'])) return { framework: '@apollo/server', lib: CORS_PACKAGE, absent: 'defaults' };
  return undefined;
}

/** The settings the `cors` option leads to; undefined when CORS is off or the options cannot be read. */
function settingsOf(setup: Setup, ctx: AnalysisContext): CorsSettings | undefined {
  const cors = setup.options ? optionOf(setup.options, 'cors', ctx) : 'absent';
  if (!cors) return undefined;
  const value = cors === 'absent' ? undefined : evaluate(cors.node, cors.ctx);
  if (value?.kind === 'boolean' && !value.value) return undefined; // `cors: false`: no CORS middleware
  const readAsDefault = !value || value.kind === 'undefined' || value.kind === 'boolean';
  if (readAsDefault && setup.absent === 'origin-star') return fixedStar(setup.lib, ctx);
  const node = readAsDefault || cors === 'absent' ? undefined : cors.node;
  const c = cors === 'absent' ? ctx : cors.ctx;
  return setup.lib === CORS_PACKAGE ? corsSettings(node, CORS_PACKAGE, c) : koaSettings(node, KOA_CORS_V4, c);
}

/** `{ origin: '*' }` written by the package itself: a wildcard without credentials, no site in the user's code. */
function fixedStar(lib: CorsLibrary, ctx: AnalysisContext): CorsSettings {
  const settings = lib === CORS_PACKAGE ? corsSettings(undefined, CORS_PACKAGE, ctx) : koaSettings(undefined, KOA_CORS_V4, ctx);
  return { ...settings, origin: { value: [{ kind: 'wildcard' }] } };
}
