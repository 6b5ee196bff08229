// Next.js middleware (`middleware.ts`, `proxy.ts` from Next.js 16): runs before every matched request, OPTIONS
// included. Headers set on `NextResponse.next()` reach the final response, so a middleware that returns early for
// OPTIONS answers the preflight itself; one that only decorates passes OPTIONS on (to Next's automatic 204 for
// route handlers, to the handler for pages API routes): unknown here.
import type { CorsPolicy } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { exportValue } from '../engine/binding-values';
import { alternatives } from '../engine/values';
import { corsWriters } from './express-manual';
import { varyStatement } from './fetch';
import { headerWritesIn } from './header-writes';
import { handlerSite, manualPolicy, nameOf } from './manual-policy';
import { isNextMiddleware } from './nextjs-files';
import { optionsAnswer, reachableForOptions } from './options-outcome';
import { siteOf } from '../engine/source';

export function middlewarePolicies(ctx: AnalysisContext): CorsPolicy[] {
  if (!isNextMiddleware(ctx.file)) return [];
  const express = corsWriters(ctx);
  const out: CorsPolicy[] = [];
  for (const name of ['middleware', 'proxy', 'default']) {
    for (const v of alternatives(exportValue(ctx.file, name, ctx))) {
      if (v.kind !== 'function' || v.file !== ctx.file) continue;
      const writes = headerWritesIn(v.fn, ctx);
      const first = writes.find((w) => w.name === 'access-control-allow-origin');
      if (!first) continue;
      const answer = optionsAnswer(v.fn, ctx, 'fetch');
      const withOrigin = writes.some((w) => w.name === 'access-control-allow-origin' && reachableForOptions(w.guards, w.ctx));
      const preflight = answer === 'ok' && withOrigin ? 'answered' : 'unknown';
      const policy = manualPolicy({
        ctx,
        framework: 'Next.js',
        label: 'This middleware',
        site: express.has(v.fn) ? handlerSite(v.fn, first, ctx) : siteOf(nameOf(v.fn) ?? v.fn, ctx),
        writes,
        preflight: { value: preflight },
        triggers: [],
        varyStatement,
      });
      if (policy && !out.some((p) => p.site.span[0] === policy.site.span[0])) out.push(policy);
    }
  }
  return out;
}
