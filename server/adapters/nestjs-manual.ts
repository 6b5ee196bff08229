// CORS headers NestJS code writes itself: `@Header('Access-Control-Allow-Origin', ...)` on controller handlers,
// `res.header(...)` inside handlers (`@Res()`), and Nest middleware classes (`use(req, res, next)`). Nest answers
// no OPTIONS request by itself: its not-found handler 404s every method no route declares.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Edit } from '../model/fix';
import { ALWAYS } from '../model/origin-check';
import type { CorsPolicy } from '../model/policy';
import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode, Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { evaluate, isModuleValue } from '../engine/values';
import { pathCoverage } from './express-routes';
import { headerWritesIn, isCorsHeader, type HeaderWrite } from './header-writes';
import { handlerSite, manualPolicy } from './manual-policy';
import { controllerPrefix, isMiddlewareClass, methodsOf, routesOf, type NestRoute } from './nestjs-classes';
import { optionsBranchFix } from './options-branch';
import { removeCredentialWrites } from './policy-fixes';
import { answersOptions, headerTriggers } from './requests';

type Method = TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression };

export function nestManualPolicies(ctx: AnalysisContext): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  for (const cls of ctx.file.classes) {
    const prefix = controllerPrefix(cls, ctx);
    if (prefix !== undefined) out.push(...controllerPolicies(cls, prefix, ctx));
    else if (isMiddlewareClass(cls, ctx)) {
      const use = methodsOf(cls).find((m) => m.key.type === T.Identifier && m.key.name === 'use');
      const policy = use && middlewarePolicy(use, ctx);
      if (policy) out.push(policy);
    }
  }
  return out;
}

function controllerPolicies(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, prefix: string, ctx: AnalysisContext): CorsPolicy[] {
  const handlers = methodsOf(cls).map((m) => ({ method: m, routes: routesOf(m, prefix, ctx) })).filter((h) => h.routes.length > 0);
  // An @Options() or @All() handler answers the preflight for the paths it covers (with whatever it writes).
  const answerers = handlers.flatMap((h) => h.routes.filter((r) => r.method === 'OPTIONS' || r.method === 'ALL'));
  const out: CorsPolicy[] = [];
  for (const { method, routes } of handlers) {
    const decorators = headerDecorators(method, ctx);
    const body = headerWritesIn(method.value, ctx);
    const writes = [...decorators.map((d) => d.write), ...body];
    const first = body.find((w) => w.name === 'access-control-allow-origin') ?? writes.find((w) => w.name === 'access-control-allow-origin');
    if (!first) continue;
    const route = routes[0] as NestRoute;
    const covered = routes.every((r) => answerers.some((a) => a === r || pathCoverage(a.path, false)(r.path)));
    const policy = manualPolicy({
      ctx,
      framework: 'NestJS',
      label: 'This route handler',
      site: handlerSite(method.value, first, ctx),
      writes,
      route: { methods: [...new Set(routes.map((r) => r.method))], path: route.path },
      // Unless an @Options() handler covers it, the preflight depends on enableCors() elsewhere (usually main.ts).
      preflight: { value: covered ? 'answered' : 'unknown' },
      triggers: [],
      varyStatement: nestVary,
    });
    if (policy) out.push(withDecoratorCredentialFix(policy, decorators, body, ctx));
  }
  return out;
}

/**
 * A middleware class applied with `consumer.apply(...)`: it runs for OPTIONS too, but unless it ends the
 * request there, the preflight goes on to Nest's router and comes back 404.
 */
function middlewarePolicy(use: Method, ctx: AnalysisContext): CorsPolicy | undefined {
  const fn: FunctionNode = use.value;
  const writes = headerWritesIn(fn, ctx);
  const first = writes.find((w) => w.name === 'access-control-allow-origin');
  if (!first) return undefined;
  const answered = answersOptions(fn);
  const answerPreflight = answered ? undefined : optionsBranchFix(fn, writes, ctx, (_req, res) => [`${res}.writeHead(204)`, `${res}.end()`, 'return']);
  return manualPolicy({
    ctx,
    framework: 'NestJS',
    label: 'This middleware',
    site: handlerSite(fn, first, ctx),
    writes,
    preflight: { value: answered ? 'answered' : 'unanswered' },
    triggers: answered ? [] : headerTriggers(fn, ctx),
    varyStatement: nestVary,
    ...(answerPreflight ? { answerPreflight } : {}),
  });
}

/** Express responses append with `res.vary`; FastifyReply and Express share `header`; raw responses `setHeader`. */
function nestVary(receiver: string, method: string): string {
  if (method === 'set' || method === 'vary') return `${receiver}.vary('Origin')`;
  if (method === 'header' || method === 'headers') return `${receiver}.header('Vary', 'Origin')`;
  return `${receiver}.setHeader('Vary', 'Origin')`;
}

interface DecoratorWrite {
  readonly decorator: TSESTree.Decorator;
  readonly write: HeaderWrite;
}

/** `@Header(name, value)` from @nestjs/common: set on every response of the handler, before it runs. */
function headerDecorators(method: Method, ctx: AnalysisContext): DecoratorWrite[] {
  const out: DecoratorWrite[] = [];
  for (const decorator of method.decorators ?? []) {
    const call = decorator.expression;
    if (call.type !== T.CallExpression || call.arguments.length < 2) continue;
    if (!isModuleValue(evaluate(call.callee, ctx), '@nestjs/common', ['Header'])) continue;
    const name = stringOf(evaluate(call.arguments[0] as Node, ctx))?.toLowerCase();
    if (!name || !isCorsHeader(name)) continue;
    const write: HeaderWrite = { name, value: call.arguments[1] as Node, file: ctx.file, mode: 'set', at: call, when: ALWAYS, guards: [], style: { kind: 'call', receiver: '', method: '' }, ctx };
    out.push({ decorator, write });
  }
  return out;
}

/** Dropping credentials set by `@Header('Access-Control-Allow-Credentials', 'true')` removes the decorator. */
function withDecoratorCredentialFix(policy: CorsPolicy, decorators: readonly DecoratorWrite[], body: readonly HeaderWrite[], ctx: AnalysisContext): CorsPolicy {
  const credentialDecorators = decorators.filter((d) => d.write.name === 'access-control-allow-credentials');
  if (policy.credentials.value !== true || credentialDecorators.length === 0) return policy;
  const fromBody = body.some((w) => w.name === 'access-control-allow-credentials') ? removeCredentialWrites(body, ctx) : undefined;
  if (fromBody === undefined && body.some((w) => w.name === 'access-control-allow-credentials')) return policy;
  const edits: Edit[] = [...(fromBody?.edits ?? []), ...credentialDecorators.map((d) => removeLine(d.decorator, ctx))];
  return { ...policy, fixes: { ...policy.fixes, dropCredentials: { title: 'Stop allowing credentials', edits, safe: false } } };
}

/** The decorator with its line when it is alone on it. */
function removeLine(node: Node, ctx: AnalysisContext): Edit {
  const text = ctx.file.text;
  const [start, end] = node.range;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const alone = text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd === -1 ? undefined : lineEnd).trim() === '';
  return alone ? { file: ctx.file.path, span: [lineStart, lineEnd === -1 ? text.length : lineEnd + 1], text: '' } : { file: ctx.file.path, span: [start, end], text: '' };
}
