// Which origins a policy lets read responses, in plain words: each way Access-Control-Allow-Origin can come out
// (every branch counts), with the origin checks spelled out ("it ends with `example.com`").
import type { OriginCheck, OriginMatcher } from '../model/origin-check';
import type { OriginGrant } from '../model/policy';

export const UNSEEN = 'decided by code cors-lint cannot see';

/** One line per distinct way the header comes out; fixed origins are gathered into one line. */
export function describeGrants(grants: readonly OriginGrant[]): string[] {
  const fixed = [...new Set(grants.flatMap((g) => (g.kind === 'fixed' ? [g.value] : [])))];
  const lines: string[] = [];
  for (const grant of grants) {
    const line = grant.kind === 'fixed' ? describeFixed(fixed) : describeGrant(grant);
    if (line !== undefined && !lines.includes(line)) lines.push(line);
  }
  return lines.length > 0 ? lines : ['none: CORS is off'];
}

function describeGrant(grant: Exclude<OriginGrant, { kind: 'fixed' }>): string | undefined {
  switch (grant.kind) {
    case 'wildcard':
      return '`*`: any site, but browsers then send no cookies';
    case 'none':
      return 'none: CORS is off';
    case 'unknown':
      return UNSEEN;
    case 'reflect':
      if (grant.when.op === 'const') return grant.when.value ? "any origin (the request's Origin is echoed back)" : undefined;
      return `the request's Origin, when ${describeCheck(grant.when)}`;
  }
}

function describeFixed(values: readonly string[]): string {
  const listed = values.map((v) => (v === 'null' ? '`null` (any sandboxed page can send `Origin: null`)' : code(v))).join(', ');
  return values.length === 1 ? listed : `one of ${listed}`;
}

/** A check as a clause: "it is not sent or it ends with `example.com`". */
export function describeCheck(check: OriginCheck): string {
  switch (check.op) {
    case 'const':
      return check.value ? 'always' : 'never';
    case 'opaque':
      return check.aboutOrigin ? 'a test cors-lint cannot see passes' : 'a condition unrelated to the Origin holds';
    case 'not':
      if (check.arg.op === 'match' && check.arg.matcher.test === 'present') return `${subject(check.arg.matcher)} is not sent`;
      return `not (${describeCheck(check.arg)})`;
    case 'and':
    case 'or':
      return joinClauses(check.op, check.args);
    case 'match':
      return describeMatcher(check.matcher);
  }
}

/** Joins clauses; `a or b or c` tests of equality on the same part read as "it is one of `a`, `b`, `c`". */
function joinClauses(op: 'and' | 'or', args: readonly OriginCheck[]): string {
  const parts: string[] = [];
  const equals: OriginMatcher[] = [];
  const flush = (): void => {
    if (equals.length === 1) parts.push(describeMatcher(equals[0] as OriginMatcher));
    else if (equals.length > 1) parts.push(`${subject(equals[0] as OriginMatcher)} is one of ${equals.map((m) => code(m.value ?? '')).join(', ')}`);
    equals.length = 0;
  };
  for (const arg of args) {
    const m = arg.op === 'match' ? arg.matcher : undefined;
    if (op === 'or' && m && m.test === 'equals' && m.value !== undefined && (equals.length === 0 || equals[0]?.part === m.part)) {
      equals.push(m);
      continue;
    }
    flush();
    const text = describeCheck(arg);
    parts.push((arg.op === 'and' || arg.op === 'or') && arg.op !== op ? `(${text})` : text);
  }
  flush();
  return parts.join(` ${op} `);
}

function describeMatcher(m: OriginMatcher): string {
  const who = subject(m);
  const value = m.value === undefined ? 'a value read at runtime' : m.test === 'regex' ? code(`/${m.value}/${m.flags ?? ''}`) : code(m.value);
  switch (m.test) {
    case 'equals':
      return `${who} is ${value}`;
    case 'prefix':
      return `${who} starts with ${value}`;
    case 'suffix':
      return `${who} ends with ${value}`;
    case 'contains':
      return `${who} contains ${value}`;
    case 'regex':
      return `${who} matches ${value}${m.stateful ? ' (a /g or /y regex: it alternates between passing and failing)' : ''}`;
    case 'within':
      return `${who} appears inside the string ${value}`;
    case 'present':
      return `${who} is sent`;
    case 'trusted':
      return `${who} is in a list read at runtime (environment, database)`;
  }
}

function subject(m: OriginMatcher): string {
  return m.part === 'origin' ? 'it' : m.part === 'protocol' ? 'its scheme' : `its ${m.part}`;
}

/** Inline code that survives backticks inside the value. */
export function code(text: string): string {
  if (text === '') return '`""` (an empty string)';
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ` ${text} ` : text}${fence}`;
}
