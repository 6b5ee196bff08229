// CORS middleware options -> policy settings, with each library's documented semantics and defaults.
// Shared by every adapter whose library takes `cors`-style options (cors, @fastify/cors, @koa/cors, hono, ...).
import { ALWAYS, environmentOf, type OriginCheck } from '../model/origin-check';
import type { OriginGrant, Setting } from '../model/policy';
import { and, assumingOrigin, or } from '../model/check-logic';
import { siteOf } from '../engine/source';
import { checkOf, checkOfGuards, matcherCheck } from '../engine/checks';
import { callbackCalls, guardedReturns, guardedValues, type Guarded } from '../engine/guarded';
import { isOriginExpr, type AnalysisContext } from '../engine/origin-reads';
import { credentialsOf } from '../engine/grants';
import type { Node } from '../engine/source';
import { stringOf, truthiness } from '../engine/value-facts';
import { alternatives, evaluate, property, type Value, type Written } from '../engine/values';
import type { Site } from '../model/span';

export interface CorsLibrary {
  /** Package name, for messages. */
  readonly name: string;
  /** What the library sends when the options have no `origin`. */
  readonly defaultOrigin: 'wildcard' | 'reflect';
  /** `'*'` anywhere in an origin array means every origin (@fastify/cors) instead of a dead entry (cors). */
  readonly wildcardInArray: boolean;
  /** A `/g` or `/y` RegExp keeps `lastIndex` between requests (cors never resets it; @fastify/cors does). */
  readonly statefulRegex: boolean;
  /** `origin: undefined` (key present) turns CORS off (cors) instead of meaning the default. */
  readonly undefinedDisables: boolean;
  /** How an origin function answers: `(origin, cb) => cb(err, allow)` or by returning (a promise of) it. */
  readonly originFunction: 'callback' | 'return' | 'callback-or-return';
  /** Whether the origin function's answer is an option value (`true`, a list) or the header value itself. */
  readonly functionAnswer: 'option' | 'header';
  /** Methods allowed when the options do not say. */
  readonly defaultMethods: readonly string[];
  /** Whether the library adds `Vary: Origin` whenever the allowed origin can differ between requests. */
  readonly setsVary: boolean;
  /** Credentials are on only for the boolean `true` (cors: `options.credentials === true`), not for `'true'`. */
  readonly strictCredentials: boolean;
  /** Option names when not cors's `methods` / `allowedHeaders` / `exposedHeaders` (Koa, Hono: `allowMethods`...). */
  readonly optionNames?: { readonly methods: string; readonly allowedHeaders: string; readonly exposedHeaders: string };
  /** What an origin function gets first: the Origin (default), or the request context it reads it from (Koa `origin(ctx)`). */
  readonly functionParam?: 'origin' | 'context';
  /** A non-function `origin` is the header value itself, any falsy value meaning the default (Koa: `options.origin || '*'`). */
  readonly originIsHeader?: boolean;
}

export const CORS_PACKAGE: CorsLibrary = {
  name: 'cors',
  defaultOrigin: 'wildcard', // expressjs/cors lib/index.js defaults: origin '*'
  wildcardInArray: false, // isOriginAllowed compares array entries with ===
  statefulRegex: true, // isOriginAllowed calls allowedOrigin.test(origin) on the shared RegExp
  undefinedDisables: true, // `if (corsOptions.origin)` fails, so the middleware calls next() without headers
  originFunction: 'callback',
  functionAnswer: 'option',
  defaultMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
  setsVary: true, // configureOrigin adds Vary: Origin for every origin but '*'
  strictCredentials: true, // configureCredentials: `if (options.credentials === true)`
};

export interface CorsSettings {
  readonly origin: Setting<readonly OriginGrant[]>;
  readonly credentials: Setting<boolean | 'unknown'>;
  readonly methods: Setting<readonly string[] | '*' | 'unknown'>;
  readonly allowedHeaders: Setting<readonly string[] | '*' | 'mirror' | 'unknown'>;
  readonly exposedHeaders: Setting<readonly string[] | '*' | 'unknown'>;
  readonly maxAge: Setting<number | 'unknown' | undefined>;
  readonly varyOrigin: Setting<boolean | 'unknown'>;
  /** `preflightContinue: true` hands OPTIONS on to the next handler instead of answering it. */
  readonly preflightContinue: boolean | 'unknown';
  /** Each options object the middleware may use, its `origin` as written, and what that origin grants. */
  readonly originChoices: readonly OriginChoice[];
}

export interface OriginChoice {
  readonly options: Value;
  readonly written?: Written;
  readonly grants: readonly OriginGrant[];
}

/**
 * Settings for options passed as `arg` (an object, a variable, an import, or an options delegate
 * `(req, cb) => cb(null, options)`); `arg` undefined means no options at all.
 */
export function corsSettings(arg: Node | undefined, lib: CorsLibrary, ctx: AnalysisContext): CorsSettings {
  const options = arg ? optionChoices(arg, lib, ctx) : [];
  const choices = options.filter((o) => o.value.kind !== 'undefined');
  // `cors('*')`: a string or null is no options object; every setting keeps its default.
  const objects = choices.filter((o) => o.value.kind !== 'string' && o.value.kind !== 'null');
  const credentials = anyCredentials(objects, lib, ctx);
  const originChoices = choices.map((o): OriginChoice => {
    const written = o.value.kind === 'object' ? o.value.written?.get('origin') : undefined;
    return { options: o.value, ...(written ? { written } : {}), grants: originOption(o, lib, ctx) };
  });
  const grants = choices.length === 0 ? [defaultGrant(lib)] : originChoices.flatMap((c) => c.grants);
  const firstSite = grants.find((g) => g.site)?.site;
  return {
    origin: { value: grants, ...(firstSite ? { site: firstSite } : {}) },
    credentials,
    methods: merged(objects, lib.optionNames?.methods ?? 'methods', listOf, lib.defaultMethods, ctx),
    allowedHeaders: merged<readonly string[] | '*' | 'mirror' | 'unknown'>(objects, lib.optionNames?.allowedHeaders ?? ['allowedHeaders', 'headers'], listOf, 'mirror', ctx),
    exposedHeaders: merged(objects, lib.optionNames?.exposedHeaders ?? 'exposedHeaders', listOf, [], ctx),
    maxAge: merged(objects, 'maxAge', (v) => (v.kind === 'number' ? v.value : v.kind === 'string' && /^\d+$/.test(v.value) ? Number(v.value) : 'unknown'), undefined, ctx),
    varyOrigin: { value: lib.setsVary },
    preflightContinue: merged(objects, 'preflightContinue', (v) => (v.kind === 'boolean' ? v.value : 'unknown'), false, ctx).value,
    originChoices,
  };
}

/** The Access-Control-* settings, the part of the options every options-based policy takes over unchanged. */
export function accessControlSettings(settings: CorsSettings): Pick<CorsSettings, 'origin' | 'credentials' | 'methods' | 'allowedHeaders' | 'exposedHeaders' | 'maxAge'> {
  return {
    origin: settings.origin,
    credentials: settings.credentials,
    methods: settings.methods,
    allowedHeaders: settings.allowedHeaders,
    exposedHeaders: settings.exposedHeaders,
    maxAge: settings.maxAge,
  };
}

/** Each options object the middleware may use, with the check that selects it (delegates decide per request). */
function optionChoices(arg: Node, lib: CorsLibrary, ctx: AnalysisContext): Guarded[] {
  const out: Guarded[] = [];
  for (const choice of guardedValues(arg, ctx)) {
    const v = choice.value;
    if (v.kind !== 'function') {
      out.push(choice);
      continue;
    }
    const inner = { ...ctx, file: v.file, env: undefined };
    const calls = callbackCalls(v.fn, 1);
    if (calls && calls.length > 0) {
      for (const { call, guards } of calls) {
        const answer = call.arguments[1];
        if (!answer || answer.type === 'SpreadElement' || isError(call.arguments[0], inner)) continue;
        out.push(...guardedValues(answer, inner, and(choice.when, checkOfGuards(guards, inner))));
      }
    } else if (lib.originFunction !== 'callback') {
      out.push(...guardedReturns(v.fn, inner).map((g) => ({ ...g, when: and(choice.when, g.when) })));
    } else {
      out.push({ value: { kind: 'unknown' }, node: choice.node, when: choice.when });
    }
  }
  return out;
}

/** `cb(new Error('blocked'), ...)`: the library skips CORS (and fails the request) whatever comes second. */
function isError(arg: Node | undefined, ctx: AnalysisContext): boolean {
  if (!arg || arg.type === 'SpreadElement') return false;
  if (arg.type === 'NewExpression') return true;
  return alternatives(evaluate(arg, ctx)).every((v) => v.kind !== 'null' && v.kind !== 'undefined' && v.kind !== 'unknown');
}

function defaultGrant(lib: CorsLibrary): OriginGrant {
  return lib.defaultOrigin === 'wildcard' ? { kind: 'wildcard' } : { kind: 'reflect', when: ALWAYS };
}

/** The `origin` option of one options object, by the library's rules. */
function originOption(options: Guarded, lib: CorsLibrary, ctx: AnalysisContext): OriginGrant[] {
  const grants = originOptionGrants(options, lib, ctx);
  return environmentOf(options.when) === 'development' ? grants.map((g) => ({ ...g, devOnly: true })) : grants;
}

function originOptionGrants(options: Guarded, lib: CorsLibrary, ctx: AnalysisContext): OriginGrant[] {
  const obj = options.value;
  if (obj.kind !== 'object') {
    // `cors('*')`: a string is spread into the defaults as character keys, so the default origin applies.
    if (obj.kind === 'string' || obj.kind === 'null') return [defaultGrant(lib)];
    return [{ kind: 'unknown', ...siteAt(options.node, ctx) }];
  }
  const origin = obj.props.get('origin');
  if (!origin) return [obj.open ? { kind: 'unknown', ...siteAt(options.node, ctx) } : defaultGrant(lib)];
  // `{ origin: req.headers.origin }` from an options delegate: the request's own Origin as a string, so echoed.
  const written = obj.written?.get('origin');
  if (written && isOriginExpr(written.node, { ...ctx, file: written.file })) {
    return [{ kind: 'reflect', when: assumingOrigin(options.when), site: siteOf(written.node, { file: written.file }) }];
  }
  // `origin: isDev ? true : ALLOWED`: each branch with the check (or deployment switch) that picks it.
  if (written && (written.node.type === 'ConditionalExpression' || written.node.type === 'LogicalExpression')) {
    const inner = { ...ctx, file: written.file };
    return guardedValues(written.node, inner).flatMap((g) => {
      const when = and(options.when, g.when);
      const grants = originValue(g.value, lib, inner, when);
      return environmentOf(when) === 'development' ? grants.map((x) => ({ ...x, devOnly: true })) : grants;
    });
  }
  return originValue(origin, lib, ctx, options.when);
}

/** Grants for one `origin` value: `'*'`, a string, `true`, a RegExp, a list, or a function. */
export function originValue(value: Value, lib: CorsLibrary, ctx: AnalysisContext, when: OriginCheck): OriginGrant[] {
  return alternatives(value).flatMap((v): OriginGrant[] => {
    const at = v.node && v.file ? { site: siteOf(v.node, { file: v.file }) } : {};
    if (lib.originIsHeader && v.kind !== 'function') return [headerOrigin(v, lib, at)];
    switch (v.kind) {
      case 'string':
        if (v.value === '*') return [{ kind: 'wildcard', ...at }];
        return v.value === '' ? [{ kind: 'none', ...at }] : [{ kind: 'fixed', value: v.value, ...at }];
      case 'boolean':
        return [v.value ? { kind: 'reflect', when: assumingOrigin(when), ...at } : { kind: 'none', ...at }];
      case 'undefined':
      case 'null':
        return [lib.undefinedDisables ? { kind: 'none', ...at } : defaultGrant(lib)];
      case 'regexp':
        return [{ kind: 'reflect', when: and(when, regexMatcher(v, lib, ctx)), ...at }];
      case 'array': {
        if (lib.wildcardInArray && v.elements.some((e) => e.kind === 'string' && e.value === '*')) return [{ kind: 'wildcard', ...at }];
        const entries = v.elements.flatMap((e) => alternatives(e)).map((e) => entryMatcher(e, lib, ctx));
        const open = v.open ? [matcherCheck('trusted', 'origin', undefined, v.node ?? ctx.file.ast, ctx)] : [];
        return [{ kind: 'reflect', when: and(when, or(...entries, ...open)), ...at }];
      }
      case 'function':
        return functionGrants(v, lib, ctx, when);
      default:
        return [{ kind: 'unknown', ...at }];
    }
  });
}

/** `options.origin || default` written as the header: a string is the header, falsy the default, anything else unknown. */
function headerOrigin(v: Value, lib: CorsLibrary, at: { site?: Site }): OriginGrant {
  if (truthiness(v) === false) return defaultGrant(lib);
  if (v.kind !== 'string') return { kind: 'unknown', ...at };
  return v.value === '*' ? { kind: 'wildcard', ...at } : { kind: 'fixed', value: v.value, ...at };
}

function entryMatcher(e: Value, lib: CorsLibrary, ctx: AnalysisContext): OriginCheck {
  const whole = e.node ?? ctx.file.ast;
  const c = { ...ctx, file: e.file ?? ctx.file };
  if (e.kind === 'string') return matcherCheck('equals', 'origin', e, whole, c);
  if (e.kind === 'regexp') return regexMatcher(e, lib, c);
  return matcherCheck('trusted', 'origin', undefined, whole, c);
}

function regexMatcher(v: Value & { kind: 'regexp' }, lib: CorsLibrary, ctx: AnalysisContext): OriginCheck {
  const c = { ...ctx, file: v.file ?? ctx.file };
  const check = matcherCheck('regex', 'origin', v, v.node ?? ctx.file.ast, c);
  if (check.op !== 'match' || !lib.statefulRegex || !/[gy]/.test(v.flags)) return check;
  return { op: 'match', matcher: { ...check.matcher, stateful: true } };
}

/** `origin: (origin, cb) => ...`: what each answer grants, under the check that leads to it. */
function functionGrants(fnValue: Value & { kind: 'function' }, lib: CorsLibrary, ctx: AnalysisContext, when: OriginCheck): OriginGrant[] {
  const fn = fnValue.fn;
  const first = fn.params[0];
  const inner: AnalysisContext = { ...ctx, file: fnValue.file, env: undefined, originParams: new Set(first && lib.functionParam !== 'context' ? [first] : []) };
  const answers: Guarded[] = [];
  const calls = lib.originFunction === 'return' ? undefined : callbackCalls(fn, 1);
  if (calls && calls.length > 0) {
    for (const { call, guards } of calls) {
      if (isError(call.arguments[0], inner)) continue;
      const answer = call.arguments[1];
      if (!answer || answer.type === 'SpreadElement') continue; // cb(err) or cb(): no CORS for this request
      answers.push(...guardedValues(answer, inner, and(when, checkOfGuards(guards, inner))));
    }
  } else if (lib.originFunction !== 'callback') {
    answers.push(...guardedReturns(fn, inner).map((g) => ({ ...g, when: and(when, g.when) })));
  } else {
    return [{ kind: 'unknown', site: siteOf(fn, inner) }];
  }
  return answers.flatMap((a): OriginGrant[] => {
    const site = siteOf(a.node, inner);
    // Answering with the request's own Origin string: cors then treats it as a fixed origin, i.e. echoes it.
    if (isOriginExpr(a.node, inner)) return [{ kind: 'reflect', when: assumingOrigin(a.when), site }];
    if (lib.functionAnswer === 'header') return headerAnswer(a, site);
    const alts = alternatives(a.value);
    if (alts.some((v) => v.kind === 'unknown') && alts.every((v) => v.kind === 'unknown' || v.kind === 'boolean')) {
      // `cb(null, ALLOWED.includes(origin))`: a test answered as a boolean allows the origin when it holds.
      const test = checkOf(a.node, inner);
      return test.op === 'opaque' ? [{ kind: 'unknown', site }] : [{ kind: 'reflect', when: assumingOrigin(and(a.when, test)), site }, { kind: 'none', site }];
    }
    return originValue(a.value, lib, inner, a.when);
  });
}

/** An answer written as the header itself (Hono, Koa): falsy sends none, a string is the header, the rest is unknown. */
function headerAnswer(a: Guarded, site: Site): OriginGrant[] {
  return alternatives(a.value).flatMap((v): OriginGrant[] => {
    if (truthiness(v) === false) return [{ kind: 'none', site }];
    if (v.kind === 'string') return v.value === '*' ? [{ kind: 'wildcard', site }] : [{ kind: 'fixed', value: v.value, site }];
    // `true` goes out as the text 'true', which no Origin equals: nobody is granted anything.
    return v.kind === 'boolean' ? [] : [{ kind: 'unknown', site }];
  });
}

function siteAt(node: Node, ctx: AnalysisContext): { site: Site } {
  return { site: siteOf(node, ctx) };
}

function listOf(v: Value): readonly string[] | '*' | 'unknown' {
  const s = stringOf(v);
  if (s !== undefined) return s.trim() === '*' ? '*' : s.split(',').map((x) => x.trim()).filter(Boolean);
  if (v.kind === 'array' && !v.open) {
    const items = v.elements.map(stringOf);
    return items.every((i): i is string => i !== undefined) ? items : 'unknown';
  }
  return 'unknown';
}

/** One option across all option objects: the first object that sets it wins the site; values are joined. */
function merged<T>(
  objects: readonly Guarded[],
  key: string | readonly string[],
  read: (v: Value) => T,
  fallback: T,
  ctx: AnalysisContext,
): Setting<T> {
  const keys = typeof key === 'string' ? [key] : key;
  for (const o of objects) {
    for (const k of keys) {
      const v = property(o.value, k, ctx);
      if (v.kind === 'undefined') continue;
      const value = read(v);
      const site = v.node && v.file ? siteOf(v.node, { file: v.file }) : undefined;
      return site ? { value, site } : { value };
    }
  }
  return { value: fallback };
}

/** Credentials are allowed if any options object the middleware may pick allows them. */
function anyCredentials(objects: readonly Guarded[], lib: CorsLibrary, ctx: AnalysisContext): Setting<boolean | 'unknown'> {
  let result: Setting<boolean | 'unknown'> = { value: false };
  const read = (v: Value) => (lib.strictCredentials ? strictTrue(v) : credentialsOf(v));
  for (const o of objects) {
    const setting = merged([o], 'credentials', read, false, ctx);
    if (setting.value === true) return setting;
    if (setting.value === 'unknown') result = setting;
  }
  return result;
}

function strictTrue(value: Value): boolean | 'unknown' {
  const alts = alternatives(value);
  if (alts.some((v) => v.kind === 'boolean' && v.value)) return true;
  return alts.some((v) => v.kind === 'unknown' || v.kind === 'env') ? 'unknown' : false;
}
