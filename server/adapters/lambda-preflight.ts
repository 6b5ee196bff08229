// Whether a Lambda handler's preflight is answered, from the deploy config in front of it and its own code:
// API Gateway answers OPTIONS itself when CORS is configured for the route; a single-method route without CORS
// answers it with 403/404 and no CORS headers; a route taking any method hands OPTIONS to the function.
import { T } from '../engine/ast-types';
import * as path from 'node:path';
import type { Fix } from '../model/fix';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import { childNodes, propertyName, siteOf, type FunctionNode, type Node } from '../engine/source';
import type { PlatformRoute } from './platform-data';
import { platformVerdict, routeAnswer } from './platform-config';
import { dispatchedMethods, headerTriggers, SIMPLE_METHODS } from './requests';

export interface LambdaPreflight {
  readonly value: CorsPolicy['preflight']['value'];
  readonly route?: CorsPolicy['route'];
  /** Why browsers preflight; computed only when nothing answers. */
  readonly triggers: readonly PreflightTrigger[];
  /** The config edit that makes the platform answer, when one is safe to write. */
  readonly fix?: Fix;
  /** The OPTIONS request reaches the function itself (a route taking any method), and nothing in it answers. */
  readonly reachesCode: boolean;
  /** The API the handler sits behind, when the config says (for the event shape an OPTIONS branch reads). */
  readonly api?: PlatformRoute['api'];
}

/**
 * `handlesOptions`: the function answers an OPTIONS request that reaches it (an OPTIONS branch, or middleware that
 * answers it). `code`: the function whose method dispatch and request reads say what the browser sends.
 */
export function lambdaPreflight(ctx: AnalysisContext, exportName: string | undefined, handlesOptions: boolean, code: FunctionNode | undefined): LambdaPreflight {
  const verdict = platformVerdict(ctx, ctx.file.path, exportName);
  // Without a config naming the handler, API Gateway may be set up anywhere (console, CDK, Terraform).
  if (verdict.kind !== 'routes') return { value: handlesOptions ? 'answered' : 'unknown', triggers: [], reachesCode: false };
  const dispatches = code ? dispatchedMethods(code).filter((m) => m !== 'OPTIONS') : [];
  const judged = verdict.routes.map((route) => {
    const answer = routeAnswer(route, verdict.config);
    if (answer !== 'lambda') return { route, answer };
    // OPTIONS reaches the function: its OPTIONS branch answers, a method dispatch sends it to the fallback.
    return { route, answer: handlesOptions ? 'platform' : dispatches.length > 0 ? 'unanswered-code' : 'unknown' };
  });
  const api = verdict.routes[0]?.api;
  const base = { reachesCode: false, ...(api ? { api } : {}) };
  if (judged.length === 0) return { ...base, value: 'unknown', triggers: [] };
  const failing = judged.find((j) => j.answer === 'unanswered' || j.answer === 'unanswered-code');
  if (!failing) return { ...base, value: judged.every((j) => j.answer === 'platform') ? 'answered' : 'unknown', triggers: [] };
  const { route } = failing;
  const methods = route.method && route.method !== '*' ? [route.method] : dispatches.filter((m) => !SIMPLE_METHODS.has(m));
  const edits = judged.flatMap((j) => (j.answer === 'unanswered' && j.route.enableCors ? [j.route.enableCors] : []));
  const allFixed = judged.filter((j) => j.answer === 'unanswered').length === edits.length && edits.length > 0;
  return {
    ...base,
    value: 'unanswered',
    ...(methods.length > 0 ? { route: { methods, ...(route.path ? { path: route.path } : {}) } } : {}),
    triggers: triggers(route, dispatches, code, ctx),
    ...(allFixed && !judged.some((j) => j.answer === 'unanswered-code') ? { fix: corsFix(edits, route.where) } : {}),
    reachesCode: failing.answer === 'unanswered-code',
  };
}

function triggers(route: PlatformRoute, dispatches: readonly string[], code: FunctionNode | undefined, ctx: AnalysisContext): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  if (route.method && route.method !== '*' && !SIMPLE_METHODS.has(route.method)) out.push({ reason: `${route.where} routes ${route.method} requests to this handler` });
  for (const m of dispatches) {
    if (!SIMPLE_METHODS.has(m) && m !== route.method && code) out.push({ reason: `the handler accepts ${m} requests`, site: siteOf(code, ctx) });
  }
  if (!code) return out;
  out.push(...headerTriggers(code, ctx));
  const json = jsonBodyRead(code);
  if (json) out.push({ reason: 'the handler parses a JSON request body', site: siteOf(json, ctx) });
  return out;
}

/** `JSON.parse(event.body)`: clients send it with Content-Type: application/json, which browsers preflight. */
function jsonBodyRead(root: Node): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.CallExpression && n.callee.type === T.MemberExpression && propertyName(n.callee) === 'parse') {
      const object = n.callee.object;
      const arg = n.arguments[0];
      if (object.type === T.Identifier && object.name === 'JSON' && arg && arg.type === T.MemberExpression && propertyName(arg) === 'body') return n;
    }
    stack.push(...childNodes(n));
  }
  return undefined;
}

function corsFix(edits: NonNullable<PlatformRoute['enableCors']>[], where: string): Fix {
  return { title: `Let API Gateway answer the preflight: add cors: true to the http event in ${path.basename(where)}`, edits, safe: false };
}
