// substring-origin-check
// What: the decision to allow an origin rests on a substring or loose pattern test: `includes`, `indexOf`,
//   `startsWith`, `endsWith` without a leading dot, `match` with a string, a regex not anchored at both ends
//   or with an unescaped `.`, or a comma-joined allowlist string searched with `includes`.
// Why: an attacker registers a host that passes (`https://example.com.attacker.test`) and gets the access meant
//   for the trusted origin; with credentials, that is your users' data.
// Fix: compare exactly (a list or Set of origins, `===`, a fully anchored regex with escaped dots).
import { ATTACKER_ORIGIN, evaluateCheck, findBypass, matchersOf, type OriginMatcher } from '../server/model/origin-check';
import { exactCheckFix } from '../server/model/exact-check';
import { DEV_NOTE, developmentOnly } from '../server/model/grants';
import type { Problem, Rule } from '../server/model/rule';

export const substringOriginCheck: Rule = {
  id: 'substring-origin-check',
  description: 'The origin allowlist check matches substrings or loose patterns that attacker hosts can pass.',
  severity: 'error',
  check(policy) {
    const problems: Problem[] = [];
    const credentials = policy.credentials.value === true;
    for (const grant of policy.origin.value) {
      // A check that admits every origin is an open door, reported by wildcard-credentials.
      if (grant.kind !== 'reflect' || evaluateCheck(grant.when, ATTACKER_ORIGIN) === 'yes') continue;
      const bypass = findBypass(grant.when);
      const matcher = bypass?.matcher ?? matchersOf(grant.when).find((m) => m.test === 'within' && m.value === undefined);
      if (!matcher?.site) continue;
      const passes = bypass ? `${bypass.origin} passes` : 'any piece of a listed origin passes (for https://app.example.com, also https://app.example.co)';
      const stake = credentials ? ", and with credentials allowed that site can read your users' data" : '';
      const fix = bypass && exactCheckFix(matcher, bypass.origin);
      const dev = developmentOnly(grant, policy);
      problems.push({
        message: `The origin check only tests that the Origin${describe(matcher)}, so ${passes}${stake}.${dev ? ` ${DEV_NOTE}` : ''}`,
        severity: credentials && !dev ? 'error' : 'warning',
        site: matcher.site,
        ...(matcher.via ? { via: matcher.via } : {}),
        fixes: fix ? [fix] : [],
      });
    }
    return problems;
  },
};

/** What the test checks, as the end of "the Origin ...": "ends with 'example.com'", "'s hostname contains 'x'". */
function describe(m: OriginMatcher): string {
  const subject = m.part === 'origin' ? '' : `'s ${m.part}`;
  const value = m.value === undefined ? '' : `'${m.value}'`;
  switch (m.test) {
    case 'prefix':
      return `${subject} starts with ${value}`;
    case 'suffix':
      return `${subject} ends with ${value}`;
    case 'contains':
      return `${subject} contains ${value}`;
    case 'regex':
      return `${subject} matches /${m.value ?? ''}/`;
    case 'within':
      return m.value === undefined ? ' appears inside a comma-joined string of origins' : ` appears inside the string ${value}`;
    default:
      return ` is ${value}`;
  }
}
