// Hono: `cors()` from hono/cors mounted with `use` or on routes, and CORS headers written by hand (`c.header`,
// `c.res.headers.set`). Hono answers no OPTIONS request itself: a preflight gets 404 unless the cors middleware,
// an OPTIONS branch in a middleware, or an `options`/`all`/`on(['OPTIONS', ...])` route answers it.
import { T } from '../engine/ast-types';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { childNodes, propertyName, siteOf, unwrap, type Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { evaluate, isModuleValue, type Value, type ValueOf } from '../engine/values';
import type { Adapter } from './adapter';
import { writerPolicies, type Idiom } from './app-manual';
import { appFacts, functionFacts, isOptionsRoute, optionsRouteFix, repeatable, routePreflight, routeTriggers, type AppFacts, type Family, type MiddlewareFacts } from './app-preflight';
import { refersTo, type Mount } from './app-table';
import { importedSources } from '../engine/modules';
import { corsSettings, type CorsLibrary } from './cors-options';
import { handlerFunction } from './express-app';
import { HONO_SOURCES, honoMounts } from './hono-routes';
import { listOriginFixes, optionPolicy } from './option-policy';

/** hono/cors (honojs/hono src/middleware/cors/index.ts, v4.13). */
export const HONO_CORS: CorsLibrary = {
  name: 'hono/cors',
  defaultOrigin: 'wildcard', // `const opts = { origin: '*', ...options }`
  wildcardInArray: false, // a list is searched with `optsOrigin.includes(origin)`: '*' there only equals the text '*'
  statefulRegex: false, // RegExps are not part of the API
  // `{ origin: '*', ...{ origin: undefined } }` keeps undefined; `undefined.includes` then throws: no CORS headers.
  undefinedDisables: true,
  originFunction: 'return', // `await findAllowOrigin(c.req.header('origin') || '', c)`
  functionAnswer: 'header', // the answer is set as Access-Control-Allow-Origin when truthy
  defaultMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
  setsVary: true, // `c.header('Vary', 'Origin', { append: true })` whenever opts.origin is not '*'
  strictCredentials: false, // `if (opts.credentials)`
  optionNames: { methods: 'allowMethods', allowedHeaders: 'allowHeaders', exposedHeaders: 'exposeHeaders' },
};

const CORS_SOURCES = ['hono/cors', 'npm:hono/cors', 'jsr:@hono/hono/cors', '@hono/hono/cors'];
const HONO_TEXT = /\bhono\b|\bc\.(header|res\.headers)\b/;

export const honoAdapter: Adapter = {
  name: 'hono',
  policies(ctx) {
    if (!HONO_TEXT.test(ctx.file.text)) return [];
    // Apps and cors() need an import of Hono; without one only a middleware module's own writes are read.
    const honoFile = importedSources(ctx.file).some(isHonoSource);
    const facts = appFacts(honoFile ? honoMounts(ctx) : [], FAMILY, ctx);
    return [...(honoFile ? middlewarePolicies(facts, ctx) : []), ...writerPolicies(facts, FAMILY, honoIdiom(honoFile), ctx)];
  },
};

function isHonoSource(source: string): boolean {
  return HONO_SOURCES.includes(source) || /^(hono|npm:hono|jsr:@hono\/hono)\/|^@hono\//.test(source);
}

function isCorsFactory(value: Value): boolean {
  return isModuleValue(value, CORS_SOURCES, ['cors']);
}

const FAMILY: Family = {
  middleware(handler, ctx): MiddlewareFacts {
    const value = evaluate(handler, ctx);
    if (isModuleValue(value, CORS_SOURCES, ['cors', '()'])) return { answers: true, cors: true };
    const fn = honoHandler(handler, ctx);
    if (fn) return functionFacts(fn, ctx);
    // Hono's own middleware (logger, secureHeaders, jwt) and other packages pass OPTIONS on; unknown CORS ones may not.
    if (value.kind === 'module') return /cors/i.test(value.source) ? { answers: 'unknown', cors: 'unknown' } : { answers: false, cors: false };
    return { answers: 'unknown', cors: 'unknown' };
  },
  handler: honoHandler,
  bodyTriggers(route, ctx): PreflightTrigger[] {
    if (!['POST', 'PUT', 'PATCH'].some((m) => route.methods.includes(m))) return [];
    const json = route.handlers.some((h) => isJsonValidator(h, ctx) || readsJson(honoHandler(h, ctx)));
    return json ? [{ reason: 'the handler reads a JSON request body', site: siteOf(route.call.callee, ctx) }] : [];
  },
};

/** The function a handler runs: itself, or what `createMiddleware(fn)` from hono/factory wraps. */
function honoHandler(handler: Node, ctx: AnalysisContext): ValueOf<'function'> | undefined {
  const n = unwrap(handler);
  if (n.type === T.CallExpression && n.arguments[0] && isModuleValue(evaluate(n.callee, ctx), 'hono/factory', ['createMiddleware'])) {
    return handlerFunction(n.arguments[0] as Node, ctx);
  }
  return handlerFunction(handler, ctx);
}

/** `zValidator('json', schema)`, `validator('json', fn)`: the route takes JSON bodies. */
function isJsonValidator(handler: Node, ctx: AnalysisContext): boolean {
  const n = unwrap(handler);
  if (n.type !== T.CallExpression || !n.arguments[0] || n.arguments[0].type === T.SpreadElement) return false;
  return stringOf(evaluate(n.arguments[0], ctx)) === 'json' && /validator/i.test(n.callee.type === T.Identifier ? n.callee.name : '');
}

/** `await c.req.json()` in the handler. */
function readsJson(fn: ValueOf<'function'> | undefined): boolean {
  if (!fn) return false;
  const stack: Node[] = [fn.fn.body];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.CallExpression && n.callee.type === T.MemberExpression && propertyName(n.callee) === 'json') {
      const object = unwrap(n.callee.object);
      if (object.type === T.MemberExpression && propertyName(object) === 'req') return true;
    }
    stack.push(...childNodes(n));
  }
  return false;
}

function honoIdiom(honoFile: boolean): Idiom {
  return {
    framework: 'hono',
    // A middleware module without Hono imports still reads like one: `c.header(...)` on a first parameter named
    // like Hono's Context (an Express helper's `res.header(...)` stays the Express adapter's).
    owns: (fn, writes) => {
      const first = fn.params[0];
      const name = first?.type === T.Identifier && /^(c|ctx|context)$/.test(first.name) ? first.name : undefined;
      return honoFile || (!!name && writes.some((w) => w.style.kind === 'call' && w.style.receiver === name && w.style.method === 'header'));
    },
    varyStatement: (receiver, method) => (method === 'header' ? `${receiver}.header('Vary', 'Origin', { append: true })` : `${receiver}.append('Vary', 'Origin')`),
    optionsBranch: (p, indent, unit, semi) => `if (${p}.req.method === 'OPTIONS') {\n${indent}${unit}return ${p}.body(null, 204)${semi}\n${indent}}`,
    noContent: () => '(c) => c.body(null, 204)',
  };
}

/** One policy per place `cors()` is mounted; route-level ones are judged by that route's preflight. */
function middlewarePolicies(facts: AppFacts, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.Identifier || !isCorsFactory(evaluate(call.callee, ctx))) continue;
    const settings = corsSettings(call.arguments[0] as Node | undefined, HONO_CORS, ctx);
    const policy = (preflight: CorsPolicy['preflight']['value'], route?: Mount, triggers: readonly PreflightTrigger[] = [], answer?: CorsPolicy['fixes']['answerPreflight']) =>
      optionPolicy(settings, {
        framework: 'hono/cors',
        label: 'hono/cors middleware',
        site: siteOf(call, ctx),
        preflight,
        triggers,
        ...(route ? { route } : {}),
        fixes: { ...listOriginFixes(settings, ctx), ...(answer ? { answerPreflight: answer } : {}) },
      });
    const mounts = facts.mounts.filter((m) => m.handlers.some((h) => refersTo(h, call)));
    if (mounts.length === 0) out.push(policy('unknown'));
    for (const m of mounts) {
      if (m.kind === 'use' || isOptionsRoute(m)) {
        out.push(policy('answered'));
        continue;
      }
      const value = routePreflight(m, facts);
      const handler = m.handlers.find((h) => refersTo(h, call));
      const text = handler && value === 'unanswered' ? repeatable(handler, ctx) : undefined;
      const triggers = value === 'unanswered' ? routeTriggers(m, FAMILY, ctx, settings.allowedHeaders.value) : [];
      out.push(policy(value, m, triggers, text ? optionsRouteFix(m, text, ctx) : undefined));
    }
  }
  return out;
}
