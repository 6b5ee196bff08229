// Hand-written CORS headers in Koa and Hono middleware and routes: one policy per function that writes them,
// judged by where it is mounted (Koa and Hono answer no OPTIONS by themselves), with fixes in the app's idiom.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy } from '../model/policy';

import { contains } from '../engine/flow';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier } from '../engine/scope';
import { childNodes, parentOf, siteOf, unwrap, type FunctionNode, type Node } from '../engine/source';
import { judgeBehind, optionsRouteFix, routePreflight, routeTriggers, type AppFacts, type Family, type Judged } from './app-preflight';
import type { Mount } from './app-table';
import { indentUnit, lineIndent, usesSemicolons } from './edits';
import { corsWriters } from './express-manual';
import { headerWritesIn, type HeaderWrite } from './header-writes';
import { manualPolicy } from './manual-policy';
import { answersOptions } from './requests';

export interface Idiom {
  readonly framework: string;
  /** Whether a writer function mounted nowhere in this file is this framework's (`(ctx, next)` writing `ctx.set`). */
  owns(fn: FunctionNode, writes: readonly HeaderWrite[]): boolean;
  varyStatement(receiver: string, method: string): string;
  /** An `if` statement ending OPTIONS requests with 204, given the handler's first parameter. */
  optionsBranch(param: string, indent: string, unit: string, semi: string): string;
  /** A handler answering 204, for an OPTIONS route behind a named CORS middleware. */
  noContent(semi: string): string;
}

export function writerPolicies(facts: AppFacts, family: Family, idiom: Idiom, ctx: AnalysisContext): CorsPolicy[] {
  const mountOf = new Map<FunctionNode, Mount>();
  for (const m of facts.mounts) {
    for (const h of m.handlers) {
      const fn = family.handler(h, ctx);
      if (fn && fn.file === ctx.file && !mountOf.has(fn.fn)) mountOf.set(fn.fn, m);
    }
  }
  const out: CorsPolicy[] = [];
  for (const fn of corsWriters(ctx)) {
    const writes = headerWritesIn(fn, ctx);
    const first = writes.find((w) => w.name === 'access-control-allow-origin');
    const mount = mountOf.get(fn);
    if (!first || (!mount && !idiom.owns(fn, writes))) continue;
    const judged = judge(fn, writes, mount, facts, family, idiom, ctx);
    const route = judged.route ?? (mount?.kind === 'route' ? mount : undefined);
    const policy = manualPolicy({
      ctx,
      framework: idiom.framework,
      label: mount?.kind === 'use' ? 'This middleware' : 'This handler',
      site: siteOf(first.at, ctx),
      writes,
      ...(route ? { route: { methods: route.methods, ...(route.path !== undefined ? { path: route.path } : {}) } } : {}),
      preflight: { value: judged.value },
      triggers: judged.triggers,
      varyStatement: idiom.varyStatement,
      ...(judged.fix ? { answerPreflight: judged.fix } : {}),
    });
    if (policy) out.push(policy);
  }
  return out;
}

function judge(fn: FunctionNode, writes: readonly HeaderWrite[], mount: Mount | undefined, facts: AppFacts, family: Family, idiom: Idiom, ctx: AnalysisContext): Judged & { fix?: Fix } {
  if (!mount) return { value: answersOptions(fn) ? 'answered' : 'unknown', triggers: [] };
  if (mount.kind === 'route') {
    const value = routePreflight(mount, facts);
    if (value !== 'unanswered') return { value, triggers: [] };
    const fix = namedMiddlewareFix(fn, mount, idiom, ctx);
    return { value, route: mount, triggers: routeTriggers(mount, family, ctx), ...(fix ? { fix } : {}) };
  }
  // koa-router's `router.use` never sees OPTIONS (no route matches it), so an OPTIONS branch there answers nothing.
  if (mount.seesOptions && answersOptions(fn)) return { value: 'answered', triggers: [] };
  const judged = judgeBehind(mount, facts, (r) => routeTriggers(r, family, ctx));
  const fix = judged.value === 'unanswered' && mount.seesOptions ? branchFix(fn, writes, idiom, ctx) : undefined;
  return fix ? { ...judged, fix } : judged;
}

/** `router.options('/x', corsHeaders, (ctx) => ...)` for a named middleware that passes requests on. */
function namedMiddlewareFix(fn: FunctionNode, mount: Mount, idiom: Idiom, ctx: AnalysisContext): Fix | undefined {
  const named = mount.handlers.find((h) => unwrap(h).type === T.Identifier && mount.handlers.indexOf(h) < mount.handlers.length - 1 && resolvesTo(h, fn));
  if (!named || !callsNext(fn)) return undefined;
  return optionsRouteFix(mount, `${(unwrap(named) as { name: string }).name}, ${idiom.noContent(usesSemicolons(ctx.file) ? ';' : '')}`, ctx);
}

function resolvesTo(handler: Node, fn: FunctionNode): boolean {
  const binding = resolveIdentifier(unwrap(handler) as Parameters<typeof resolveIdentifier>[0]);
  if (binding?.kind === 'function') return binding.node === fn;
  return binding?.kind === 'variable' && !!binding.declarator.init && unwrap(binding.declarator.init) === fn;
}

/** Whether `fn` calls its second parameter (`next`) somewhere. */
function callsNext(fn: FunctionNode, before?: Node): boolean {
  const next = fn.params[1];
  if (next?.type !== T.Identifier) return false;
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (before && n.range[0] >= before.range[1]) continue;
    if (n.type === T.CallExpression && n.callee.type === T.Identifier && n.callee.name === next.name) return true;
    stack.push(...childNodes(n));
  }
  return false;
}

/** An OPTIONS branch right after the last CORS header write, while the request has not been passed on yet. */
function branchFix(fn: FunctionNode, writes: readonly HeaderWrite[], idiom: Idiom, ctx: AnalysisContext): Fix | undefined {
  const param = fn.params[0];
  const last = [...writes].reverse().find((w) => w.file === ctx.file && w.name !== 'vary');
  if (param?.type !== T.Identifier || fn.body.type !== T.BlockStatement || !last) return undefined;
  const stmt = fn.body.body.find((s) => contains(s, last.at));
  // After `await next()` the route has answered already: a branch there comes too late.
  if (!stmt || callsNext(fn, stmt) || parentOf(stmt) !== fn.body) return undefined;
  const indent = lineIndent(ctx.file, stmt.range[0]);
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const text = `\n${indent}${idiom.optionsBranch(param.name, indent, indentUnit(ctx.file), semi)}`;
  return { title: 'Answer the OPTIONS preflight with 204 and these headers', edits: [{ file: ctx.file.path, span: [stmt.range[1], stmt.range[1]], text }], safe: false };
}
