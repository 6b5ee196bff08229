// missing-preflight
// What: CORS is set up for requests that browsers preflight (PUT/PATCH/DELETE, JSON bodies, Authorization or
//   custom headers) while nothing answers the OPTIONS preflight for those routes.
// Why: the browser sends OPTIONS first; without a 2xx answer carrying the CORS headers it never sends the real
//   request, and the frontend fails with a CORS error.
// Fix: answer OPTIONS with the same CORS settings (`app.options(path, cors(options))`, an OPTIONS branch or export).
import type { Rule } from '../server/model/rule';

export const missingPreflight: Rule = {
  id: 'missing-preflight',
  description: 'CORS set up for preflighted requests, but nothing answers the OPTIONS preflight.',
  severity: 'warning',
  check(policy) {
    const trigger = policy.preflightTriggers[0];
    if (policy.preflight.value !== 'unanswered' || !trigger) return [];
    const route = policy.route;
    const where = route ? `${route.methods.join('/')} ${route.path ?? 'requests'}` : 'these requests';
    return [
      {
        message: `Nothing answers the OPTIONS preflight for ${where}: ${trigger.reason}, so browsers send a preflight first and block the request when it comes back without CORS headers.`,
        site: policy.site,
        fixes: policy.fixes.answerPreflight ? [policy.fixes.answerPreflight] : [],
      },
    ];
  },
};
