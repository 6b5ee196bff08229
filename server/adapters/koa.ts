// Koa: @koa/cors, kcors and koa2-cors middleware mounted on the app, on koa-router routers or on routes, and
// CORS headers written by hand (`ctx.set`, `ctx.vary`, `ctx.append`). Koa answers no OPTIONS request itself: a
// preflight gets 404 unless a CORS middleware, an OPTIONS branch, an OPTIONS route or koa-router's
// allowedMethods() (200 with Allow, plus the headers app-level middleware set) answers it.
import { T } from '../engine/ast-types';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { propertyName, siteOf, unwrap, type Node } from '../engine/source';
import { evaluate, isModuleValue, property } from '../engine/values';
import type { Adapter } from './adapter';
import { writerPolicies, type Idiom } from './app-manual';
import { appFacts, functionFacts, isOptionsRoute, optionsRouteFix, repeatable, routePreflight, routesBehind, routeTriggers, type AppFacts, type Family, type MiddlewareFacts } from './app-preflight';
import { refersTo, type Mount } from './app-table';
import { importedSources } from '../engine/modules';
import { handlerFunction } from './express-app';
import { isKoaCorsMiddleware, koaCorsLibrary, koaCredentialFixes, koaSettings } from './koa-cors';
import { koaMounts } from './koa-routes';
import { optionPolicy } from './option-policy';
import type { CorsSettings } from './cors-options';

// Only files that mention Koa, or write headers through a Koa-style `ctx`, are read any further.
const KOA_TEXT = /koa|\bctx\.(set|append|vary|response)\b/i;
const BODY_PARSERS = ['koa-bodyparser', '@koa/bodyparser', 'koa-body'];

export const koaAdapter: Adapter = {
  name: 'koa',
  policies(ctx) {
    if (!KOA_TEXT.test(ctx.file.text)) return [];
    // Apps, routers and CORS packages need an import; without one only a middleware module's own writes are read.
    const koaFile = importedSources(ctx.file).some((s) => /^(koa|koa-.*|@koa\/.*|kcors|koa2-cors)$/.test(s));
    const mounts = koaFile ? koaMounts(ctx) : [];
    const family = koaFamily(mounts);
    const facts = appFacts(mounts, family, ctx);
    return [...(koaFile ? middlewarePolicies(facts, family, ctx) : []), ...writerPolicies(facts, family, koaIdiom(koaFile), ctx)];
  },
};

function koaFamily(mounts: readonly Mount[]): Family {
  return {
    middleware: middlewareFacts,
    handler: handlerFunction,
    bodyTriggers(route, ctx) {
      if (!['POST', 'PUT', 'PATCH'].some((m) => route.methods.includes(m))) return [];
      const json = mounts.some((m) => m.kind === 'use' && m.seesOptions && m.handlers.some((h) => isJsonParser(h, ctx)));
      return json ? [{ reason: 'the app parses JSON request bodies', site: siteOf(route.call.callee, ctx) }] : [];
    },
  };
}

function middlewareFacts(handler: Node, ctx: AnalysisContext): MiddlewareFacts {
  const n = unwrap(handler);
  if (n.type === T.CallExpression && n.callee.type === T.MemberExpression) {
    const name = propertyName(n.callee);
    // @koa/router allowedMethods(): an OPTIONS request that matched a path gets 200 with Allow and nothing else.
    if (name === 'allowedMethods') return { answers: true, cors: false };
    if (name === 'routes' || name === 'middleware') return { answers: false, cors: false };
  }
  const value = evaluate(n, ctx);
  if (isKoaCorsMiddleware(value)) return { answers: true, cors: true };
  if (value.kind === 'function') return functionFacts(value, ctx);
  // Other packages' middleware (body parsers, loggers, helmet) pass OPTIONS on; a CORS package we do not know may not.
  if (value.kind === 'module') return /cors/i.test(value.source) ? { answers: 'unknown', cors: 'unknown' } : { answers: false, cors: false };
  return { answers: 'unknown', cors: 'unknown' };
}

function isJsonParser(handler: Node, ctx: AnalysisContext): boolean {
  const value = evaluate(handler, ctx);
  if (!BODY_PARSERS.some((p) => isModuleValue(value, p, ['()']))) return false;
  // koa-bodyparser's `enableTypes` defaults to ['json', 'form']; a list without 'json' parses no JSON.
  const options = unwrap(handler).type === T.CallExpression ? (unwrap(handler) as { arguments: Node[] }).arguments[0] : undefined;
  const types = options ? property(evaluate(options, ctx), 'enableTypes', ctx) : undefined;
  return !types || types.kind !== 'array' || types.elements.some((e) => e.kind === 'string' && e.value === 'json');
}

function koaIdiom(koaFile: boolean): Idiom {
  return {
    framework: 'koa',
    // A middleware module that imports nothing from Koa still reads like one: `(ctx, next)` writing `ctx.set(...)`.
    owns: (fn, writes) => {
      const first = fn.params[0];
      const name = first?.type === T.Identifier ? first.name : undefined;
      return koaFile || (name === 'ctx' && writes.some((w) => w.style.kind === 'call' && /^ctx(\.response)?$/.test(w.style.receiver) && w.style.method !== 'header'));
    },
    varyStatement: (receiver, method) => (method === 'setHeader' ? `${receiver}.setHeader('Vary', 'Origin')` : `${receiver}.vary('Origin')`),
    optionsBranch: (p, indent, unit, semi) => `if (${p}.method === 'OPTIONS') {\n${indent}${unit}${p}.status = 204${semi}\n${indent}${unit}return${semi}\n${indent}}`,
    noContent: (semi) => `(ctx) => { ctx.status = 204${semi} }`,
  };
}

/** One policy per place a Koa CORS middleware is mounted (one per route behind a `router.use`). */
function middlewarePolicies(facts: AppFacts, family: Family, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || (call.callee.type !== T.Identifier && call.callee.type !== T.CallExpression)) continue;
    const lib = koaCorsLibrary(evaluate(call.callee, ctx));
    if (!lib) continue;
    const settings = koaSettings(call.arguments[0] as Node | undefined, lib, ctx);
    const policy = (preflight: CorsPolicy['preflight']['value'], route?: Mount, triggers: readonly PreflightTrigger[] = [], answer?: CorsPolicy['fixes']['answerPreflight']) =>
      optionPolicy(settings, {
        framework: lib.name,
        label: `${lib.name} middleware`,
        site: siteOf(call, ctx),
        preflight,
        triggers,
        ...(route ? { route } : {}),
        fixes: { ...fixesOf(settings, ctx), ...(answer ? { answerPreflight: answer } : {}) },
      });
    const mounts = facts.mounts.filter((m) => m.handlers.some((h) => refersTo(h, call)));
    if (mounts.length === 0) out.push(policy('unknown'));
    for (const m of mounts) {
      if ((m.kind === 'use' && m.seesOptions) || isOptionsRoute(m)) {
        out.push(policy('answered'));
        continue;
      }
      const routes = m.kind === 'route' ? [m] : routesBehind(m, facts);
      if (routes.length === 0) out.push(policy('unknown'));
      for (const route of routes) {
        const value = routePreflight(route, facts);
        const handler = m.handlers.find((h) => refersTo(h, call));
        const text = handler && value === 'unanswered' ? repeatable(handler, ctx) : undefined;
        const triggers = value === 'unanswered' ? routeTriggers(route, family, ctx, settings.allowedHeaders.value) : [];
        out.push(policy(value, route, triggers, text ? optionsRouteFix(route, text, ctx) : undefined));
      }
    }
  }
  return out;
}

function fixesOf(settings: CorsSettings, ctx: AnalysisContext): CorsPolicy['fixes'] {
  return settings.credentials.value === true ? koaCredentialFixes(settings, ctx) : {};
}
