// `@middy/http-cors`: `middy(handler).use(cors({ origin, origins, credentials, ... }))`. Its semantics depend on
// the installed major version (middy-semantics.ts), read from node_modules or the nearest package.json; when it
// cannot be known, only what every version agrees on is reported. It adds headers after the handler ran; it
// answers OPTIONS itself only with `disableBeforePreflightResponse: false` (v4+; default true).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Edit, Fix } from '../model/fix';
import type { CorsPolicy, OriginGrant, PolicyFixes } from '../model/policy';

import { credentialsOf } from '../engine/grants';
import type { AnalysisContext } from '../engine/origin-reads';
import { childNodes, siteOf, textOf, unwrap, type Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { alternatives, evaluate, isModuleValue, type Value, type ValueOf } from '../engine/values';
import { addProperty, quoteOf } from './edits';
import { exportedFunction, type HandlerExport } from './lambda-handlers';
import { lambdaPreflight } from './lambda-preflight';
import { MIDDY_MAJORS, middyOutcome, type MiddyOutcome } from './middy-semantics';
import { middyMajor } from './middy-version';
import { allowlistText } from './policy-fixes';
import { answersOptions, SIMPLE_METHODS } from './requests';

export function middyPolicies(exports: readonly HandlerExport[], ctx: AnalysisContext): CorsPolicy[] {
  if (!ctx.file.text.includes('@middy/')) return [];
  const out: CorsPolicy[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || !isModuleValue(evaluate(call.callee, ctx), '@middy/http-cors', [])) continue;
    const exp = exports.find((e) => e.value.range[0] <= call.range[0] && call.range[1] <= e.value.range[1]);
    out.push(middyPolicy(call, exp, ctx));
  }
  return out;
}

function middyPolicy(call: TSESTree.CallExpression, exp: HandlerExport | undefined, ctx: AnalysisContext): CorsPolicy {
  const arg = call.arguments[0];
  const value = arg && arg.type !== T.SpreadElement ? evaluate(arg, ctx) : ({ kind: 'object', props: new Map(), open: false } as Value);
  const alts = alternatives(value);
  const opts = alts.length === 1 && alts[0]?.kind === 'object' ? (alts[0] as ValueOf<'object'>) : undefined;
  const prop = (k: string) => opts?.props.get(k);
  const credentials = opts ? (prop('credentials') === undefined ? false : credentialsOf(prop('credentials') as Value)) : 'unknown';
  const major = middyMajor(ctx);
  const outcome = opts ? outcomeFor(opts, major, credentials, ctx) : { grants: [{ kind: 'unknown', site: siteOf(call, ctx) } as OriginGrant], vary: 'unknown' as const };
  const before = prop('disableBeforePreflightResponse');
  const answersItself = before?.kind === 'boolean' && !before.value && (major === undefined || major >= 4);
  const base = exp ? baseHandler(exp.value, ctx) : undefined;
  const pre = lambdaPreflight(ctx, exp?.name, answersItself || (!!base && answersOptions(base)), base);
  const methods = listSetting(prop('methods'));
  const headers = listSetting(prop('headers'));
  const fixes = middyFixes(opts, outcome, credentials, major, ctx);
  const triggers = pre.value !== 'unanswered' ? [] : [...pre.triggers, ...optionTriggers(methods.value, headers.value, call, ctx), ...jsonParserTrigger(exp, ctx)];
  return {
    framework: '@middy/http-cors',
    label: `${textOf(ctx.file, call.callee)}() middleware`,
    site: siteOf(call, ctx),
    ...(pre.route ? { route: pre.route } : {}),
    origin: { value: outcome.grants, ...(outcome.grants[0]?.site ? { site: outcome.grants[0].site } : {}) },
    credentials: { value: credentials, ...siteOfProp(prop('credentials'), ctx) },
    methods,
    allowedHeaders: headers,
    exposedHeaders: listSetting(prop('exposeHeaders')),
    maxAge: { value: numberOf(prop('maxAge')) },
    preflight: { value: pre.value },
    preflightTriggers: triggers,
    varyOrigin: { value: outcome.vary },
    fixes: pre.fix ? { ...fixes, answerPreflight: pre.fix } : fixes,
  };
}

/** The outcome under the known major, or what every major agrees on. */
function outcomeFor(opts: ValueOf<'object'>, major: number | undefined, credentials: boolean | 'unknown', ctx: AnalysisContext): MiddyOutcome {
  if (major !== undefined) return middyOutcome(opts, major, credentials, ctx);
  const all = MIDDY_MAJORS.map((m) => middyOutcome(opts, m, credentials, ctx));
  const first = all[0] as MiddyOutcome;
  const sameGrants = all.every((o) => JSON.stringify(o.grants) === JSON.stringify(first.grants));
  const sameVary = all.every((o) => o.vary === first.vary);
  return { grants: sameGrants ? first.grants : [{ kind: 'unknown', site: siteOf(opts.node ?? ctx.file.ast, { file: opts.file ?? ctx.file }) }], vary: sameVary ? first.vary : 'unknown' };
}

/** `middy(base)` or `middy().handler(base)` inside the exported chain: the handler middy wraps. */
function baseHandler(chain: Node, ctx: AnalysisContext) {
  const stack: Node[] = [chain];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.CallExpression && n.arguments[0] && n.arguments[0].type !== T.SpreadElement) {
      const callee = unwrap(n.callee);
      const isHandlerCall = callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier && callee.property.name === 'handler';
      if (isHandlerCall || isModuleValue(evaluate(callee, ctx), '@middy/core', [])) {
        const fn = exportedFunction(n.arguments[0]);
        if (fn) return fn;
      }
    }
    stack.push(...childNodes(n));
  }
  return undefined;
}

function optionTriggers(methods: CorsPolicy['methods']['value'], headers: CorsPolicy['allowedHeaders']['value'], call: Node, ctx: AnalysisContext): CorsPolicy['preflightTriggers'] {
  const out: { reason: string; site: ReturnType<typeof siteOf> }[] = [];
  if (Array.isArray(methods)) {
    const other = (methods as readonly string[]).filter((m) => !SIMPLE_METHODS.has(m.toUpperCase()) && m.toUpperCase() !== 'OPTIONS');
    if (other.length > 0) out.push({ reason: `the methods option lists ${other.join(', ')}`, site: siteOf(call, ctx) });
  }
  if (Array.isArray(headers)) {
    const custom = (headers as readonly string[]).filter((h) => !['accept', 'accept-language', 'content-language', 'content-type'].includes(h.toLowerCase()));
    if (custom.length > 0) out.push({ reason: `the headers option lists ${custom.join(', ')}`, site: siteOf(call, ctx) });
  }
  return out;
}

/** `@middy/http-json-body-parser` in the same chain: requests carry Content-Type: application/json. */
function jsonParserTrigger(exp: HandlerExport | undefined, ctx: AnalysisContext): CorsPolicy['preflightTriggers'] {
  if (!exp) return [];
  for (const call of ctx.file.calls) {
    if (call.range[0] < exp.value.range[0] || call.range[1] > exp.value.range[1] || call.type !== T.CallExpression) continue;
    if (isModuleValue(evaluate(call.callee, ctx), '@middy/http-json-body-parser', [])) return [{ reason: '@middy/http-json-body-parser takes JSON request bodies', site: siteOf(call, ctx) }];
  }
  return [];
}

function listSetting(v: Value | undefined): CorsPolicy['methods'] {
  if (v === undefined) return { value: [] };
  const text = stringOf(v);
  const at = v.node && v.file ? { site: siteOf(v.node, { file: v.file }) } : {};
  if (text === undefined) return { value: 'unknown', ...at };
  return { value: text.trim() === '*' ? '*' : text.split(',').map((s) => s.trim()).filter(Boolean), ...at };
}

function numberOf(v: Value | undefined): number | 'unknown' | undefined {
  if (v === undefined) return undefined;
  if (v.kind === 'number') return v.value;
  return v.kind === 'string' && /^\d+$/.test(v.value) ? Number(v.value) : 'unknown';
}

function siteOfProp(v: Value | undefined, ctx: AnalysisContext) {
  return v?.node ? { site: siteOf(v.node, { file: v.file ?? ctx.file }) } : {};
}

/** Allow only trusted origins (an `origins` list), stop allowing credentials, or add `vary: 'Origin'`. */
function middyFixes(opts: ValueOf<'object'> | undefined, outcome: MiddyOutcome, credentials: boolean | 'unknown', major: number | undefined, ctx: AnalysisContext): PolicyFixes {
  const object = opts?.node?.type === T.ObjectExpression && opts.file ? { node: opts.node, file: opts.file } : undefined;
  if (!object) return {};
  const fixes: { -readonly [K in keyof PolicyFixes]: Fix } = {};
  const written = (k: string) => opts?.written?.get(k);
  if (credentials === true) {
    const origins = written('origins');
    const origin = written('origin');
    const list = allowlistText(ctx, object.file);
    let edit: Edit;
    if (origins) edit = { file: origins.file.path, span: [origins.node.range[0], origins.node.range[1]], text: list };
    else if (origin && origin.node.parent?.type === T.Property) edit = { file: origin.file.path, span: [origin.node.parent.range[0], origin.node.parent.range[1]], text: `origins: ${list}` };
    else edit = addProperty(object.file, object.node, `origins: ${list}`);
    fixes.restrictOrigins = { title: (ctx.trustedOrigins?.length ?? 0) > 0 ? 'Allow only the trusted origins' : 'Allow only the origins listed in the environment', edits: [edit], safe: false };
    const cred = written('credentials');
    if (cred) fixes.dropCredentials = { title: 'Stop allowing credentials', edits: [{ file: cred.file.path, span: [cred.node.range[0], cred.node.range[1]], text: 'false' }], safe: false };
  }
  if (outcome.vary === false && major !== undefined && major >= 3 && !written('vary')) {
    const q = quoteOf(object.file);
    fixes.addVaryOrigin = { title: 'Add Vary: Origin', edits: [addProperty(object.file, object.node, `vary: ${q}Origin${q}`)], safe: true };
  }
  return fixes;
}
