// Safe analysis of user-written origin-allowlist regexes: test them against candidate origins without the
// native engine, produce a sample origin they accept, describe their anchoring, and harden them.
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import { classMemberTest, compileMatcher, type MatchFlags, type Runner } from './regex-match';

const DEFAULT_BUDGET = 20_000;

interface Parsed {
  pattern: AST.Pattern;
  flags: AST.Flags;
}

// The same allowlist regex is tested against many candidate origins; parse and compile it once.
const compiled = new Map<string, { parsed?: Parsed; run?: Runner }>();
const MAX_CACHED = 256;

function cached(pattern: string, flags: string): { parsed?: Parsed; run?: Runner } {
  const key = flags + '/' + pattern;
  let entry = compiled.get(key);
  if (!entry) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    const parsed = parse(pattern, flags);
    entry = parsed ? { parsed, run: compile(parsed) } : {};
    compiled.set(key, entry);
  }
  return entry;
}

function parse(pattern: string, flags: string): Parsed | undefined {
  try {
    const parser = new RegExpParser();
    const f = parser.parseFlags(flags);
    const ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: f.unicode, unicodeSets: f.unicodeSets });
    return { pattern: ast, flags: f };
  } catch {
    return undefined;
  }
}

function matchFlags(flags: AST.Flags): MatchFlags {
  const { ignoreCase, multiline, dotAll, unicode, unicodeSets } = flags;
  return { ignoreCase, multiline, dotAll, unicode: unicode || unicodeSets };
}

function compile(parsed: Parsed): Runner | undefined {
  return compileMatcher(parsed.pattern, matchFlags(parsed.flags));
}

/**
 * Does `pattern` (with `flags`) match somewhere in `input`, like RegExp#test? undefined when the pattern is
 * invalid, uses syntax we do not interpret (backreferences, unicode property escapes, etc.), or the step
 * budget (default 20_000 steps total per call) runs out.
 */
export function regexTest(
  pattern: string,
  flags: string,
  input: string,
  budget = DEFAULT_BUDGET,
): boolean | undefined {
  const { parsed, run } = cached(pattern, flags);
  // A fresh sticky RegExp only tries index 0; `g` has no effect on a fresh instance.
  return run?.(input, budget, parsed?.flags.sticky ?? false);
}

/**
 * A short string the regex matches, preferring what its author evidently meant (first alternatives, minimum
 * repetitions, `.` rendered as a dot). Always verified with the matcher; undefined when none is found.
 */
export function regexSample(pattern: string, flags: string): string | undefined {
  const { parsed, run } = cached(pattern, flags);
  if (!parsed || !run) return undefined;
  // Authors write `.` meaning a dot, so try that first; `a` covers patterns that demand a non-dot there.
  for (const dot of ['.', 'a']) {
    const sample = render(parsed, dot);
    if (sample !== undefined && run(sample, DEFAULT_BUDGET, parsed.flags.sticky) === true) return sample;
  }
  return undefined;
}

// Past this a "sample" explains nothing, and `a{9999999999}` would not even fit in a string.
const MAX_SAMPLE_LENGTH = 2000;
const TOO_LONG = { reason: 'sample too long' };

function render(parsed: Parsed, dot: string): string | undefined {
  try {
    return renderAlternatives(parsed.pattern.alternatives, { dot, flags: matchFlags(parsed.flags) });
  } catch (e) {
    if (e === TOO_LONG) return undefined;
    throw e;
  }
}

interface Render {
  /** What each `.` renders as. */
  dot: string;
  flags: MatchFlags;
}

function renderAlternatives(alts: AST.Alternative[], r: Render): string {
  return alts[0].elements.map((el) => renderElement(el, r)).join('');
}

function renderElement(el: AST.Element, r: Render): string {
  switch (el.type) {
    case 'Assertion':
      return '';
    case 'Quantifier': {
      const once = renderElement(el.element, r);
      if (once.length * el.min > MAX_SAMPLE_LENGTH) throw TOO_LONG;
      return once.repeat(el.min);
    }
    case 'Group':
    case 'CapturingGroup':
      return renderAlternatives(el.alternatives, r);
    case 'Character':
      return String.fromCodePoint(el.value);
    case 'CharacterSet':
      if (el.kind === 'any') return r.dot;
      return el.kind === 'property' ? '' : renderEscape(el.kind, el.negate);
    case 'CharacterClass':
      return renderClass(el, r.flags);
    default:
      // Unsupported nodes never reach here: compile() already rejected them.
      return '';
  }
}

function renderEscape(kind: 'digit' | 'space' | 'word', negate: boolean): string {
  if (kind === 'digit') return negate ? 'a' : '0';
  if (kind === 'word') return negate ? '-' : 'a';
  return negate ? 'a' : ' ';
}

const HOST_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-.';
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/**
 * The first member that is a hostname character, else the first member; for negated classes, the first
 * hostname (then printable) character outside it.
 */
function renderClass(cls: AST.CharacterClass, flags: MatchFlags): string {
  const pick = (node: AST.CharacterClass | AST.CharacterClassElement, chars: string) => {
    const test = classMemberTest(node, flags);
    // Under `i`, [A-Z] accepts 'a', and origins are lowercase.
    const has = (ch: string) =>
      test?.(ch.charCodeAt(0)) || (flags.ignoreCase && test?.(ch.toUpperCase().charCodeAt(0)));
    return [...chars].find(has);
  };
  if (cls.negate) return pick(cls, HOST_CHARS + PRINTABLE) ?? '';
  for (const el of cls.elements) {
    const host = pick(el, HOST_CHARS);
    if (host) return host;
  }
  return cls.elements.map((el) => firstMember(el, flags)).find((s) => s !== '') ?? '';
}

function firstMember(el: AST.CharacterClassElement, flags: MatchFlags): string {
  switch (el.type) {
    case 'Character':
      return String.fromCodePoint(el.value);
    case 'CharacterClassRange':
      return String.fromCodePoint(el.min.value);
    case 'CharacterSet':
      return el.kind === 'property' ? '' : renderEscape(el.kind, el.negate);
    case 'CharacterClass':
      return renderClass(el, flags);
    default:
      return '';
  }
}

/** Shape facts used to explain and fix loose origin regexes. undefined for invalid patterns. */
export function regexShape(
  pattern: string,
  flags: string,
): { anchoredStart: boolean; anchoredEnd: boolean; unescapedDots: number } | undefined {
  const parsed = parse(pattern, flags);
  if (!parsed) return undefined;
  // With `m`, ^ and $ also match at line breaks, so they no longer pin the whole string.
  const { multiline } = parsed.flags;
  return {
    anchoredStart: !multiline && anchored(parsed.pattern.alternatives, 'start'),
    anchoredEnd: !multiline && anchored(parsed.pattern.alternatives, 'end'),
    unescapedDots: bareDots(parsed.pattern).length,
  };
}

/** Every alternative begins (or ends) with the anchor, looking into unquantified groups like `(?:^a|^b)`. */
function anchored(alts: AST.Alternative[], kind: 'start' | 'end'): boolean {
  return alts.every((alt) => {
    const el = kind === 'start' ? alt.elements[0] : alt.elements[alt.elements.length - 1];
    if (!el) return false;
    if (el.type === 'Assertion') return el.kind === kind;
    return (el.type === 'Group' || el.type === 'CapturingGroup') && anchored(el.alternatives, kind);
  });
}

/** `.` atoms that are not quantified: `app.example.com` almost certainly meant literal dots, `.*` did not. */
function bareDots(pattern: AST.Pattern): AST.CharacterSet[] {
  const dots: AST.CharacterSet[] = [];
  visitRegExpAST(pattern, {
    onCharacterSetEnter(node) {
      if (node.kind === 'any' && node.parent.type !== 'Quantifier') dots.push(node);
    },
  });
  return dots;
}

/**
 * A hardened version of an origin-allowlist regex source: bare `.` escaped, anchored at both ends, everything
 * else byte-for-byte. undefined when invalid/unsupported.
 */
export function hardenRegex(pattern: string, flags: string): string | undefined {
  const parsed = parse(pattern, flags);
  if (!parsed || !compile(parsed)) return undefined;
  let body = pattern;
  // Splice from the end so earlier offsets stay valid.
  for (const dot of bareDots(parsed.pattern).reverse()) {
    body = `${body.slice(0, dot.start)}\\.${body.slice(dot.end)}`;
  }
  // Anchors are judged on the source alone here (the caller owns the flags), so `m` does not matter.
  const alts = parsed.pattern.alternatives;
  const hasStart = anchored(alts, 'start');
  const hasEnd = anchored(alts, 'end');
  if (hasStart && hasEnd) return body;
  // `^a|b$` binds as `(^a)|(b$)`, so an alternation must be grouped before anchoring it.
  if (alts.length > 1) body = `(?:${body})`;
  const hardened = `${hasStart ? '' : '^'}${body}${hasEnd ? '' : '$'}`;
  return parse(hardened, flags) ? hardened : undefined;
}

/** Escapes a literal string for use inside a RegExp source (also escapes `/` so it can go in a regex literal). */
export function escapeRegex(text: string): string {
  // Only syntax characters and `/`: identity escapes of anything else are errors under the u and v flags.
  // Line terminators cannot appear raw in a regex literal.
  return text.replace(/[\\^$.*+?()[\]{}|/\n\r\u2028\u2029]/g, (ch) => LINE_ESCAPES[ch] ?? `\\${ch}`);
}

const LINE_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' };
