// Express, Connect-style routers and node:http: the `cors` package under any name, mounted globally or per
// route, plus (in express-manual.ts) hand-written headers in middleware, routes and createServer handlers.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy, OriginGrant, PolicyFixes } from '../model/policy';
import type { OriginCheck } from '../model/origin-check';
import { and } from '../model/check-logic';
import { environmentAt } from '../engine/checks';
import type { AnalysisContext } from '../engine/origin-reads';
import { importedSources } from '../engine/modules';
import { resolveIdentifier } from '../engine/scope';
import { siteOf, textOf, unwrap, type Node } from '../engine/source';
import { evaluate, mayBePackageValue } from '../engine/values';
import type { Adapter } from './adapter';
import { accessControlSettings, CORS_PACKAGE, corsSettings, type CorsSettings } from './cors-options';
import { enclosingStatement, insertStatementBefore, usesSemicolons } from './edits';
import { appFacts, gateFor, isCorsFactory, routeOf, routePreflight, routeTriggers, withSharedCredentials, type AppFacts } from './express-app';
import { corsWriters, manualPolicies } from './express-manual';
import { registrations, type Registration } from './express-routes';
import { dropOptionCredentials, restrictOptionOrigin } from './policy-fixes';

export const expressAdapter: Adapter = {
  name: 'express',
  policies(ctx) {
    const regs = registrations(ctx.file.calls, ctx);
    const writers = corsWriters(ctx);
    const app = appFacts(regs, writers, ctx);
    return [...corsMiddlewarePolicies(app, ctx), ...manualPolicies(app, writers, ctx)];
  },
};

function corsMiddlewarePolicies(app: AppFacts, ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  // cors() calls live in files that import the package (under any name); elsewhere there is nothing to evaluate.
  if (!importedSources(ctx.file).includes('cors')) return out;
  const mountsOf = corsMounts(app.regs);
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || !mayBePackageValue(call.callee, ctx) || !isCorsFactory(evaluate(call.callee, ctx))) continue;
    const uses = mountsOf.get(call) ?? [];
    const settings = corsSettings(call.arguments[0], CORS_PACKAGE, ctx);
    const base = {
      ...(environmentAt(call, ctx) === 'development' ? { devOnly: true } : {}),
      framework: 'cors',
      label: 'cors() middleware',
      site: siteOf(call, ctx),
      ...accessControlSettings(settings),
      varyOrigin: settings.varyOrigin,
      fixes: settings.credentials.value === true ? credentialFixes(settings, ctx) : {},
    };
    const routes = uses.filter((r) => r.method !== 'use' && r.method !== 'options' && r.method !== 'all');
    if (uses.length === 0 || routes.length < uses.length) {
      // Mounted with use/options/all (it answers OPTIONS itself), or not mounted here at all.
      const gate = uses.length === 1 ? gateFor(uses[0], app) : undefined;
      const policy: CorsPolicy = { ...base, origin: gated(settings.origin, gate), preflight: { value: uses.length === 0 ? 'unknown' : 'answered' }, preflightTriggers: [] };
      out.push(withSharedCredentials(policy, uses[0], app));
      continue;
    }
    for (const route of routes) {
      const preflight = routePreflight(route, app);
      const handler = route.handlers.find((h) => refersTo(h, call)) ?? call;
      const answerPreflight = preflight === 'unanswered' ? optionsRouteFix(route, handler, ctx) : undefined;
      const policy: CorsPolicy = {
        ...base,
        route: routeOf(route),
        origin: gated(settings.origin, gateFor(route, app)),
        preflight: { value: preflight },
        preflightTriggers: preflight === 'unanswered' ? routeTriggers(route, app, ctx, settings.allowedHeaders.value) : [],
        fixes: answerPreflight ? { ...base.fixes, answerPreflight } : base.fixes,
      };
      out.push(withSharedCredentials(policy, route, app));
    }
  }
  return out;
}

/** An origin gate in front of the middleware narrows who is echoed. */
function gated(origin: CorsPolicy['origin'], gate: OriginCheck | undefined): CorsPolicy['origin'] {
  if (!gate || (gate.op === 'const' && gate.value)) return origin;
  const value = origin.value.map((g): OriginGrant => (g.kind === 'reflect' ? { ...g, when: and(gate, g.when) } : g));
  return { ...origin, value };
}

/** Registrations of each `cors(...)` call: the call itself as a handler, or a const initialised with it. */
function corsMounts(regs: readonly Registration[]): Map<Node, Registration[]> {
  const out = new Map<Node, Registration[]>();
  for (const reg of regs) {
    for (const handler of reg.handlers) {
      const call = corsCallOf(handler);
      if (call) out.set(call, [...(out.get(call) ?? []), reg]);
    }
  }
  return out;
}

function corsCallOf(handler: Node): Node | undefined {
  let h = unwrap(handler);
  if (h.type === T.Identifier) {
    const binding = resolveIdentifier(h);
    if (binding?.kind !== 'variable' || !binding.declarator.init || binding.path.length > 0) return undefined;
    h = unwrap(binding.declarator.init);
  }
  return h.type === T.CallExpression ? h : undefined;
}

function refersTo(handler: Node, call: TSESTree.CallExpression): boolean {
  return corsCallOf(handler) === call;
}

/** `app.options('/x', corsMw)` before `app.put('/x', corsMw, ...)`: the same middleware answers the preflight. */
function optionsRouteFix(route: Registration, handler: Node, ctx: AnalysisContext): Fix | undefined {
  const stmt = enclosingStatement(route.call);
  if (!stmt || !route.pathNode) return undefined;
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const path = textOf(ctx.file, route.pathNode);
  const code = `${route.receiver}.options(${path}, ${textOf(ctx.file, handler)})${semi}`;
  return { title: `Answer the preflight: add ${route.receiver}.options(${path}, ...)`, edits: insertStatementBefore(ctx.file, stmt, code), safe: false };
}

function credentialFixes(settings: CorsSettings, ctx: AnalysisContext): PolicyFixes {
  const restrictOrigins = restrictOptionOrigin(settings, ctx);
  const dropCredentials = dropOptionCredentials(settings);
  return { ...(restrictOrigins ? { restrictOrigins } : {}), ...(dropCredentials ? { dropCredentials } : {}) };
}
