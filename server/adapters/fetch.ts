// Fetch-style handlers (Cloudflare Workers, Deno, Bun, service workers, Netlify/Vercel Edge, and any function that
// builds `new Response(body, { headers })`): CORS headers in Response inits, `new Headers()` + `set/append`, and
// `response.headers.set(...)`. No such platform answers OPTIONS itself, so an entry point's own OPTIONS path
// decides the preflight; a function no entry reaches leaves it unknown.
import { T } from '../engine/ast-types';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { propertyName, siteOf, type FunctionNode } from '../engine/source';
import type { Adapter } from './adapter';
import { corsWriters } from './express-manual';
import { handlerFunction } from './express-app';
import { registrations } from './express-routes';
import { fetchEntries } from './fetch-handlers';
import { entryPreflightFix } from './fetch-preflight';
import { isFetchStyleCall, writerFunctions } from './handler-writers';
import { headerWritesIn, type HeaderWrite } from './header-writes';
import { handlerSite, manualPolicy, nameOf } from './manual-policy';
import { isNextMiddleware, nextFileKind } from './nextjs-files';
import { optionsAnswer, reachableForOptions } from './options-outcome';
import { dispatchedMethods, headerTriggers, SIMPLE_METHODS } from './requests';

const FETCH_TEXT = /Response\b|\bHeaders\b|\.headers\.(set|append)\b/;

export const fetchAdapter: Adapter = {
  name: 'fetch',
  policies(ctx) {
    // Cheap: a file that never names the Fetch API's Response or Headers builds no fetch-style response.
    if (!FETCH_TEXT.test(ctx.file.text) || readByNext(ctx)) return [];
    const { entries, decidedBy } = fetchEntries(ctx);
    // Imported helpers are followed from entry points only (reading one loads its file).
    const writers = writerFunctions(ctx, 'fetch', isFetchStyleCall, () => true, (fn) => entries.has(fn) || decidedBy.has(fn));
    if (writers.outermost.length === 0) return [];
    const registered = registeredHandlers(ctx);
    const express = corsWriters(ctx);
    const outermost = new Set(writers.outermost);
    const out: CorsPolicy[] = [];
    for (const fn of writers.all) {
      if (registered.has(fn)) continue; // `app.get('/x', handler)`: that router's adapter reads it
      // A helper read through its caller gets a policy of its own only where the generic reading would make one
      // (same site, so this one is kept): its preflight is its caller's to answer.
      if (!outermost.has(fn) && !express.has(fn)) continue;
      const entry = !outermost.has(fn) ? undefined : entries.has(fn) ? fn : decidedBy.get(fn);
      const policy = fetchPolicy(fn, entry, express.has(fn), ctx);
      if (policy) out.push(policy);
    }
    return out;
  },
};

/** Next.js files are the nextjs adapter's; an `api/` file may be a Vercel function or anything else. */
function readByNext(ctx: AnalysisContext): boolean {
  const kind = nextFileKind(ctx.file.path);
  return kind === 'route' || kind === 'pages-api' || kind === 'config' || (kind === 'middleware' && isNextMiddleware(ctx.file));
}

function fetchPolicy(fn: FunctionNode, entry: FunctionNode | undefined, sharedSite: boolean, ctx: AnalysisContext): CorsPolicy | undefined {
  const writes = headerWritesIn(fn, ctx);
  const first = writes.find((w) => w.name === 'access-control-allow-origin');
  if (!first) return undefined;
  const preflight = entry ? entryPreflight(entry, ctx) : 'unknown';
  const unanswered = preflight === 'unanswered';
  const scope = entry && entry !== fn ? [fn, entry] : [fn];
  const triggers = unanswered ? scope.flatMap((f) => [...methodTriggers(f, ctx), ...headerTriggers(f, ctx), ...jsonBodyTriggers(f, ctx)]) : [];
  const methods = [...new Set(scope.flatMap(dispatchedMethods))].filter((m) => !SIMPLE_METHODS.has(m) && m !== 'OPTIONS');
  const fix = unanswered && entry ? entryPreflightFix(entry, headerWritesIn(entry, ctx), triggers, ctx) : undefined;
  return manualPolicy({
    ctx,
    framework: 'fetch',
    label: 'This fetch handler',
    // The generic Express/node:http reading sees `headers.set(...)` calls too; the same site keeps one policy.
    site: sharedSite ? handlerSite(fn, first, ctx) : siteOf(nameOf(fn) ?? fn, ctx),
    writes,
    ...(methods.length > 0 ? { route: { methods } } : {}),
    preflight: { value: preflight },
    triggers,
    varyStatement: varyStatement,
    ...(fix ? { answerPreflight: fix } : {}),
  });
}

/** `headers.append('Vary', 'Origin')` on a Headers object; `res.setHeader(...)` where Node's API is used. */
export function varyStatement(receiver: string, method: string): string {
  if (method === 'setHeader' || method === 'appendHeader') return `${receiver}.setHeader('Vary', 'Origin')`;
  return `${receiver}.append('Vary', 'Origin')`;
}

/**
 * An entry answers a preflight when its OPTIONS path ends in a 2xx Response that carries Access-Control-Allow-Origin;
 * a 405 (or a 2xx without that header) fails it.
 */
export function entryPreflight(entry: FunctionNode, ctx: AnalysisContext): CorsPolicy['preflight']['value'] {
  const answer = optionsAnswer(entry, ctx, 'fetch');
  if (answer !== 'ok') return answer === 'error' ? 'unanswered' : 'unknown';
  const writes: readonly HeaderWrite[] = headerWritesIn(entry, ctx);
  return writes.some((w) => w.name === 'access-control-allow-origin' && reachableForOptions(w.guards, w.ctx)) ? 'answered' : 'unanswered';
}

export function methodTriggers(fn: FunctionNode, ctx: AnalysisContext): PreflightTrigger[] {
  return dispatchedMethods(fn)
    .filter((m) => !SIMPLE_METHODS.has(m) && m !== 'OPTIONS')
    .map((m) => ({ reason: `the handler accepts ${m} requests`, site: siteOf(nameOf(fn) ?? fn, ctx) }));
}

/** `await request.json()`: the client sends JSON, with `Content-Type: application/json` (not CORS-safelisted). */
export function jsonBodyTriggers(fn: FunctionNode, ctx: AnalysisContext): PreflightTrigger[] {
  const request = fn.params[0];
  if (request?.type !== T.Identifier) return [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression || propertyName(call.callee) !== 'json') continue;
    const object = call.callee.object;
    if (object.type === T.Identifier && object.name === request.name && call.range[0] >= fn.range[0] && call.range[1] <= fn.range[1]) {
      return [{ reason: 'the handler reads a JSON request body', site: siteOf(call, ctx) }];
    }
  }
  return [];
}

function registeredHandlers(ctx: AnalysisContext): Set<FunctionNode> {
  const out = new Set<FunctionNode>();
  for (const reg of registrations(ctx.file.calls, ctx)) {
    for (const h of reg.handlers) {
      const fn = handlerFunction(h, ctx);
      if (fn && fn.file === ctx.file) out.add(fn.fn);
    }
  }
  return out;
}
