// Koa's CORS middleware packages as data (@koa/cors, kcors, koa2-cors, read from their published index.js), their
// quirks corsSettings does not know, and the allowlist fix in the shape they accept (an origin function of ctx).
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import { ALWAYS, ATTACKER_ORIGIN, evaluateCheck } from '../model/origin-check';
import type { OriginGrant, PolicyFixes, Setting } from '../model/policy';

import { guardedReturns } from '../engine/guarded';
import type { AnalysisContext } from '../engine/origin-reads';
import type { Node } from '../engine/source';
import { alternatives, isModuleValue, type Value } from '../engine/values';
import { corsSettings, type CorsLibrary, type CorsSettings, type OriginChoice } from './cors-options';
import { addProperty, quoteOf } from './edits';
import { allowlistText, dropOptionCredentials } from './policy-fixes';
import { siteOf } from '../engine/source';

export interface KoaCorsLibrary extends CorsLibrary {
  /** `if (credentials && origin === '*') origin = requestOrigin`: with credentials, `*` echoes the Origin. */
  readonly credentialsReflect: boolean;
  /** `credentials` may be a function of ctx, awaited; the header goes out when it answers `true`. */
  readonly credentialsFunction: boolean;
  /** The origin function's answer is awaited; otherwise an async one answers a Promise, sent as garbage. */
  readonly awaitsOrigin: boolean;
}

/** @koa/cors 5 (koajs/cors index.js): `origin = options.origin || '*'`; a function `origin(ctx)` answers the header. */
export const KOA_CORS: KoaCorsLibrary = {
  name: '@koa/cors',
  defaultOrigin: 'wildcard', // v5.0.0 changed the default from the request Origin to '*'
  wildcardInArray: false, // the option is the header text: a list is written as it is, never searched
  statefulRegex: false, // RegExps are not tested either
  undefinedDisables: false, // `options.origin || '*'`: every falsy origin is the default
  originFunction: 'return', // `origin = await options.origin(ctx)`
  functionAnswer: 'header', // `if (!origin) return await next()`, else `ctx.set('Access-Control-Allow-Origin', origin)`
  defaultMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'], // defaults.allowMethods
  setsVary: true, // `ctx.vary('Origin')` on every request ("Always set Vary header")
  strictCredentials: false, // `credentials = !!options.credentials`, then `credentials === true`
  optionNames: { methods: 'allowMethods', allowedHeaders: 'allowHeaders', exposedHeaders: 'exposeHeaders' },
  functionParam: 'context',
  originIsHeader: true,
  credentialsReflect: true,
  credentialsFunction: true,
  awaitsOrigin: true,
};

/** @koa/cors 3.x and 4.x: the same, but `options.origin || requestOrigin` (what apollo-server-koa 3 depends on). */
export const KOA_CORS_V4: KoaCorsLibrary = { ...KOA_CORS, defaultOrigin: 'reflect' };

/** kcors 2.2 (the package @koa/cors was renamed from): `options.origin || requestOrigin`, nothing awaited. */
export const KCORS: KoaCorsLibrary = {
  ...KOA_CORS,
  name: 'kcors',
  defaultOrigin: 'reflect',
  credentialsReflect: false, // no `'*'` rewrite: `*` with credentials goes out as it is
  credentialsFunction: false, // `options.credentials = !!options.credentials`
  awaitsOrigin: false, // "FIXME: origin can be promise"
};

/** koa2-cors 2.0: `options.origin || ctx.get('Origin') || '*'`, `credentials === true`, allowMethods default with OPTIONS. */
export const KOA2_CORS: KoaCorsLibrary = {
  ...KCORS,
  name: 'koa2-cors',
  defaultMethods: ['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
  strictCredentials: true, // `if (options.credentials === true)`
};

const PACKAGES: readonly KoaCorsLibrary[] = [KOA_CORS, KCORS, KOA2_CORS];

/** The library whose factory `callee` is (`cors` from `require('@koa/cors')`, under any name). */
export function koaCorsLibrary(callee: Value): KoaCorsLibrary | undefined {
  return PACKAGES.find((lib) => isModuleValue(callee, lib.name, []));
}

/** Is `value` the middleware a Koa CORS factory returned? */
export function isKoaCorsMiddleware(value: Value): boolean {
  return PACKAGES.some((lib) => isModuleValue(value, lib.name, ['()']));
}

/** corsSettings plus what only these packages do: credentials functions, `*` echoed with credentials, async origins. */
export function koaSettings(arg: Node | undefined, lib: KoaCorsLibrary, ctx: AnalysisContext): CorsSettings {
  let settings = corsSettings(arg, lib, ctx);
  const credentials = lib.credentialsFunction ? functionCredentials(settings, ctx) : undefined;
  if (credentials) settings = { ...settings, credentials };
  const withCredentials = settings.credentials.value === true ? settings.credentials : undefined;
  const choices = settings.originChoices.map((c) => ({ ...c, grants: c.grants.flatMap((g) => adjusted(g, c, lib, withCredentials)) }));
  if (choices.length === 0) return settings;
  const grants = choices.flatMap((c) => c.grants);
  return { ...settings, originChoices: choices, origin: { ...settings.origin, value: grants } };
}

function adjusted(grant: OriginGrant, choice: OriginChoice, lib: KoaCorsLibrary, credentials: Setting<boolean | 'unknown'> | undefined): OriginGrant[] {
  const origin = choice.options.kind === 'object' ? choice.options.props.get('origin') : undefined;
  if (!lib.awaitsOrigin && origin?.kind === 'function' && origin.fn.async) return [{ kind: 'unknown', ...(grant.site ? { site: grant.site } : {}) }];
  if (!lib.credentialsReflect || !credentials || grant.kind !== 'wildcard') return [grant];
  // The default '*' is echoed because of the credentials setting: that is where the finding belongs.
  const site = grant.site ?? credentials.site;
  return [{ kind: 'reflect', when: ALWAYS, ...(site ? { site } : {}) }];
}

/** `credentials: (ctx) => ...`: allowed when some answer is `true` (the header needs exactly `true`). */
function functionCredentials(settings: CorsSettings, ctx: AnalysisContext): Setting<boolean | 'unknown'> | undefined {
  let result: Setting<boolean | 'unknown'> | undefined;
  for (const choice of settings.originChoices) {
    const fn = choice.options.kind === 'object' ? choice.options.props.get('credentials') : undefined;
    if (fn?.kind !== 'function') continue;
    for (const answer of guardedReturns(fn.fn, { ...ctx, file: fn.file, env: undefined })) {
      const alts = alternatives(answer.value);
      const site = siteOf(answer.node, { file: fn.file });
      if (alts.some((v) => v.kind === 'boolean' && v.value)) return { value: true, site };
      if (alts.some((v) => v.kind === 'unknown' || v.kind === 'env')) result = { value: 'unknown', site };
    }
    result ??= { value: false };
  }
  return result;
}

/** Fixes for credentials allowed to every origin: an allowlist origin function, or no credentials. */
export function koaCredentialFixes(settings: CorsSettings, ctx: AnalysisContext): PolicyFixes {
  const restrictOrigins = restrictKoaOrigin(settings, ctx);
  const dropCredentials = dropOptionCredentials(settings);
  return { ...(restrictOrigins ? { restrictOrigins } : {}), ...(dropCredentials ? { dropCredentials } : {}) };
}

/**
 * These packages write the option as the header, so a list would go out as text: the allowlist becomes an
 * origin function echoing listed origins and answering '' (no CORS) for the rest.
 */
function restrictKoaOrigin(settings: CorsSettings, ctx: AnalysisContext): Fix | undefined {
  const edits = [];
  for (const choice of settings.originChoices) {
    if (!choice.grants.some(opensTheDoor)) continue;
    const file = choice.written?.file ?? choice.options.file;
    if (!file) return undefined;
    const q = quoteOf(file);
    const fn = `(ctx) => (${allowlistText(ctx, file)}.includes(ctx.get(${q}Origin${q})) ? ctx.get(${q}Origin${q}) : ${q}${q})`;
    if (choice.written) {
      const property = choice.written.node.parent;
      const whole = property?.type === T.Property && (property.shorthand || property.method);
      const node = whole ? property : choice.written.node;
      edits.push({ file: file.path, span: [node.range[0], node.range[1]] as const, text: whole ? `origin: ${fn}` : fn });
    } else if (choice.options.node?.type === T.ObjectExpression) {
      edits.push(addProperty(file, choice.options.node, `origin: ${fn}`));
    } else {
      return undefined;
    }
  }
  if (edits.length === 0) return undefined;
  const title = (ctx.trustedOrigins?.length ?? 0) > 0 ? 'Allow only the trusted origins' : 'Allow only the origins listed in the environment';
  return { title, edits, safe: false };
}

function opensTheDoor(grant: OriginGrant): boolean {
  if (grant.kind === 'wildcard') return true;
  if (grant.kind === 'fixed') return grant.value === 'null';
  return grant.kind === 'reflect' && (evaluateCheck(grant.when, ATTACKER_ORIGIN) === 'yes' || evaluateCheck(grant.when, 'null') === 'yes');
}
