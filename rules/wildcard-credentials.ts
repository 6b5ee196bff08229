// wildcard-credentials
// What: credentials are allowed while the allowed origin is `*`, the library default, every origin (`origin: true`,
//   an origin callback or regex that admits anything, the request Origin echoed unchecked) or `null`.
// Why: with credentials, an echoed Origin lets any website read logged-in users' data; `null` lets sandboxed
//   iframes do the same; `*` with credentials is refused by browsers (broken, and unsafe in intent).
// Fix: allow only the trusted origins, or stop allowing credentials.
import { ATTACKER_ORIGIN, evaluateCheck, matchersOf, neverTogether } from '../server/model/origin-check';
import type { CorsPolicy, OriginGrant } from '../server/model/policy';
import { DEV_NOTE, developmentOnly } from '../server/model/grants';
import type { Problem, Rule } from '../server/model/rule';
import type { Site } from '../server/model/span';

export const wildcardCredentials: Rule = {
  id: 'wildcard-credentials',
  description: 'Credentials allowed for every origin, for `null`, or with the wildcard `*`.',
  severity: 'error',
  check(policy) {
    if (policy.credentials.value !== true) return [];
    const problems: Problem[] = [];
    for (const grant of policy.origin.value) {
      // `*` on the branch without an Origin or for `null`, credentials only on the other: they never meet.
      if (grant.when && policy.credentials.when && neverTogether(grant.when, policy.credentials.when)) continue;
      const message = messageFor(grant, policy);
      if (!message) continue;
      // Behind a NODE_ENV check only development builds are exposed: still wrong, one step less severe.
      const dev = developmentOnly(grant, policy);
      problems.push({
        message: dev ? `${message.text} ${DEV_NOTE}` : message.text,
        severity: message.exploitable ? (dev ? 'warning' : 'error') : dev ? 'info' : 'warning',
        site: message.site ?? grant.site ?? policy.origin.site ?? policy.site,
        fixes: [policy.fixes.restrictOrigins, policy.fixes.dropCredentials].filter((f) => f !== undefined),
      });
    }
    return problems;
  },
};

function messageFor(grant: OriginGrant, policy: CorsPolicy): { text: string; exploitable: boolean; site?: Site } | undefined {
  const source = policy.label;
  switch (grant.kind) {
    case 'wildcard':
      return {
        text: grant.site
          ? `${source} allows credentials with Access-Control-Allow-Origin: *. Browsers refuse that, so credentialed requests fail; allowing every site with credentials is unsafe in intent.`
          : `${source} allows credentials but no origin, so ${policy.framework} sends its default Access-Control-Allow-Origin: *. Browsers refuse that, so credentialed requests fail.`,
        exploitable: false,
      };
    case 'fixed':
      return grant.value === 'null' ? { text: nullMessage(source), exploitable: true } : undefined;
    case 'reflect': {
      if (evaluateCheck(grant.when, ATTACKER_ORIGIN) === 'yes') {
        // Conditions that never look at the Origin (the method, a feature flag) do not check anything.
        const checked = matchersOf(grant.when).some((m) => m.test !== 'present');
        const how = checked ? `admits any origin (${ATTACKER_ORIGIN} passes its check)` : 'echoes every request Origin back';
        return { text: `${source} ${how} and allows credentials: any website can read your users' data with their cookies.`, exploitable: true };
      }
      if (evaluateCheck(grant.when, 'null') !== 'yes') return undefined;
      const entry = matchersOf(grant.when).find((m) => m.test === 'equals' && m.value === 'null');
      return { text: nullMessage(source), exploitable: true, ...(entry?.site ? { site: entry.site } : {}) };
    }
    default:
      return undefined;
  }
}

function nullMessage(source: string): string {
  return `${source} allows the origin 'null' with credentials: any website can send it from a sandboxed iframe and read your users' data.`;
}
