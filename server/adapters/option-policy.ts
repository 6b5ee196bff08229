// A policy from a CORS library's options (settings read by corsSettings), for the adapters whose servers take an
// options object: Koa and Hono CORS middleware, Socket.IO's and Apollo Server's `cors` option.
import type { CorsPolicy, PolicyFixes, PreflightTrigger } from '../model/policy';
import type { Site } from '../model/span';
import type { AnalysisContext } from '../engine/origin-reads';
import type { Node } from '../engine/source';
import { evaluate } from '../engine/values';
import { accessControlSettings, type CorsSettings } from './cors-options';
import { dropOptionCredentials, restrictOptionOrigin } from './policy-fixes';

export interface OptionPolicyInput {
  readonly framework: string;
  readonly label: string;
  readonly site: Site;
  readonly preflight: CorsPolicy['preflight']['value'];
  /** Why browsers preflight; kept only when nothing answers the preflight. */
  readonly triggers?: readonly PreflightTrigger[];
  readonly route?: { readonly methods: readonly string[]; readonly path?: string | undefined };
  readonly fixes: PolicyFixes;
}

export function optionPolicy(settings: CorsSettings, input: OptionPolicyInput): CorsPolicy {
  const route = input.route && { methods: input.route.methods, ...(input.route.path !== undefined ? { path: input.route.path } : {}) };
  return {
    framework: input.framework,
    label: input.label,
    site: input.site,
    ...(route ? { route } : {}),
    ...accessControlSettings(settings),
    preflight: { value: input.preflight },
    preflightTriggers: input.preflight === 'unanswered' ? (input.triggers ?? []) : [],
    varyOrigin: settings.varyOrigin,
    fixes: input.fixes,
  };
}

/**
 * The `key` option of a server's options argument (`{ cors: {...} }`, through variables and imports): 'absent',
 * the value as written (with the context to read it in), or undefined when the options cannot be read.
 */
export function optionOf(arg: Node | undefined, key: string, ctx: AnalysisContext): 'absent' | { node: Node; ctx: AnalysisContext } | undefined {
  if (!arg) return 'absent';
  const options = evaluate(arg, ctx);
  if (options.kind === 'undefined') return 'absent';
  if (options.kind !== 'object') return undefined;
  const written = options.written?.get(key);
  if (written) return { node: written.node, ctx: { ...ctx, file: written.file, env: written.env } };
  return options.props.has(key) || options.open ? undefined : 'absent';
}

/** For credentials allowed too widely, with options taking a list of exact origins: an allowlist, or no credentials. */
export function listOriginFixes(settings: CorsSettings, ctx: AnalysisContext): PolicyFixes {
  if (settings.credentials.value !== true) return {};
  const restrictOrigins = restrictOptionOrigin(settings, ctx);
  const dropCredentials = dropOptionCredentials(settings);
  return { ...(restrictOrigins ? { restrictOrigins } : {}), ...(dropCredentials ? { dropCredentials } : {}) };
}
