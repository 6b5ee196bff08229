// Origin checks as data: what a piece of code tests about the request's Origin before it grants access, and
// how to evaluate that test on a concrete origin, so rules can ask "would an attacker's origin pass?".
import { regexSample, regexTest } from './regex';
import type { Site } from './span';

/** Which part of the Origin a test reads: `origin` itself or a field of `new URL(origin)`. */
export type OriginPart = 'origin' | 'hostname' | 'host' | 'protocol';

export type MatchTest =
  | 'equals' /* part === value */
  | 'prefix' /* part.startsWith(value), part.indexOf(value) === 0 */
  | 'suffix' /* part.endsWith(value) */
  | 'contains' /* part.includes(value), part.indexOf(value) !== -1 */
  | 'regex' /* a RegExp (or a string that String#match turns into one) tested against part */
  | 'within' /* value.includes(part): the origin searched inside one string, such as a comma-joined list */
  | 'present' /* part is truthy: an Origin header was sent */
  | 'trusted'; /* membership in a collection the code cannot show (environment, database): never an attacker */

export interface OriginMatcher {
  readonly test: MatchTest;
  readonly part: OriginPart;
  /** The literal compared against; undefined when it comes from outside the code (environment). */
  readonly value?: string;
  readonly flags?: string;
  /** The whole test expression (`origin.endsWith('example.com')`), the span a fix replaces. */
  readonly site?: Site;
  /** Where `value` is written, and how: as a string literal or a regex literal (fixes rewrite it there). */
  readonly valueSite?: Site;
  readonly valueLiteral?: 'string' | 'regex';
  /** Source text of the tested expression (`origin`, `new URL(origin).hostname`), for fixes. */
  readonly subject?: string;
  /** A regex with the `g` or `y` flag tested through a library that never resets `lastIndex`. */
  readonly stateful?: boolean;
  /** For a test inside a helper in another file: the call that reaches it (`isAllowedOrigin(origin)`). */
  readonly via?: Site;
}

export type OriginCheck =
  | { readonly op: 'match'; readonly matcher: OriginMatcher }
  | { readonly op: 'and' | 'or'; readonly args: readonly OriginCheck[] }
  | { readonly op: 'not'; readonly arg: OriginCheck }
  | { readonly op: 'const'; readonly value: boolean }
  /**
   * A condition the analysis cannot read. `aboutOrigin: false` means it does not depend on the Origin at all
   * (`req.method === 'OPTIONS'`): an attacker can meet it, so it never protects anything.
   */
  | {
      readonly op: 'opaque';
      readonly aboutOrigin: boolean;
      readonly site?: Site;
      /** A deployment switch (`process.env.NODE_ENV !== 'production'`): the one environment it holds in. */
      readonly env?: Environment;
    };

export type Environment = 'development' | 'production';

/**
 * The environment a check confines its branch to: `development` when some conjunct holds only outside
 * production (a dev-only CORS setup, reported with less weight), `production` for the opposite.
 */
export function environmentOf(check: OriginCheck): Environment | undefined {
  switch (check.op) {
    case 'opaque':
      return check.env;
    case 'not': {
      const inner = check.arg.op === 'opaque' ? check.arg.env : undefined;
      return inner === 'development' ? 'production' : inner === 'production' ? 'development' : undefined;
    }
    case 'and':
      return check.args.map(environmentOf).find((e) => e !== undefined);
    default:
      return undefined;
  }
}

/** The same check with `via` set on every matcher that has none. */
export function reachedVia(check: OriginCheck, via: Site): OriginCheck {
  switch (check.op) {
    case 'match':
      return check.matcher.via ? check : { op: 'match', matcher: { ...check.matcher, via } };
    case 'and':
    case 'or':
      return { op: check.op, args: check.args.map((a) => reachedVia(a, via)) };
    case 'not':
      return { op: 'not', arg: reachedVia(check.arg, via) };
    default:
      return check;
  }
}

export const ALWAYS: OriginCheck = { op: 'const', value: true };
export const NEVER: OriginCheck = { op: 'const', value: false };

/** yes / no, or unknown when the answer depends on something the analysis cannot see. */
export type Truth = 'yes' | 'no' | 'unknown';

export function evaluateCheck(check: OriginCheck, origin: string): Truth {
  switch (check.op) {
    case 'const':
      return check.value ? 'yes' : 'no';
    case 'opaque':
      return check.aboutOrigin ? 'unknown' : 'yes';
    case 'not': {
      // A condition that never reads the Origin (`!(req.method === 'GET' && path === '/x')`) is the requester's to
      // meet or not, negated or not.
      if (freeOfOrigin(check.arg)) return 'yes';
      const inner = evaluateCheck(check.arg, origin);
      return inner === 'unknown' ? inner : inner === 'yes' ? 'no' : 'yes';
    }
    case 'and': {
      let result: Truth = 'yes';
      for (const arg of check.args) {
        const t = evaluateCheck(arg, origin);
        if (t === 'no') return 'no';
        if (t === 'unknown') result = 'unknown';
      }
      return result;
    }
    case 'or': {
      let result: Truth = 'no';
      for (const arg of check.args) {
        const t = evaluateCheck(arg, origin);
        if (t === 'yes') return 'yes';
        if (t === 'unknown') result = 'unknown';
      }
      return result;
    }
    case 'match':
      return testMatcher(check.matcher, origin);
  }
}

/** Built only from conditions that do not read the Origin (at least one of them unreadable). */
function freeOfOrigin(check: OriginCheck): boolean {
  switch (check.op) {
    case 'opaque':
      return !check.aboutOrigin;
    case 'and':
    case 'or':
      return check.args.every((a) => a.op === 'const' || freeOfOrigin(a));
    case 'not':
      return freeOfOrigin(check.arg);
    default:
      return false;
  }
}

export function testMatcher(matcher: OriginMatcher, origin: string): Truth {
  if (matcher.test === 'trusted') return 'no';
  const part = originPart(origin, matcher.part);
  if (part === undefined) return 'no'; // `new URL('null')` throws: the check cannot pass
  if (matcher.test === 'present') return part ? 'yes' : 'no';
  const value = matcher.value;
  if (value === undefined) return 'unknown';
  switch (matcher.test) {
    case 'equals':
      return truth(part === value);
    case 'prefix':
      return truth(part.startsWith(value));
    case 'suffix':
      return truth(part.endsWith(value));
    case 'contains':
      return truth(part.includes(value));
    case 'within':
      return truth(value.includes(part));
    case 'regex': {
      const matched = regexTest(value, matcher.flags ?? '', part);
      return matched === undefined ? 'unknown' : truth(matched);
    }
  }
}

function truth(b: boolean): Truth {
  return b ? 'yes' : 'no';
}

function originPart(origin: string, part: OriginPart): string | undefined {
  if (part === 'origin') return origin;
  try {
    const url = new URL(origin);
    return part === 'hostname' ? url.hostname : part === 'host' ? url.host : url.protocol;
  } catch {
    return undefined;
  }
}

/** An origin on a host nobody but an attacker would register: a check that admits it admits everyone. */
export const ATTACKER_ORIGIN = 'https://attacker.test';

/** Every matcher in a check, in source order. */
export function matchersOf(check: OriginCheck): OriginMatcher[] {
  switch (check.op) {
    case 'match':
      return [check.matcher];
    case 'and':
    case 'or':
      return check.args.flatMap(matchersOf);
    case 'not':
      return matchersOf(check.arg);
    default:
      return [];
  }
}

export interface Bypass {
  /** An origin an attacker can own that the check admits. */
  readonly origin: string;
  /** The loose test that lets it through. */
  readonly matcher: OriginMatcher;
}

/**
 * Looks for an origin an attacker could register that passes `check`, built from the origins the check
 * evidently meant (its literals): the trusted host with an attacker suffix, a lookalike host, an unescaped
 * dot filled with a letter, a truncated entry of a comma-joined list. Checks that admit every origin are
 * not bypasses but open doors; callers ask `evaluateCheck(check, ATTACKER_ORIGIN)` for those.
 */
export function findBypass(check: OriginCheck): Bypass | undefined {
  const matchers = matchersOf(check);
  const legitimate = new Set(matchers.filter((m) => m.test === 'equals' && m.value).map((m) => m.value));
  // Only loose tests can be bypassed; exact entries (possibly thousands) need no candidates of their own.
  // A bound for generated lists of thousands of patterns: the first hundred loose tests tell the story.
  for (const matcher of matchers.filter(isLoose).slice(0, 100)) {
    for (const candidate of attackCandidates(matcher)) {
      if (legitimate.has(candidate)) continue;
      if (evaluateCheck(check, candidate) !== 'yes') continue;
      const culprit = matchers.find((m) => isLoose(m) && testMatcher(m, candidate) === 'yes');
      if (culprit) return { origin: candidate, matcher: culprit };
    }
  }
  return undefined;
}

function isLoose(m: OriginMatcher): boolean {
  return m.test !== 'equals' && m.test !== 'trusted' && m.test !== 'present';
}

/** The origins a matcher's author evidently meant to admit, as full origins. */
export function intendedOrigins(matcher: OriginMatcher): string[] {
  const value = matcher.value;
  if (value === undefined || matcher.test === 'present' || matcher.test === 'trusted') return [];
  let samples: string[];
  if (matcher.test === 'regex') {
    const sample = regexSample(value, matcher.flags ?? '');
    samples = sample === undefined ? [] : [sample];
  } else if (matcher.test === 'within') {
    samples = value.split(/[\s,;|]+/).filter(Boolean);
  } else {
    samples = [value];
  }
  return samples.map((s) => asOrigin(s, matcher.part)).filter((s): s is string => s !== undefined);
}

function asOrigin(sample: string, part: OriginPart): string | undefined {
  if (part === 'protocol') return undefined;
  let s = sample.trim().replace(/^\^|\$$/g, '');
  if (!s.includes('://')) s = 'https://' + s.replace(/^[.*/:]+/, '');
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+?)(:\d+)?(?:[/?#].*)?$/i.exec(s);
  if (!m || !m[2] || m[2].startsWith('.')) return undefined;
  return `${m[1]}://${m[2].replace(/\.$/, '')}${m[3] ?? ''}`;
}

function attackCandidates(matcher: OriginMatcher): string[] {
  const out: string[] = [];
  for (const intended of intendedOrigins(matcher)) {
    const m = /^([^:]+):\/\/([^:]+)(:\d+)?$/.exec(intended);
    if (!m) continue;
    const [, scheme, host, port = ''] = m as unknown as [string, string, string, string?];
    const candidates = [`${scheme}://${host}.attacker.test${port}`, `${scheme}://attacker-${host}${port}`];
    const dots = [...host.matchAll(/\./g)].map((d) => d.index ?? 0);
    // Interior dots first: `appxexample.com` is a domain anyone can buy, `examplexcom` is not.
    for (const i of [...dots.slice(0, -1), ...dots.slice(-1)]) candidates.push(`${scheme}://${host.slice(0, i)}x${host.slice(i + 1)}${port}`);
    if (matcher.test === 'within') candidates.push(intended.slice(0, -1));
    // A subdomain of the trusted site (`attacker-app.example.com`) is not the attacker's to register.
    out.push(...candidates.filter((c) => registrableDomain(hostOf(c)) !== registrableDomain(host)));
  }
  return out;
}

function hostOf(origin: string): string {
  return /^[^:]+:\/\/([^:/]+)/.exec(origin)?.[1] ?? origin;
}

// Second-level labels under which country domains are sold (`example.co.uk`); a short list, not the PSL.
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'mil']);

/** The part of a host its owner registers: `app.example.com` -> `example.com`, `a.b.co.uk` -> `b.co.uk`. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().split('.');
  if (labels.length <= 2 || /^[\d.]+$/.test(host)) return labels.join('.');
  const [tld, second] = [labels[labels.length - 1] as string, labels[labels.length - 2] as string];
  const keep = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * Whether two checks never hold for the same request: together they fail for the attacker's origin, for `null`
 * and for every value either one tests. An unknown answer counts as possible, and conditions that do not read
 * the Origin are never taken to exclude each other.
 */
export function neverTogether(a: OriginCheck, b: OriginCheck): boolean {
  const both: OriginCheck = { op: 'and', args: [a, b] };
  const samples = new Set([ATTACKER_ORIGIN, 'null', ...matchersOf(both).flatMap((m) => (m.value !== undefined && m.test !== 'regex' ? [m.value] : []))]);
  return [...samples].every((origin) => evaluateCheck(both, origin) === 'no');
}
