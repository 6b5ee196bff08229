// Hand-written CORS headers in Express middleware and routes and in node:http servers: which functions write
// them, how they are mounted, whether their preflight is answered, and the fixes in each idiom.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';
import { and } from '../model/check-logic';
import { environmentAt } from '../engine/checks';
import type { AnalysisContext } from '../engine/origin-reads';
import { enclosingFunction, isFunction, propertyName, siteOf, textOf, unwrap, type FunctionNode, type Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { evaluate, isModuleValue } from '../engine/values';
import { enclosingStatement, indentUnit, insertStatementBefore, lineIndent, usesSemicolons } from './edits';
import { gateFor, handlerFunction, routeOf, routePreflight, routeTriggers, withSharedCredentials, type AppFacts } from './express-app';
import type { Registration } from './express-routes';
import { headerWritesIn, isCorsHeader, isHelperCall, mayNameCorsHeader, mayReachCorsHeader, WRITE_METHODS, type HeaderWrite } from './header-writes';
import { handlerSite, manualPolicy } from './manual-policy';
import { answersOptions, dispatchedMethods, headerTriggers, SIMPLE_METHODS } from './requests';

/** Every function here that writes CORS headers by hand, directly or through a helper, as one policy each. */
export function manualPolicies(app: AppFacts, writers: ReadonlySet<FunctionNode>, ctx: AnalysisContext): CorsPolicy[] {
  const mounted = new Map<FunctionNode, Registration>();
  for (const reg of app.regs) {
    for (const h of reg.handlers) {
      const fn = handlerFunction(h, ctx);
      if (fn && fn.file === ctx.file && !mounted.has(fn.fn)) mounted.set(fn.fn, reg);
    }
  }
  const servers = new Set(serverHandlers(ctx));
  const out: CorsPolicy[] = [];
  for (const fn of writers) {
    const reg = mounted.get(fn);
    const gate = gateFor(reg, app);
    const writes = headerWritesIn(fn, ctx).map((w) => ({ ...w, when: and(gate, w.when) }));
    const first = writes.find((w) => w.name === 'access-control-allow-origin');
    if (!first) continue;
    const server = servers.has(fn);
    const preflight = manualPreflight(fn, reg, server, app);
    const unanswered = preflight === 'unanswered';
    // Triggers only matter when nothing answers the preflight; reading them costs a walk of the handler.
    const triggers = !unanswered ? [] : reg ? routeTriggers(reg, app, ctx, undefined) : [...methodTriggers(fn, ctx), ...headerTriggers(fn, ctx)];
    const route = reg && reg.method !== 'use' ? routeOf(reg) : server ? serverRoute(fn) : undefined;
    const policy = manualPolicy({
      ctx,
      framework: server ? 'node:http' : 'express',
      label: 'This handler',
      site: handlerSite(fn, first, ctx),
      writes,
      ...(route ? { route } : {}),
      preflight: { value: preflight },
      triggers,
      varyStatement: (receiver) => (server ? `${receiver}.setHeader('Vary', 'Origin')` : `${receiver}.vary('Origin')`),
      ...(unanswered ? { answerPreflight: manualPreflightFix(fn, writes, reg, server, ctx) } : {}),
    });
    const devOnly = environmentAt(reg?.call ?? fn, ctx) === 'development';
    if (policy) out.push(withSharedCredentials(devOnly ? { ...policy, devOnly } : policy, reg, app));
  }
  return out;
}

function manualPreflight(fn: FunctionNode, reg: Registration | undefined, server: boolean, app: AppFacts): CorsPolicy['preflight']['value'] {
  if (reg?.method === 'use' || reg?.method === 'options' || reg?.method === 'all') return 'answered';
  // On a PUT route the handler never sees OPTIONS, whatever branch it has for it.
  if (reg) return routePreflight(reg, app);
  if (answersOptions(fn)) return 'answered';
  // A bare node:http handler that routes by method sends OPTIONS to its not-found branch.
  if (server) return dispatchedMethods(fn).length > 0 ? 'unanswered' : 'unknown';
  return 'unknown';
}

function serverRoute(fn: FunctionNode): CorsPolicy['route'] | undefined {
  const methods = dispatchedMethods(fn).filter((m) => !SIMPLE_METHODS.has(m) && m !== 'OPTIONS');
  return methods.length > 0 ? { methods } : undefined;
}

function methodTriggers(fn: FunctionNode, ctx: AnalysisContext): PreflightTrigger[] {
  return dispatchedMethods(fn)
    .filter((m) => !SIMPLE_METHODS.has(m) && m !== 'OPTIONS')
    .map((m) => ({ reason: `the handler accepts ${m} requests`, site: siteOf(fn, ctx) }));
}

const SERVER_FACTORIES = ['createServer', 'createSecureServer'];
const HTTP_MODULES = ['http', 'https', 'http2', 'node:http', 'node:https', 'node:http2'];

/** `http.createServer(handler)`, `createServer(options, handler)` (named import), `server.on('request', handler)`. */
function serverHandlers(ctx: AnalysisContext): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression) continue;
    const callee = unwrap(call.callee);
    const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression ? propertyName(callee) : undefined;
    if (!name || (!SERVER_FACTORIES.includes(name) && name !== 'on')) continue;
    const value = name === 'on' ? undefined : evaluate(callee, ctx);
    const isServer = !!value && SERVER_FACTORIES.some((f) => isModuleValue(value, HTTP_MODULES, [f]));
    const first = call.arguments[0];
    const isRequestEvent = name === 'on' && !!first && first.type !== T.SpreadElement && stringOf(evaluate(first, ctx)) === 'request';
    if (!isServer && !isRequestEvent) continue;
    for (const arg of call.arguments) {
      const fn = handlerFunction(arg, ctx);
      if (fn && fn.file === ctx.file) out.push(fn.fn);
    }
  }
  return out;
}

/**
 * Functions that write CORS headers: those with a header write of their own (innermost function), and those
 * calling a workspace helper that does (`setCorsHeaders(res, origin)`, here or imported).
 */
export function corsWriters(ctx: AnalysisContext): Set<FunctionNode> {
  const direct = new Set<FunctionNode>();
  if (!mayReachCorsHeader(ctx)) return direct;
  const helperCalls: TSESTree.CallExpression[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression) continue;
    if (isHelperCall(call, ctx)) helperCalls.push(call);
    if (call.callee.type !== T.MemberExpression || !WRITE_METHODS.has(propertyName(call.callee) ?? '')) continue;
    if (!writesCorsHeader(call, ctx)) continue;
    const fn = enclosingFunction(call);
    if (fn) direct.add(fn);
  }
  const out = new Set(direct);
  for (const call of helperCalls) {
    const caller = enclosingFunction(call);
    if (!caller || out.has(caller)) continue;
    const callee = evaluate(call.callee, ctx);
    if (callee.kind !== 'function') continue;
    const writes = callee.file === ctx.file ? direct.has(callee.fn) : headerWritesIn(callee.fn, { ...ctx, file: callee.file }).length > 0;
    if (writes) out.add(caller);
  }
  return out;
}

// Header names and header objects are written as literals or through names; anything else is not evaluated.
const NAME_LIKE = new Set<string>([T.Literal, T.TemplateLiteral, T.Identifier, T.MemberExpression, T.ObjectExpression]);

function writesCorsHeader(call: TSESTree.CallExpression, ctx: AnalysisContext): boolean {
  for (const arg of [call.arguments[0], call.arguments[call.arguments.length - 1]]) {
    if (!arg || !NAME_LIKE.has(unwrap(arg).type) || !mayNameCorsHeader(arg, ctx)) continue;
    const v = evaluate(arg, ctx);
    if (v.kind === 'string' && isCorsHeader(v.value.toLowerCase())) return true;
    if (v.kind === 'object' && [...v.props.keys()].some((k) => isCorsHeader(k.toLowerCase()))) return true;
  }
  return false;
}

/**
 * Answering OPTIONS with the same headers: in a node:http handler, a 204 right after the last CORS header
 * write; for a named Express middleware on a route, an `app.options(path, middleware, 204)` route beside it.
 */
function manualPreflightFix(fn: FunctionNode, writes: readonly HeaderWrite[], reg: Registration | undefined, server: boolean, ctx: AnalysisContext): Fix | undefined {
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  if (server) {
    const [req, res] = fn.params.map((p) => (p.type === T.Identifier ? p.name : undefined));
    const last = [...writes].reverse().find((w) => w.file === ctx.file && w.name !== 'vary');
    const stmt = last && topLevelStatement(fn, last.at);
    if (!req || !res || !stmt) return undefined;
    const indent = lineIndent(ctx.file, stmt.range[0]);
    const unit = indentUnit(ctx.file);
    const code = `\n${indent}if (${req}.method === 'OPTIONS') {\n${indent}${unit}${res}.writeHead(204)${semi}\n${indent}${unit}${res}.end()${semi}\n${indent}${unit}return${semi}\n${indent}}`;
    return { title: 'Answer the OPTIONS preflight with 204 and these headers', edits: [{ file: ctx.file.path, span: [stmt.range[1], stmt.range[1]], text: code }], safe: false };
  }
  const mw = reg?.handlers.find((h) => unwrap(h).type === T.Identifier && handlerFunction(h, ctx)?.fn === fn);
  const stmt = reg && enclosingStatement(reg.call);
  if (!reg || !mw || !stmt || !reg.pathNode) return undefined;
  const path = textOf(ctx.file, reg.pathNode);
  const code = `${reg.receiver}.options(${path}, ${textOf(ctx.file, mw)}, (req, res) => res.sendStatus(204))${semi}`;
  return { title: `Answer the preflight: add ${reg.receiver}.options(${path}, ...)`, edits: insertStatementBefore(ctx.file, stmt, code), safe: false };
}

/** The statement of `fn`'s own body that contains `node`. */
function topLevelStatement(fn: FunctionNode, node: Node): Node | undefined {
  if (fn.body.type !== T.BlockStatement || !isFunction(fn)) return undefined;
  return fn.body.body.find((s) => s.range[0] <= node.range[0] && node.range[1] <= s.range[1]);
}
