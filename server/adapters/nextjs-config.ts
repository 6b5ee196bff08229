// `next.config.*` `async headers()` rules: `{ source, has?, headers: [{ key, value }] }`, static headers Next adds
// to every response of the matched paths (OPTIONS answers included). A value can only vary through a `has`
// capture: `has: [{ type: 'header', key: 'origin' }]` makes `:origin` the request's Origin, and a `value` regex
// must match it whole (`^${value}$`); next.js shared/lib/router/utils/prepare-destination.ts, matchHas and
// compileNonPath. Whether the matched handlers answer OPTIONS is theirs to say: the preflight stays unknown here.
import { T } from '../engine/ast-types';
import type { Edit, Fix } from '../model/fix';
import { variesByOrigin } from '../model/grants';
import { ALWAYS, type OriginCheck } from '../model/origin-check';
import type { CorsPolicy, OriginGrant, Setting } from '../model/policy';

import { findExport } from '../engine/modules';
import type { AnalysisContext } from '../engine/origin-reads';
import type { Node } from '../engine/source';
import { exportValue } from '../engine/binding-values';
import { callWithValues } from '../engine/function-calls';
import { stringOf } from '../engine/value-facts';
import { alternatives, evaluate, UNKNOWN, type Value } from '../engine/values';
import { lineIndent, quoteOf } from './edits';
import { siteOf } from '../engine/source';

type Obj = Extract<Value, { kind: 'object' }>;

export function configPolicies(ctx: AnalysisContext): CorsPolicy[] {
  return headerRuleLists(ctx).flatMap((rules) => rules.flatMap((rule) => (rule.kind === 'object' ? rulePolicy(rule, rules, ctx) : [])));
}

/**
 * The `source` of every header rule that sends a CORS header (undefined: unreadable), or undefined when the rules
 * themselves cannot be read. `ctx.file` is the config file.
 */
export function corsRuleSources(ctx: AnalysisContext): (string | undefined)[] | undefined {
  const lists = headerRuleLists(ctx);
  if (lists.length === 0 && /access-control-allow/i.test(ctx.file.text)) return undefined;
  return lists.flatMap((rules) =>
    rules.flatMap((rule) => {
      if (rule.kind !== 'object') return [undefined];
      const headers = rule.props.get('headers');
      if (headers?.kind !== 'array') return [undefined];
      const cors = headers.open || headers.elements.some((h) => h.kind !== 'object' || /^access-control-/i.test(stringOf(h.props.get('key') ?? UNKNOWN) ?? 'access-control-'));
      return cors ? [stringOf(rule.props.get('source') ?? UNKNOWN)] : [];
    }),
  );
}

/** What `headers()` returns, as lists of rules (one list per way it can come out). */
function headerRuleLists(ctx: AnalysisContext): (readonly Value[])[] {
  const out: (readonly Value[])[] = [];
  for (const config of configObjects(ctx)) {
    const headersFn = config.props.get('headers');
    if (headersFn?.kind !== 'function') continue;
    for (const list of alternatives(callWithValues(headersFn, [], ctx) ?? UNKNOWN)) {
      if (list.kind === 'array') out.push(list.open ? [...list.elements, UNKNOWN] : list.elements);
    }
  }
  return out;
}

/** The exported config: an object, a plugin wrapper's object argument, or what a `(phase) => ({...})` returns. */
function configObjects(ctx: AnalysisContext): Obj[] {
  const found = findExport(ctx.project, ctx.file, 'default');
  const value = exportValue(ctx.file, 'default', ctx);
  const candidates: Value[] = [...alternatives(value)];
  if (found?.kind === 'node' && found.node.type === T.CallExpression) candidates.push(...found.node.arguments.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx))));
  return candidates.flatMap((v) => {
    if (v.kind === 'object') return [v];
    if (v.kind === 'function') return alternatives(callWithValues(v, [UNKNOWN], ctx) ?? UNKNOWN).filter((r): r is Obj => r.kind === 'object');
    return [];
  });
}

interface Entry {
  readonly name: string;
  readonly value: Value;
  readonly object: Obj;
  readonly valueNode?: Node;
}

function rulePolicy(rule: Obj, siblings: readonly Value[], ctx: AnalysisContext): CorsPolicy[] {
  const headers = rule.props.get('headers');
  if (headers?.kind !== 'array') return [];
  const entries: Entry[] = headers.elements.flatMap((h) => {
    const name = h.kind === 'object' ? stringOf(h.props.get('key') ?? UNKNOWN)?.toLowerCase() : undefined;
    if (h.kind !== 'object' || !name) return [];
    const node = h.written?.get('value')?.node;
    return [{ name, value: h.props.get('value') ?? UNKNOWN, object: h, ...(node ? { valueNode: node } : {}) }];
  });
  const acao = entries.filter((e) => e.name === 'access-control-allow-origin');
  const first = acao[0];
  if (!first?.object.node) return [];
  const params = hasParams(rule, ctx);
  const at = (e: Entry) => siteOf(e.valueNode ?? (e.object.node as Node), ctx);
  const grants = acao.map((e) => grantOf(e, params, at(e)));
  const one = (name: string) => entries.filter((e) => e.name === name).pop();
  const credentials = one('access-control-allow-credentials');
  const credentialsValue = credentials ? stringOf(credentials.value)?.trim().toLowerCase() === 'true' || (stringOf(credentials.value) === undefined ? 'unknown' : false) : false;
  const vary = varySetting(entries, rule, siblings, grants);
  const addVaryOrigin = vary.value === false && variesByOrigin(grants) && !entries.some((e) => e.name === 'vary') ? varyFix(first, ctx) : undefined;
  const dropCredentials = credentialsValue === true && credentials ? removeEntry(credentials, ctx) : undefined;
  return [
    {
      framework: 'Next.js',
      label: 'This headers() rule',
      site: siteOf(first.object.node as Node, ctx),
      origin: { value: grants, site: at(first) },
      credentials: credentials ? { value: credentialsValue, site: at(credentials) } : { value: false },
      methods: list(one('access-control-allow-methods'), at),
      allowedHeaders: list(one('access-control-allow-headers'), at),
      exposedHeaders: list(one('access-control-expose-headers'), at),
      maxAge: { value: undefined },
      preflight: { value: 'unknown' },
      preflightTriggers: [],
      varyOrigin: vary,
      fixes: { ...(addVaryOrigin ? { addVaryOrigin } : {}), ...(dropCredentials ? { dropCredentials } : {}) },
    },
  ];
}

/** Origin captures of the rule's `has` conditions: `:origin` (key only) or a named group spanning the whole regex. */
function hasParams(rule: Obj, ctx: AnalysisContext): Map<string, OriginCheck> {
  const out = new Map<string, OriginCheck>();
  const has = rule.props.get('has');
  for (const item of has?.kind === 'array' ? has.elements : []) {
    if (item.kind !== 'object' || stringOf(item.props.get('type') ?? UNKNOWN) !== 'header') continue;
    if (stringOf(item.props.get('key') ?? UNKNOWN)?.toLowerCase() !== 'origin') continue;
    const value = item.props.get('value');
    if (!value || value.kind === 'undefined') {
      out.set('origin', ALWAYS);
      continue;
    }
    const text = stringOf(value);
    const whole = text === undefined ? undefined : /^\(\?<([A-Za-z]\w*)>([\s\S]*)\)$/.exec(text);
    const node = item.written?.get('value')?.node;
    if (whole && text !== undefined) {
      const matcher = { test: 'regex' as const, part: 'origin' as const, value: `^${text}$`, flags: '', ...(node ? { site: siteOf(node, ctx) } : {}) };
      out.set(whole[1] as string, { op: 'match', matcher });
    }
  }
  return out;
}

function grantOf(e: Entry, params: Map<string, OriginCheck>, site: CorsPolicy['site']): OriginGrant {
  const text = stringOf(e.value);
  if (text === undefined) return { kind: 'unknown', site };
  if (text === '*') return { kind: 'wildcard', site };
  if (text === '') return { kind: 'none', site };
  const param = /^:([A-Za-z]\w*)$/.exec(text);
  if (param) {
    const when = params.get(param[1] as string);
    return when ? { kind: 'reflect', when, site } : { kind: 'unknown', site };
  }
  return /:[A-Za-z]/.test(text) ? { kind: 'unknown', site } : { kind: 'fixed', value: text, site };
}

/** Vary in this rule (true, or false when it leaves Origin out); in another rule: it may match the same paths. */
function varySetting(entries: readonly Entry[], rule: Obj, siblings: readonly Value[], grants: readonly OriginGrant[]): Setting<boolean | 'unknown'> {
  const own = entries.filter((e) => e.name === 'vary').pop();
  if (own) {
    const text = stringOf(own.value);
    return { value: text === undefined ? 'unknown' : text.split(',').some((t) => ['origin', '*'].includes(t.trim().toLowerCase())) };
  }
  if (variesByOrigin(grants) && siblings.some((s) => s !== rule && varyIn(s))) return { value: 'unknown' };
  return { value: false };
}

function varyIn(rule: Value): boolean {
  const headers = rule.kind === 'object' ? rule.props.get('headers') : undefined;
  return headers?.kind === 'array' && headers.elements.some((h) => h.kind === 'object' && stringOf(h.props.get('key') ?? UNKNOWN)?.toLowerCase() === 'vary');
}

function list(e: Entry | undefined, at: (e: Entry) => CorsPolicy['site']): Setting<readonly string[] | '*' | 'unknown'> {
  if (!e) return { value: [] };
  const text = stringOf(e.value);
  if (text === undefined) return { value: 'unknown', site: at(e) };
  return { value: text.trim() === '*' ? '*' : text.split(',').map((s) => s.trim()).filter(Boolean), site: at(e) };
}

/** `{ key: 'Vary', value: 'Origin' }` right after the Access-Control-Allow-Origin entry (safe: who may call is unchanged). */
function varyFix(acao: Entry, ctx: AnalysisContext): Fix | undefined {
  const node = acao.object.node;
  if (!node || acao.object.file !== ctx.file) return undefined;
  const q = quoteOf(ctx.file);
  const rest = ctx.file.text.slice(node.range[1]);
  const comma = /^\s*,/.exec(rest);
  const multiline = /^\s*,?\s*\n/.test(rest);
  const entry = `{ key: ${q}Vary${q}, value: ${q}Origin${q} }`;
  const at = node.range[1] + (comma ? comma[0].length : 0);
  const text = multiline ? `${comma ? '' : ','}\n${lineIndent(ctx.file, node.range[0])}${entry}${comma ? ',' : ''}` : `${comma ? ' ' : ', '}${entry}${comma ? ',' : ''}`;
  return { title: 'Add Vary: Origin', edits: [{ file: ctx.file.path, span: [at, at], text }], safe: true };
}

/** Removes the Access-Control-Allow-Credentials entry (and its line, when it has one of its own). */
function removeEntry(e: Entry, ctx: AnalysisContext): Fix | undefined {
  const node = e.object.node;
  if (!node || e.object.file !== ctx.file) return undefined;
  const text = ctx.file.text;
  let [start, end] = node.range;
  const comma = /^\s*,/.exec(text.slice(end));
  if (comma) end += comma[0].length;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd === -1 ? undefined : lineEnd).trim() === '') [start, end] = [lineStart, lineEnd === -1 ? text.length : lineEnd + 1];
  const edit: Edit = { file: ctx.file.path, span: [start, end], text: '' };
  return { title: 'Stop allowing credentials', edits: [edit], safe: false };
}
