// missing-vary-origin
// What: Access-Control-Allow-Origin depends on the request (the echoed Origin, or a pick from an allowlist) but
//   the response does not carry `Vary: Origin`, or a later Vary write drops Origin.
// Why: a shared cache (CDN, proxy, browser) stores one origin's answer and serves it to another origin, which
//   then fails, or gets access it should not have.
// Fix: add `Vary: Origin` (safe: it changes nothing about who may call the API).
import { variesByOrigin } from '../server/model/grants';
import type { Rule } from '../server/model/rule';

export const missingVaryOrigin: Rule = {
  id: 'missing-vary-origin',
  description: 'Access-Control-Allow-Origin varies with the request but `Vary: Origin` is not sent.',
  severity: 'warning',
  check(policy) {
    if (policy.varyOrigin.value !== false || !variesByOrigin(policy.origin.value)) return [];
    const reflected = policy.origin.value.find((g) => g.kind === 'reflect');
    const dropped = policy.varyOrigin.site !== undefined;
    return [
      {
        message: dropped
          ? "Access-Control-Allow-Origin changes with the request's Origin, but the last Vary header written here leaves Origin out, so a shared cache can serve one site's CORS answer to another."
          : "Access-Control-Allow-Origin changes with the request's Origin, but the response has no Vary: Origin, so a shared cache can serve one site's CORS answer to another.",
        site: reflected?.site ?? policy.origin.site ?? policy.site,
        fixes: policy.fixes.addVaryOrigin ? [policy.fixes.addVaryOrigin] : [],
      },
    ];
  },
};
