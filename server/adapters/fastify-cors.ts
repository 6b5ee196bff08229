// @fastify/cors (and the deprecated `fastify-cors`) as data: each library's semantics for corsSettings, and the
// ways its options reach the plugin (an object, `{ delegator }`, a function of the instance returning either).
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { unwrap, type Node } from '../engine/source';
import { returnStatements } from '../engine/function-calls';
import { evaluate, isModuleValue, property } from '../engine/values';
import { corsSettings, type CorsLibrary, type CorsSettings } from './cors-options';

/** @fastify/cors v11 (fastify/fastify-cors index.js). Also what NestJS's FastifyAdapter.enableCors registers. */
export const FASTIFY_CORS: CorsLibrary = {
  name: '@fastify/cors',
  defaultOrigin: 'wildcard', // defaultOptions.origin: '*'
  wildcardInArray: true, // normalizeCorsOptions: an origin array holding '*' becomes '*' (since v8.3)
  statefulRegex: false, // isRequestOriginAllowed sets allowedOrigin.lastIndex = 0 before test()
  // `{ ...defaultOptions, ...opts }` keeps an explicit undefined; the hook then fails every request with
  // "Invalid CORS origin option" and sends no CORS headers.
  undefinedDisables: true,
  originFunction: 'callback-or-return', // resolveOriginWrapper: cb(err, origin), or a returned promise
  functionAnswer: 'option', // the resolved value goes through getAccessControlAllowOriginHeader like the option
  defaultMethods: ['GET', 'HEAD', 'POST'], // defaultOptions.methods since v11 (GET,HEAD,PUT,PATCH,POST,DELETE before)
  setsVary: true, // addCorsHeadersHandler adds Vary: Origin for every non-string origin and every delegator
  strictCredentials: false, // addCorsHeaders: `if (corsOptions.credentials)`, so 'true' counts too
};

/** fastify-cors 6.0.3, the last release before the rename (6.1.0 only re-exports it with a deprecation warning). */
export const LEGACY_FASTIFY_CORS: CorsLibrary = {
  ...FASTIFY_CORS,
  name: 'fastify-cors',
  wildcardInArray: false, // getAccessControlAllowOriginHeader tests `originOption === '*'`; array entries use ===
  defaultMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
  setsVary: true, // onRequest: "Always set Vary header", vary(reply, 'Origin')
};

const PACKAGES: readonly [string, CorsLibrary][] = [
  ['@fastify/cors', FASTIFY_CORS],
  ['fastify-cors', LEGACY_FASTIFY_CORS],
];

/** The library a `register(plugin, ...)` argument is: `cors`, `require('@fastify/cors')`, `import('@fastify/cors')`. */
export function fastifyCorsLibrary(plugin: Node, ctx: AnalysisContext): CorsLibrary | undefined {
  const n = unwrap(plugin);
  if (n.type === T.ImportExpression) {
    const source = n.source.type === T.Literal ? n.source.value : undefined;
    return PACKAGES.find(([name]) => name === source)?.[1];
  }
  const value = evaluate(n, ctx);
  return PACKAGES.find(([name]) => isModuleValue(value, name, []) || isModuleValue(value, name, ['fastifyCors']))?.[1];
}

export interface PluginSettings extends CorsSettings {
  /** `preflight: false`: the hook adds headers but leaves OPTIONS to the routes (its own `OPTIONS *` route 404s). */
  readonly preflightDisabled: boolean | 'unknown';
}

/**
 * Settings of the options given to the plugin. Fastify calls a function passed as plugin options with the
 * instance and uses what it returns (avvio lib/plugin.js); @fastify/cors treats a function it then gets, or
 * the `delegator` key, as an options delegate `(req, cb)` or `(req) => Promise<options>`.
 */
export function pluginSettings(arg: Node | undefined, lib: CorsLibrary, ctx: AnalysisContext): PluginSettings {
  const options = arg && optionsNode(arg, ctx);
  const settings = corsSettings(options?.node, lib, options ? { ...ctx, file: options.file } : ctx);
  const object = arg ? evaluate(arg, ctx) : undefined;
  const preflight = object?.kind === 'object' ? property(object, 'preflight', ctx) : undefined;
  const preflightDisabled = !preflight || preflight.kind === 'undefined' ? false : preflight.kind === 'boolean' ? !preflight.value : 'unknown';
  return { ...settings, preflightDisabled };
}

/** The node holding the options (or the options delegate) the plugin ends up with, and its file. */
function optionsNode(arg: Node, ctx: AnalysisContext): { node: Node; file: AnalysisContext['file'] } | undefined {
  const value = evaluate(arg, ctx);
  if (value.kind === 'object' && value.written?.get('delegator')) {
    const written = value.written.get('delegator');
    return written && { node: written.node, file: written.file };
  }
  if (value.kind !== 'function' || value.fn.params.length >= 2) return { node: arg, file: ctx.file };
  // `(instance) => options` or `(instance) => (req, cb) => ...`: what the function returns.
  const body = value.fn.body;
  if (body.type !== T.BlockStatement) return { node: body, file: value.file };
  const returns = returnStatements(body).filter((r) => r.argument);
  const only = returns.length === 1 ? returns[0]?.argument : undefined;
  return only ? { node: only, file: value.file } : { node: arg, file: ctx.file };
}
