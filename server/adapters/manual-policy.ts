// A policy from hand-written headers: what Access-Control-Allow-Origin, -Credentials, -Methods, -Headers and
// Vary end up as on the responses of one handler, and the fix that adds `Vary: Origin` in the handler's idiom.
import type { Fix } from '../model/fix';
import type { CorsPolicy, OriginGrant, PreflightTrigger, Setting } from '../model/policy';
import type { Site } from '../model/span';
import { siteOf } from '../engine/checks';
import { credentialsOf, grantsOf, valueGrants } from '../engine/grants';
import { evaluate, stringOf, type Value } from '../engine/values';
import { addProperty, enclosingStatement, insertStatementBefore, quoteOf, replaceNode, usesSemicolons } from './edits';
import type { HeaderWrite } from './header-writes';

export interface ManualPolicyInput {
  readonly framework: string;
  readonly label: string;
  readonly site: Site;
  readonly writes: readonly HeaderWrite[];
  readonly route?: CorsPolicy['route'];
  readonly preflight: CorsPolicy['preflight'];
  readonly triggers: readonly PreflightTrigger[];
  /** The statement that adds `Vary: Origin` through this receiver, in the framework's idiom. */
  readonly varyStatement: (receiver: string, method: string) => string;
}

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);
// Fetch standard, CORS-safelisted request headers (Content-Type only for form and text bodies).
const SAFELISTED_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'range']);

export function manualPolicy(input: ManualPolicyInput): CorsPolicy | undefined {
  const byName = (name: string) => input.writes.filter((w) => w.name === name);
  const originWrites = byName('access-control-allow-origin');
  if (originWrites.length === 0) return undefined;
  const grants = originWrites.flatMap((w) => (w.value ? grantsOf(w.value, w.ctx, w.when) : valueGrants({ kind: 'string', value: w.text ?? '' })));
  const methods = listSetting(byName('access-control-allow-methods'));
  const allowedHeaders = listSetting(byName('access-control-allow-headers'));
  const varyOrigin = varySetting(input.writes.filter((w) => w.name === 'vary'));
  const policy: CorsPolicy = {
    framework: input.framework,
    label: input.label,
    site: input.site,
    ...(input.route ? { route: input.route } : {}),
    origin: { value: grants, site: siteOfWrite(originWrites[0] as HeaderWrite) },
    credentials: credentialsSetting(byName('access-control-allow-credentials')),
    methods,
    allowedHeaders,
    exposedHeaders: listSetting(byName('access-control-expose-headers')),
    maxAge: maxAgeSetting(byName('access-control-max-age')),
    preflight: input.preflight,
    preflightTriggers: [...input.triggers, ...headerTriggers(methods, allowedHeaders)],
    varyOrigin,
    fixes: {},
  };
  const addVaryOrigin = varyOrigin.value === false ? varyFix(input, originWrites, grants) : undefined;
  return addVaryOrigin ? { ...policy, fixes: { addVaryOrigin } } : policy;
}

function siteOfWrite(w: HeaderWrite): Site {
  return siteOf(w.value ?? w.at, { file: w.file });
}

function valueOfWrite(w: HeaderWrite): Value {
  return w.value ? evaluate(w.value, w.ctx) : { kind: 'string', value: w.text ?? '' };
}

function credentialsSetting(writes: readonly HeaderWrite[]): Setting<boolean | 'unknown'> {
  let result: Setting<boolean | 'unknown'> = { value: false };
  for (const w of writes) {
    const value = credentialsOf(valueOfWrite(w));
    if (value === true) return { value, site: siteOfWrite(w) };
    if (value === 'unknown') result = { value, site: siteOfWrite(w) };
  }
  return result;
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

/** Writes in order: a `set` replaces Vary (and may drop Origin), an `append` adds to it. */
function varySetting(writes: readonly HeaderWrite[]): Setting<boolean | 'unknown'> {
  let state: boolean | 'unknown' = false;
  let site: Site | undefined;
  for (const w of writes) {
    const text = stringOf(valueOfWrite(w));
    const hasOrigin: boolean | 'unknown' = text === undefined ? 'unknown' : text.split(',').some((t) => ['origin', '*'].includes(t.trim().toLowerCase()));
    state = w.mode === 'set' ? hasOrigin : state === true || hasOrigin === true ? true : state === 'unknown' || hasOrigin === 'unknown' ? 'unknown' : false;
    site = siteOfWrite(w);
  }
  return site ? { value: state, site } : { value: state };
}

function headerTriggers(methods: Setting<readonly string[] | '*' | 'unknown'>, headers: Setting<readonly string[] | '*' | 'unknown'>): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  const at = (s: Setting<unknown>) => (s.site ? { site: s.site } : {});
  if (Array.isArray(methods.value)) {
    const nonSimple = (methods.value as readonly string[]).filter((m) => !SIMPLE_METHODS.has(m.toUpperCase()));
    if (nonSimple.length > 0) out.push({ reason: `Access-Control-Allow-Methods lists ${nonSimple.join(', ')}`, ...at(methods) });
  }
  if (Array.isArray(headers.value)) {
    const custom = (headers.value as readonly string[]).filter((h) => !SAFELISTED_HEADERS.has(h.toLowerCase()));
    if (custom.length > 0) out.push({ reason: `Access-Control-Allow-Headers lists ${custom.join(', ')}`, ...at(headers) });
  }
  return out;
}

/**
 * Adds `Vary: Origin`: merged into an existing literal Vary value when a write replaces it, as a key beside
 * Access-Control-Allow-Origin in a headers object, or as a statement before each varying header write.
 */
function varyFix(input: ManualPolicyInput, originWrites: readonly HeaderWrite[], grants: readonly OriginGrant[]): Fix | undefined {
  if (!grants.some((g) => g.kind === 'reflect')) return undefined;
  const lastSet = [...input.writes].reverse().find((w) => w.name === 'vary' && w.mode === 'set');
  const literal = lastSet?.value && lastSet.value.type === 'Literal' && typeof lastSet.value.value === 'string' ? lastSet.value : undefined;
  if (lastSet && literal) {
    const q = quoteOf(lastSet.file, literal);
    const merged = `${String(literal.value)}, Origin`;
    return { title: "Add 'Origin' to the Vary header", edits: [replaceNode(lastSet.file, literal, q + merged + q)], safe: true };
  }
  if (lastSet) return undefined;
  const edits = originWrites.flatMap((w) => {
    if (w.style.kind === 'object') {
      const q = quoteOf(w.file, w.value);
      return [addProperty(w.file, w.style.object, `Vary: ${q}Origin${q}`, w.style.property)];
    }
    const stmt = enclosingStatement(w.at);
    if (!stmt || !w.style.receiver) return [];
    const semi = usesSemicolons(w.file) ? ';' : '';
    const q = quoteOf(w.file, w.value);
    return insertStatementBefore(w.file, stmt, input.varyStatement(w.style.receiver, w.style.method).replace(/'/g, q) + semi);
  });
  return edits.length === originWrites.length ? { title: 'Add Vary: Origin', edits, safe: true } : undefined;
}
