// Vary on hand-written responses: whether each response that carries a per-request Access-Control-Allow-Origin
// also carries `Vary: Origin`, and the fix that adds it in the code's own idiom.
import type { Edit, Fix } from '../model/fix';
import type { Setting } from '../model/policy';
import type { Site } from '../model/span';

import { stringOf } from '../engine/value-facts';
import { evaluate, type Value } from '../engine/values';
import { addProperty, enclosingStatement, insertStatementBefore, quoteOf, replaceNode, usesSemicolons } from './edits';
import type { HeaderWrite } from './header-writes';
import { siteOf } from '../engine/source';

export interface VaryOutcome {
  readonly setting: Setting<boolean | 'unknown'>;
  /** Origin writes whose responses end up without Origin in Vary. */
  readonly lacking: readonly HeaderWrite[];
}

/**
 * Only Vary writes that can happen on the same response count (not one in an `if (OPTIONS)` branch when the
 * origin is written in its `else`); among those, a `set` replaces Vary and an `append` adds to it.
 */
export function varyOutcome(originWrites: readonly HeaderWrite[], varyWrites: readonly HeaderWrite[], varies: boolean): VaryOutcome {
  if (!varies) return { setting: varyState(varyWrites), lacking: [] };
  const states = originWrites.map((o) => ({ o, state: varyState(varyWrites.filter((v) => compatible(o, v))) }));
  const lacking = states.filter((s) => s.state.value === false);
  const first = lacking[0] ?? states.find((s) => s.state.value === 'unknown') ?? states[0];
  return { setting: first?.state ?? { value: false }, lacking: lacking.map((s) => s.o) };
}

/**
 * Two writes can happen on one response unless they belong to different response objects, or one's path took a
 * branch the other's path refused.
 */
function compatible(a: HeaderWrite, b: HeaderWrite): boolean {
  if (a.response !== undefined && b.response !== undefined && a.response !== b.response) return false;
  return !a.guards.some((g) => g.test && b.guards.some((h) => h.test === g.test && h.holds !== g.holds));
}

function varyState(writes: readonly HeaderWrite[]): Setting<boolean | 'unknown'> {
  let state: boolean | 'unknown' = false;
  let site: Site | undefined;
  for (const w of writes) {
    const text = stringOf(valueOfWrite(w));
    const hasOrigin: boolean | 'unknown' = text === undefined ? 'unknown' : text.split(',').some((t) => ['origin', '*'].includes(t.trim().toLowerCase()));
    state = w.mode === 'set' ? hasOrigin : state === true || hasOrigin === true ? true : state === 'unknown' || hasOrigin === 'unknown' ? 'unknown' : false;
    site = siteOf(w.value ?? w.at, { file: w.file });
  }
  return site ? { value: state, site } : { value: state };
}

export function valueOfWrite(w: HeaderWrite): Value {
  if (!w.value) return { kind: 'string', value: w.text ?? '' };
  const v = evaluate(w.value, w.ctx);
  // `res.setHeader('Vary', ['Accept-Encoding', 'Origin'])`: Node joins list values with ', '.
  if (v.kind === 'array' && !v.open) {
    const parts = v.elements.map(stringOf);
    if (parts.every((p): p is string => p !== undefined)) return { kind: 'string', value: parts.join(', ') };
  }
  return v;
}

/**
 * For each origin write lacking Vary: merge Origin into the Vary value written for that response (a string or
 * list literal), or add `Vary: Origin` beside the origin (a key in a headers object, a statement before it).
 */
export function varyFix(lacking: readonly HeaderWrite[], varyWrites: readonly HeaderWrite[], varyStatement: (receiver: string, method: string) => string): Fix | undefined {
  const edits = new Map<string, Edit>();
  let merged = 0;
  for (const o of lacking) {
    const lastSet = [...varyWrites].reverse().find((v) => v.mode === 'set' && compatible(o, v));
    // A response whose Vary is built with `vary(res, ...)` gets Origin the same way, never a Vary that replaces it.
    const fn = varyWrites.flatMap((v) => (v.style.kind === 'call' && v.style.fn && compatible(o, v) ? [v.style.fn] : [])).pop();
    const made = lastSet ? mergeOrigin(lastSet) : addVary(o, fn ? (receiver) => `${fn}(${receiver}, 'Origin')` : varyStatement);
    if (!made || made.length === 0) return undefined;
    if (lastSet) merged++;
    for (const e of made) edits.set(`${e.file}:${e.span[0]}:${e.span[1]}:${e.text}`, e);
  }
  if (edits.size === 0) return undefined;
  const title = merged === lacking.length ? "Add 'Origin' to the Vary header" : 'Add Vary: Origin';
  return { title, edits: [...edits.values()], safe: true };
}

function mergeOrigin(set: HeaderWrite): Edit[] | undefined {
  const value = set.value;
  if (value?.type === 'Literal' && typeof value.value === 'string') {
    const q = quoteOf(set.file, value);
    return [replaceNode(set.file, value, `${q}${value.value}, Origin${q}`)];
  }
  if (value?.type === 'ArrayExpression') {
    const at = value.range[1] - 1;
    const q = quoteOf(set.file);
    return [{ file: set.file.path, span: [at, at], text: `${value.elements.length > 0 ? ', ' : ''}${q}Origin${q}` }];
  }
  return undefined;
}

function addVary(o: HeaderWrite, varyStatement: (receiver: string, method: string) => string): Edit[] | undefined {
  const q = quoteOf(o.file, o.value);
  if (o.style.kind === 'object') {
    // Match the object's keys: `'Access-Control-Allow-Origin': o` goes with `'Vary': 'Origin'`.
    const quotedKeys = o.style.object.properties.every((p) => p.type !== 'Property' || p.key.type === 'Literal');
    const key = quotedKeys ? `${q}Vary${q}` : 'Vary';
    return [addProperty(o.file, o.style.object, `${key}: ${q}Origin${q}`, o.style.property)];
  }
  const stmt = enclosingStatement(o.at);
  if (!stmt || !o.style.receiver) return undefined;
  const semi = usesSemicolons(o.file) ? ';' : '';
  return insertStatementBefore(o.file, stmt, varyStatement(o.style.receiver, o.style.method).replace(/'/g, q) + semi);
}
