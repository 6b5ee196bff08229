// Bounded backtracking interpreter for regexpp ASTs. User-written regexes are never handed to the
// native engine (catastrophic backtracking would hang the editor); instead we walk the AST here and
// give up once a step budget is spent.
import type { AST } from '@eslint-community/regexpp';

export interface MatchFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  /** u or v: the input is read as code points rather than code units. */
  unicode: boolean;
}

/** Tests the compiled pattern against `input`; undefined when the budget runs out. */
export type Runner = (input: string, budget: number, sticky: boolean) => boolean | undefined;

type Cont = (pos: number) => boolean;
type Matcher = (pos: number, k: Cont) => boolean;
export type CharTest = (cp: number) => boolean;
type Dir = 1 | -1;

interface Ctx {
  input: string;
  steps: number;
  tick: () => void;
}

// Thrown to unwind the whole backtracking stack at once; plain objects so nothing can mistake them for real errors.
const OUT_OF_BUDGET = { reason: 'regex step budget exhausted' };
const UNSUPPORTED = { reason: 'regex syntax not interpreted' };

/** Compiles once so the same pattern can be tried on several inputs; undefined for syntax we do not interpret. */
export function compileMatcher(pattern: AST.Pattern, flags: MatchFlags): Runner | undefined {
  let limit = 0;
  const ctx: Ctx = {
    input: '',
    steps: 0,
    tick: () => {
      if (++ctx.steps > limit) throw OUT_OF_BUDGET;
    },
  };
  let root: Matcher;
  try {
    root = compileAlternatives(pattern.alternatives, 1, flags, ctx);
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
  return (input, budget, sticky) => {
    ctx.input = input;
    ctx.steps = 0;
    limit = budget;
    try {
      // A fresh RegExp scans from index 0; sticky ones only try index 0. In unicode mode a match
      // never starts inside a surrogate pair.
      for (let pos = 0; pos <= input.length; pos += widthAt(ctx, pos, flags.unicode)) {
        if (root(pos, () => true)) return true;
        if (sticky) return false;
      }
      return false;
    } catch (e) {
      // RangeError: a very long input recursed past the JS stack before the budget ran out.
      if (e === OUT_OF_BUDGET || e instanceof RangeError) return undefined;
      throw e;
    }
  };
}

function compileAlternatives(alts: AST.Alternative[], dir: Dir, flags: MatchFlags, ctx: Ctx): Matcher {
  const seqs = alts.map((alt) => compileSequence(alt.elements, dir, flags, ctx));
  if (seqs.length === 1) return seqs[0];
  return (pos, k) => {
    ctx.tick();
    return seqs.some((seq) => seq(pos, k));
  };
}

function compileSequence(elements: AST.Element[], dir: Dir, flags: MatchFlags, ctx: Ctx): Matcher {
  const parts = elements.map((el) => compileElement(el, dir, flags, ctx));
  // Lookbehind bodies run right to left, as in the spec, so a sequence is walked from its end.
  if (dir === -1) parts.reverse();
  return parts.reduceRight<Matcher>(
    (next, part) => (pos, k) => part(pos, (p) => next(p, k)),
    (pos, k) => k(pos),
  );
}

function compileElement(el: AST.Element, dir: Dir, flags: MatchFlags, ctx: Ctx): Matcher {
  switch (el.type) {
    case 'Assertion':
      return compileAssertion(el, flags, ctx);
    case 'Quantifier':
      return compileQuantifier(el, dir, flags, ctx);
    case 'Group':
      return compileAlternatives(el.alternatives, dir, applyModifiers(flags, el.modifiers), ctx);
    case 'CapturingGroup':
      // Without backreferences captures cannot change whether a match exists, so they are not recorded.
      return compileAlternatives(el.alternatives, dir, flags, ctx);
    default: {
      const test = charTest(el, flags);
      return (pos, k) => {
        ctx.tick();
        const next = step(ctx, pos, dir, flags.unicode, test);
        return next >= 0 && k(next);
      };
    }
  }
}

function applyModifiers(flags: MatchFlags, mods: AST.Modifiers | null): MatchFlags {
  if (!mods) return flags;
  const out = { ...flags };
  for (const [set, on] of [[mods.add, true], [mods.remove, false]] as const) {
    if (!set) continue;
    if (set.ignoreCase) out.ignoreCase = on;
    if (set.multiline) out.multiline = on;
    if (set.dotAll) out.dotAll = on;
  }
  return out;
}

function compileAssertion(el: AST.Assertion, flags: MatchFlags, ctx: Ctx): Matcher {
  const check = assertionCheck(el, flags, ctx);
  return (pos, k) => {
    ctx.tick();
    return check(pos) && k(pos);
  };
}

function assertionCheck(el: AST.Assertion, flags: MatchFlags, ctx: Ctx): (pos: number) => boolean {
  const { multiline } = flags;
  switch (el.kind) {
    case 'start':
      return (pos) => pos === 0 || (multiline && isLineTerminator(ctx.input.charCodeAt(pos - 1)));
    case 'end':
      return (pos) => pos === ctx.input.length || (multiline && isLineTerminator(ctx.input.charCodeAt(pos)));
    case 'word': {
      const word = (i: number) => i >= 0 && i < ctx.input.length && isWordChar(ctx.input.charCodeAt(i), flags);
      return (pos) => (word(pos - 1) !== word(pos)) !== el.negate;
    }
    default: {
      // Lookarounds are atomic: once the body matches, later failures never backtrack into it.
      const body = compileAlternatives(el.alternatives, el.kind === 'lookahead' ? 1 : -1, flags, ctx);
      return (pos) => body(pos, () => true) !== el.negate;
    }
  }
}

function compileQuantifier(q: AST.Quantifier, dir: Dir, flags: MatchFlags, ctx: Ctx): Matcher {
  const el = q.element;
  if (el.type === 'Character' || el.type === 'CharacterSet' || el.type === 'CharacterClass') {
    const test = charTest(el, flags);
    return q.greedy ? greedyChars(test, q, dir, flags, ctx) : lazyChars(test, q, dir, flags, ctx);
  }
  const body = compileElement(el, dir, flags, ctx);
  const { min, max, greedy } = q;
  const rep = (count: number, pos: number, k: Cont): boolean => {
    ctx.tick();
    if (count < min) return body(pos, (p) => rep(count + 1, p, k));
    // Past the minimum an iteration that consumes nothing fails (spec RepeatMatcher), which is what
    // stops `(a*)*` from looping forever.
    const more = () => count < max && body(pos, (p) => p !== pos && rep(count + 1, p, k));
    return greedy ? more() || k(pos) : k(pos) || more();
  };
  return (pos, k) => rep(0, pos, k);
}

// Single-character repeats are by far the most common (`[a-z0-9-]+`); looping instead of recursing
// keeps the stack flat for long inputs.
function greedyChars(test: CharTest, q: AST.Quantifier, dir: Dir, flags: MatchFlags, ctx: Ctx): Matcher {
  return (pos, k) => {
    const ends = [pos];
    for (let p = pos; ends.length - 1 < q.max; ends.push(p)) {
      ctx.tick();
      p = step(ctx, p, dir, flags.unicode, test);
      if (p < 0) break;
    }
    for (let n = ends.length - 1; n >= q.min; n--) {
      ctx.tick();
      if (k(ends[n])) return true;
    }
    return false;
  };
}

function lazyChars(test: CharTest, q: AST.Quantifier, dir: Dir, flags: MatchFlags, ctx: Ctx): Matcher {
  return (pos, k) => {
    for (let count = 0, p = pos; ; count++) {
      ctx.tick();
      if (count >= q.min && k(p)) return true;
      if (count >= q.max) return false;
      p = step(ctx, p, dir, flags.unicode, test);
      if (p < 0) return false;
    }
  };
}

/** Consumes one character in direction `dir` if it passes `test`; the new position, or -1. */
function step(ctx: Ctx, pos: number, dir: Dir, unicode: boolean, test: CharTest): number {
  const { input } = ctx;
  if (dir === 1) {
    if (pos >= input.length) return -1;
    const cp = unicode ? (input.codePointAt(pos) ?? -1) : input.charCodeAt(pos);
    return test(cp) ? pos + (cp > 0xffff ? 2 : 1) : -1;
  }
  if (pos <= 0) return -1;
  const low = input.charCodeAt(pos - 1);
  const high = pos >= 2 ? input.charCodeAt(pos - 2) : 0;
  if (unicode && isLowSurrogate(low) && isHighSurrogate(high)) {
    return test((high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000) ? pos - 2 : -1;
  }
  return test(low) ? pos - 1 : -1;
}

function widthAt(ctx: Ctx, pos: number, unicode: boolean): number {
  return unicode && (ctx.input.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Membership test for a class or one of its members, for rendering samples; undefined when unsupported. */
export function classMemberTest(
  node: AST.CharacterClass | AST.CharacterClassElement,
  flags: MatchFlags,
): CharTest | undefined {
  try {
    return charTest(node, flags);
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

type CharNode =
  | AST.Character
  | AST.CharacterSet
  | AST.CharacterClass
  | AST.ExpressionCharacterClass
  | AST.Backreference;

/** The predicate for a one-character atom; throws UNSUPPORTED for anything we do not model. */
function charTest(node: CharNode | AST.CharacterClassElement, flags: MatchFlags): CharTest {
  switch (node.type) {
    case 'Character': {
      if (!flags.ignoreCase) return (cp) => cp === node.value;
      const want = canonicalize(node.value, flags.unicode);
      return (cp) => cp === node.value || canonicalize(cp, flags.unicode) === want;
    }
    case 'CharacterSet':
      if (node.kind === 'any') return flags.dotAll ? () => true : (cp) => !isLineTerminator(cp);
      if (node.kind === 'property') throw UNSUPPORTED;
      return escapeTest(node.kind, node.negate, flags);
    case 'CharacterClass':
      return classTest(node, flags);
    case 'CharacterClassRange':
      return (cp) => cp >= node.min.value && cp <= node.max.value;
    default:
      // Backreferences, v-flag set operations (`--`, `&&`) and `\q{...}` strings.
      throw UNSUPPORTED;
  }
}

function escapeTest(kind: 'digit' | 'space' | 'word', negate: boolean, flags: MatchFlags): CharTest {
  const base: CharTest =
    kind === 'digit' ? (cp) => cp >= 0x30 && cp <= 0x39 : kind === 'space' ? isSpace : (cp) => isWordChar(cp, flags);
  return negate ? (cp) => !base(cp) : base;
}

function classTest(node: AST.CharacterClass, flags: MatchFlags): CharTest {
  // Members are tested case-sensitively; case-insensitivity is applied once at the class level.
  const exact = { ...flags, ignoreCase: false };
  const members = node.elements.map((el): CharTest =>
    el.type === 'CharacterSet' && el.kind !== 'property'
      ? escapeTest(el.kind, el.negate, flags)
      : charTest(el, exact),
  );
  const raw: CharTest = (cp) => members.some((m) => m(cp));
  const any = flags.ignoreCase ? caseInsensitive(raw, flags.unicode) : raw;
  return node.negate ? (cp) => !any(cp) : any;
}

/** A class matches case-insensitively if some member has the same canonical form as the input. */
function caseInsensitive(test: CharTest, unicode: boolean): CharTest {
  return (cp) => {
    if (test(cp)) return true;
    const canon = canonicalize(cp, unicode);
    return caseVariants(cp).some((v) => v !== cp && canonicalize(v, unicode) === canon && test(v));
  };
}

function caseVariants(cp: number): number[] {
  const s = String.fromCodePoint(cp);
  const single = [s.toLowerCase(), s.toUpperCase()].filter((v) => [...v].length === 1);
  return single.map((v) => v.codePointAt(0) ?? cp);
}

/**
 * Spec Canonicalize: toUpperCase outside unicode mode (never mapping non-ASCII onto ASCII), an approximation
 * of simple case folding inside it.
 */
function canonicalize(cp: number, unicode: boolean): number {
  const s = String.fromCodePoint(cp);
  if (unicode) {
    const up = s.toUpperCase();
    const folded = [...up].length === 1 ? up.toLowerCase() : s.toLowerCase();
    return [...folded].length === 1 ? (folded.codePointAt(0) ?? cp) : cp;
  }
  const up = s.toUpperCase();
  if (up.length !== 1) return cp;
  const u = up.charCodeAt(0);
  return cp >= 128 && u < 128 ? cp : u;
}

function isWordChar(cp: number, flags: MatchFlags): boolean {
  const ascii = (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39);
  if (ascii || cp === 0x5f) return true;
  // With u+i, \w also covers the characters that case-fold into it: long s and the Kelvin sign.
  return flags.unicode && flags.ignoreCase && (cp === 0x17f || cp === 0x212a);
}

function isLineTerminator(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029;
}

// ECMAScript WhiteSpace + LineTerminator, i.e. what `\s` matches.
const SPACES = new Set([0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);

function isSpace(cp: number): boolean {
  return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x2000 && cp <= 0x200a) || SPACES.has(cp);
}
