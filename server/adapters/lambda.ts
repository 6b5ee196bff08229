// AWS Lambda handlers behind API Gateway or function URLs: CORS headers in the `{ statusCode, headers, body }`
// objects a handler returns (shared header constants, response helpers, `event.headers.origin` in any casing),
// with the preflight judged from serverless.yml / SAM templates, plus `@middy/http-cors` (middy-cors.ts).
import type { CorsPolicy } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import type { Adapter } from './adapter';
import { exportedFunction, handlerExports, isResponseBuilder } from './lambda-handlers';
import { optionsBranchFix } from './lambda-fixes';
import { lambdaPreflight } from './lambda-preflight';
import { responseWrites } from './lambda-responses';
import { manualPolicy } from './manual-policy';
import { middyPolicies } from './middy-cors';
import { answersOptions } from './requests';
import { siteOf } from '../engine/source';

export const lambdaAdapter: Adapter = {
  name: 'aws-lambda',
  policies(ctx) {
    const exports = handlerExports(ctx.file);
    if (exports.length === 0) return [];
    return [...handlerPolicies(exports, ctx), ...middyPolicies(exports, ctx)];
  },
};

function handlerPolicies(exports: ReturnType<typeof handlerExports>, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  const seen = new Set<unknown>();
  for (const exp of exports) {
    const fn = exportedFunction(exp.value);
    if (!fn || seen.has(fn) || isResponseBuilder(fn)) continue;
    seen.add(fn);
    const writes = responseWrites(fn, ctx);
    if (!writes.some((w) => w.name === 'access-control-allow-origin')) continue;
    const preflight = lambdaPreflight(ctx, exp.name, answersOptions(fn), fn);
    const answerPreflight = preflight.fix ?? (preflight.reachesCode ? optionsBranchFix(fn, writes, preflight.api, ctx.file) : undefined);
    const policy = manualPolicy({
      ctx,
      framework: 'aws-lambda',
      label: 'This handler',
      site: siteOf(exp.at, ctx),
      writes,
      ...(preflight.route ? { route: preflight.route } : {}),
      preflight: { value: preflight.value },
      triggers: preflight.triggers,
      // Lambda headers are object entries: the Vary fix adds a `Vary` key beside them, never a statement.
      varyStatement: () => '',
      ...(answerPreflight ? { answerPreflight } : {}),
    });
    if (policy) out.push(policy);
  }
  return out;
}
