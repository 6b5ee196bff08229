// What @middy/http-cors sends for given options, per major version (read from the published packages' index.js,
// v2.5.7 through v7.9.2; the behaviour changed at 3, 5, 6 and 7):
// - getOrigin: with `origins` non-empty, v2-4 echo a listed origin and otherwise send `origins[0]`; v5+ echo a
//   listed origin (an entry with `*` is a one-label wildcard `^...[^.]*...$`; a `'*'` entry admits every origin:
//   echoed with credentials, `*` without) and otherwise send nothing; v6+ also list `origin` itself. With
//   `origins` empty they send `origin`, except that `origin: '*'` with credentials echoes the request Origin.
// - default `origin`: `'*'` up to v5, undefined (no header) from v6.
// - Vary: none in v2; v3-5 add `Vary: Origin` (or the `vary` option instead) whenever the origin sent is not
//   `*`; v6 only for several/wildcard origins or an echo under `'*'`; v7 also whenever a listed origin is echoed.
import { ALWAYS, type OriginCheck } from '../model/origin-check';
import type { OriginGrant } from '../model/policy';
import { or } from '../model/check-logic';
import { siteOf } from '../engine/source';
import { matcherCheck } from '../engine/checks';
import type { AnalysisContext } from '../engine/origin-reads';
import { stringOf } from '../engine/value-facts';
import { alternatives, type Value, type ValueOf } from '../engine/values';
import { originValue, type CorsLibrary } from './cors-options';

export const MIDDY_MAJORS = [2, 3, 4, 5, 6, 7] as const;

/** `getOrigin(incomingOrigin, options)` returns the header value itself (a string, or nothing). */
export const MIDDY_GET_ORIGIN: CorsLibrary = {
  name: '@middy/http-cors',
  defaultOrigin: 'wildcard', // unused for a function origin
  wildcardInArray: false,
  statefulRegex: false,
  undefinedDisables: true,
  originFunction: 'return', // options.getOrigin(incomingOrigin, options): its return value is the header
  functionAnswer: 'header',
  defaultMethods: [],
  setsVary: false,
  strictCredentials: false,
};

export interface MiddyOutcome {
  readonly grants: readonly OriginGrant[];
  readonly vary: boolean | 'unknown';
}

/** Grants and Vary for one options object under one major version. */
export function middyOutcome(opts: ValueOf<'object'>, major: number, credentials: boolean | 'unknown', ctx: AnalysisContext): MiddyOutcome {
  const getOrigin = opts.props.get('getOrigin');
  const varyOption = opts.props.get('vary');
  const optionVary = varyOption === undefined || major < 3 ? undefined : stringOf(varyOption) === undefined ? 'unknown' : /(^|,)\s*origin\s*(,|$)/i.test(stringOf(varyOption) as string);
  if (getOrigin) {
    const grants = getOrigin.kind === 'function' ? originValue(getOrigin, MIDDY_GET_ORIGIN, ctx, ALWAYS) : [unknownAt(getOrigin, ctx)];
    const origins = listOf(opts.props.get('origins'));
    // A custom getOrigin gets Vary in v3-5 (any non-`*` header) and in v7 when it echoes a listed origin.
    const vary = major < 3 ? false : major <= 5 ? optionVary ?? true : major === 7 && origins !== undefined && origins.length > 0 ? true : optionVary ?? false;
    return { grants, vary };
  }
  const origin = opts.props.get('origin');
  const originsValue = opts.props.get('origins');
  const origins = listOf(originsValue);
  if (origins === undefined) return { grants: [unknownAt(originsValue ?? opts, ctx)], vary: 'unknown' };
  const originText = origin === undefined || origin.kind === 'undefined' ? undefined : stringOf(origin);
  if (origin !== undefined && origin.kind !== 'undefined' && originText === undefined) return { grants: [unknownAt(origin, ctx)], vary: 'unknown' };
  const effectiveOrigin = originText ?? (major <= 5 ? '*' : undefined);
  if (origins.length === 0) return single(effectiveOrigin, origin, major, credentials, optionVary);
  const entries: (Value | string)[] = major >= 6 && originText ? [origin as Value, ...origins] : [...origins];
  if (major <= 4) {
    // No match: the first listed origin, a constant.
    const first = origins[0] as Value;
    const firstText = stringOf(first);
    const fallback: OriginGrant = firstText !== undefined ? { kind: 'fixed', value: firstText, ...siteOfValue(first) } : unknownAt(first, ctx);
    return { grants: [{ kind: 'reflect', when: or(...entries.map((e) => exact(e, ctx))), ...siteOfValue(originsValue) }, fallback], vary: major < 3 ? false : optionVary ?? true };
  }
  const texts = entries.map((e) => (typeof e === 'string' ? e : stringOf(e)));
  const any = texts.includes('*');
  const dynamic = texts.some((t) => t !== undefined && t !== '*' && t.includes('*'));
  const checks = entries.filter((_, i) => texts[i] !== '*').map((e, i) => entryCheck(e, texts.filter((t) => t !== '*')[i], major, ctx));
  const grants: OriginGrant[] = [{ kind: 'reflect', when: or(...checks), ...siteOfValue(originsValue) }];
  if (any) {
    const at = siteOfValue(originsValue);
    if (credentials !== false) grants.push({ kind: 'reflect', when: ALWAYS, ...at });
    if (credentials !== true) grants.push({ kind: 'wildcard', ...at });
  }
  const many = origins.length > 1 || dynamic;
  const vary = major <= 5 ? optionVary ?? true : many || (any && credentials === true) || major >= 7 ? true : optionVary ?? false;
  return { grants, vary };
}

/** `origins` empty: the `origin` option is sent as it is, but `'*'` with credentials echoes the request Origin. */
function single(text: string | undefined, origin: Value | undefined, major: number, credentials: boolean | 'unknown', optionVary: boolean | 'unknown' | undefined): MiddyOutcome {
  const at = siteOfValue(origin);
  if (text === undefined || text === '') return { grants: [{ kind: 'none', ...at }], vary: true };
  if (text !== '*') return { grants: [{ kind: 'fixed', value: text, ...at }], vary: true };
  const grants: OriginGrant[] = [];
  if (credentials !== false) grants.push({ kind: 'reflect', when: ALWAYS, ...at });
  if (credentials !== true) grants.push({ kind: 'wildcard', ...at });
  // The echo under '*': v3-5 add Vary for any non-* origin; v6+ for `originAny && newOrigin !== '*'`.
  return { grants, vary: major < 3 ? false : major <= 5 ? optionVary ?? true : true };
}

function entryCheck(e: Value | string, text: string | undefined, major: number, ctx: AnalysisContext): OriginCheck {
  if (typeof e === 'string' || text === undefined || !text.includes('*')) return exact(e, ctx);
  // `https://*.example.com` -> ^https://[^.]*\.example\.com$ (v5/v6 escape only dots; v7 every special).
  const escaped = major >= 7 ? text.replace(/[.+?^${}()|[\]\\]/g, '\\$&') : text.replace(/\./g, '\\.');
  const pattern = `^${escaped.replace(/\*/g, '[^.]*')}$`;
  return matcherCheck('regex', 'origin', { kind: 'regexp', pattern, flags: '', ...(e.node ? { node: e.node } : {}), ...(e.file ? { file: e.file } : {}) }, e.node ?? ctx.file.ast, { ...ctx, file: e.file ?? ctx.file });
}

function exact(e: Value | string, ctx: AnalysisContext): OriginCheck {
  if (typeof e === 'string') return matcherCheck('equals', 'origin', { kind: 'string', value: e }, ctx.file.ast, ctx);
  const c = { ...ctx, file: e.file ?? ctx.file };
  if (e.kind === 'string') return matcherCheck('equals', 'origin', e, e.node ?? ctx.file.ast, c);
  // An entry read from the environment or elsewhere: a trusted list member.
  return matcherCheck('trusted', 'origin', undefined, e.node ?? ctx.file.ast, c);
}

/** The entries of `origins` (an unknown-length list from the environment counts as one trusted entry). */
function listOf(v: Value | undefined): Value[] | undefined {
  if (v === undefined || v.kind === 'undefined') return [];
  // Every alternative a list (`(process.env.X ?? '').split(',')`): their entries together.
  const alts = alternatives(v);
  if (!alts.every((a) => a.kind === 'array')) return undefined;
  const out: Value[] = [];
  for (const a of alts as ValueOf<'array'>[]) {
    for (const e of a.elements) if (!out.some((o) => o.kind === 'string' && e.kind === 'string' && o.value === e.value)) out.push(e);
    if (a.open) out.push({ kind: 'unknown', ...(v.node ? { node: v.node } : {}), ...(v.file ? { file: v.file } : {}) });
  }
  // `''.split(',')` gives `['']`: an empty entry matches no Origin.
  return out.filter((e) => !(e.kind === 'string' && e.value === ''));
}

function siteOfValue(v: Value | undefined): { site?: ReturnType<typeof siteOf> } {
  return v?.node && v.file ? { site: siteOf(v.node, { file: v.file }) } : {};
}

function unknownAt(v: Value, ctx: AnalysisContext): OriginGrant {
  return { kind: 'unknown', ...(v.node ? { site: siteOf(v.node, { file: v.file ?? ctx.file }) } : {}) };
}
