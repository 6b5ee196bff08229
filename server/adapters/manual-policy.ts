// A policy from hand-written headers: what Access-Control-Allow-Origin, -Credentials, -Methods, -Headers and
// Vary end up as on the responses of one handler, with the fixes in the handler's idiom.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import { variesByOrigin } from '../model/grants';
import type { CorsPolicy, PolicyFixes, PreflightTrigger, Setting } from '../model/policy';
import type { Site } from '../model/span';
import { or } from '../model/check-logic';
import { siteOf } from '../engine/source';
import { credentialsOf, grantsOf, valueGrants } from '../engine/grants';
import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode, Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import type { HeaderWrite } from './header-writes';
import { guardReflection, removeCredentialWrites } from './policy-fixes';
import { valueOfWrite, varyFix, varyOutcome } from './vary';

export interface ManualPolicyInput {
  readonly ctx: AnalysisContext;
  readonly framework: string;
  readonly label: string;
  readonly site: Site;
  readonly writes: readonly HeaderWrite[];
  readonly route?: CorsPolicy['route'];
  readonly preflight: CorsPolicy['preflight'];
  readonly triggers: readonly PreflightTrigger[];
  /** The statement that adds `Vary: Origin` through this receiver, in the framework's idiom. */
  readonly varyStatement: (receiver: string, method: string) => string;
  /** The adapter's fix for an unanswered preflight, in its idiom. */
  readonly answerPreflight?: Fix;
}

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);
// Fetch standard, CORS-safelisted request headers (Content-Type only for form and text bodies).
const SAFELISTED_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'range']);

/**
 * Where a handler's policy is reported: its first Access-Control-Allow-Origin write, or, when that write sits in
 * a helper or shared object of another file, the handler's own name (a span of that file would be meaningless here).
 */
export function handlerSite(fn: FunctionNode, first: HeaderWrite, ctx: AnalysisContext): Site {
  if (first.file.path === ctx.file.path) return siteOf(first.at, ctx);
  return siteOf(nameOf(fn) ?? fn, ctx);
}

/** Where a function is named: `function handle`, `const handle = ...`, `fetch(request) {}` in an object. */
export function nameOf(fn: FunctionNode): Node | undefined {
  if (fn.type !== T.ArrowFunctionExpression && fn.id) return fn.id;
  const parent = fn.parent;
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id;
  if ((parent?.type === T.Property || parent?.type === T.MethodDefinition) && parent.value === fn) return parent.key;
  // An anonymous handler handed to a call (`Deno.serve(async (req) => ...)`): the callee names it.
  if (parent?.type === T.CallExpression && parent.callee !== fn) return parent.callee;
  return undefined;
}

export function manualPolicy(input: ManualPolicyInput): CorsPolicy | undefined {
  const byName = (name: string) => input.writes.filter((w) => w.name === name);
  const originWrites = byName('access-control-allow-origin');
  if (originWrites.length === 0) return undefined;
  const grantsOfWrite = (w: HeaderWrite) => (w.value ? grantsOf(w.value, w.ctx, w.when) : valueGrants({ kind: 'string', value: w.text ?? '' }));
  const varyWrites = byName('vary');
  const vary = varyOutcome(originWrites, varyWrites, variesByOrigin(originWrites.flatMap(grantsOfWrite)));
  // Grants of a response lacking Vary first: that is where a finding about it belongs.
  const ordered = [...vary.lacking, ...originWrites.filter((w) => !vary.lacking.includes(w))];
  const grants = ordered.flatMap(grantsOfWrite);
  const methods = listSetting(byName('access-control-allow-methods'));
  const allowedHeaders = listSetting(byName('access-control-allow-headers'));
  const varyOrigin = vary.setting;
  const policy: CorsPolicy = {
    framework: input.framework,
    label: input.label,
    site: input.site,
    ...(input.route ? { route: input.route } : {}),
    origin: { value: grants, site: siteOfWrite(ordered[0] as HeaderWrite) },
    credentials: credentialsSetting(byName('access-control-allow-credentials')),
    methods,
    allowedHeaders,
    exposedHeaders: listSetting(byName('access-control-expose-headers')),
    maxAge: maxAgeSetting(byName('access-control-max-age')),
    preflight: input.preflight,
    preflightTriggers: input.preflight.value === 'unanswered' ? [...input.triggers, ...headerTriggers(methods, allowedHeaders)] : [],
    varyOrigin,
    fixes: {},
  };
  return { ...policy, fixes: manualFixes(input, policy, vary.lacking.length > 0 ? varyFix(vary.lacking, varyWrites, input.varyStatement) : undefined) };
}

function manualFixes(input: ManualPolicyInput, policy: CorsPolicy, addVaryOrigin: Fix | undefined): PolicyFixes {
  const grants = policy.origin.value;
  const fixes: { -readonly [K in keyof PolicyFixes]: PolicyFixes[K] } = {};
  if (addVaryOrigin) fixes.addVaryOrigin = addVaryOrigin;
  if (policy.credentials.value === true) {
    const reflected = grants.flatMap((g) => (g.kind === 'reflect' && g.site ? [g.site] : []));
    fixes.restrictOrigins = guardReflection(input.writes, reflected, input.ctx);
    fixes.dropCredentials = removeCredentialWrites(input.writes, input.ctx);
  }
  if (input.answerPreflight) fixes.answerPreflight = input.answerPreflight;
  return Object.fromEntries(Object.entries(fixes).filter(([, f]) => f !== undefined));
}

function siteOfWrite(w: HeaderWrite): Site {
  return siteOf(w.value ?? w.at, { file: w.file });
}

function credentialsSetting(writes: readonly HeaderWrite[]): CorsPolicy['credentials'] {
  const allowing = writes.filter((w) => credentialsOf(valueOfWrite(w)) === true);
  if (allowing.length > 0) return { value: true, site: siteOfWrite(allowing[0] as HeaderWrite), when: or(...allowing.map((w) => w.when)) };
  const unknown = [...writes].reverse().find((w) => credentialsOf(valueOfWrite(w)) === 'unknown');
  return unknown ? { value: 'unknown', site: siteOfWrite(unknown) } : { value: false };
}

function listSetting(writes: readonly HeaderWrite[]): Setting<readonly string[] | '*' | 'unknown'> {
  const last = writes[writes.length - 1];
  if (!last) return { value: [] };
  const text = stringOf(valueOfWrite(last));
  const site = siteOfWrite(last);
  if (text === undefined) return { value: 'unknown', site };
  if (text.trim() === '*') return { value: '*', site };
  return { value: text.split(',').map((s) => s.trim()).filter(Boolean), site };
}

function maxAgeSetting(writes: readonly HeaderWrite[]): Setting<number | 'unknown' | undefined> {
  const last = writes[writes.length - 1];
  if (!last) return { value: undefined };
  const text = stringOf(valueOfWrite(last));
  return { value: text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : 'unknown', site: siteOfWrite(last) };
}

function headerTriggers(methods: Setting<readonly string[] | '*' | 'unknown'>, headers: Setting<readonly string[] | '*' | 'unknown'>): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  const at = (s: Setting<unknown>) => (s.site ? { site: s.site } : {});
  if (Array.isArray(methods.value)) {
    // OPTIONS in the list is the preflight itself, not a method that needs one.
    const nonSimple = (methods.value as readonly string[]).filter((m) => !SIMPLE_METHODS.has(m.toUpperCase()) && m.toUpperCase() !== 'OPTIONS');
    if (nonSimple.length > 0) out.push({ reason: `Access-Control-Allow-Methods lists ${nonSimple.join(', ')}`, ...at(methods) });
  }
  if (Array.isArray(headers.value)) {
    const custom = (headers.value as readonly string[]).filter((h) => !SAFELISTED_HEADERS.has(h.toLowerCase()));
    if (custom.length > 0) out.push({ reason: `Access-Control-Allow-Headers lists ${custom.join(', ')}`, ...at(headers) });
  }
  return out;
}
