// What value a hand-written Access-Control-Allow-Origin gets: the echoed Origin (and under which check), a
// constant, `*`, or something unknown. Every branch of ternaries, fallbacks, `let` assignments and helpers counts.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { ALWAYS, environmentOf, type OriginCheck } from '../model/origin-check';
import type { OriginGrant } from '../model/policy';
import { and, assumingOrigin, not, onlyWithoutOrigin } from '../model/check-logic';
import { checkOf, checkOfGuards } from './checks';
import { guardsAt, walkFunction } from './flow';
import { isOriginExpr, type AnalysisContext } from './origin-reads';
import { resolveIdentifier, type Binding } from './scope';
import { enclosingFunction, propertyName, siteOf, unwrap, type Node } from './source';
import { bindParams } from './function-calls';
import { alternatives, evaluate, UNKNOWN, withBudget, type Value } from './values';

const MAX_DEPTH = 12;

/** Every way `node` can come out as an Access-Control-Allow-Origin value, given that `when` holds. */
export function grantsOf(node: Node, ctx: AnalysisContext, when: OriginCheck = ALWAYS, depth = 0): OriginGrant[] {
  // One step budget for the whole question, shared with the checks and values it reads (see checkOf).
  if (!ctx.budget) return grantsOf(node, withBudget(ctx), when, depth);
  const n = unwrap(node);
  const site = siteOf(n, ctx);
  if (depth > MAX_DEPTH || --ctx.budget.steps < 0) return [{ kind: 'unknown', site }];
  // A branch never taken, or taken only when no Origin header was sent, never answers a CORS request.
  if ((when.op === 'const' && !when.value) || onlyWithoutOrigin(when)) return [];
  const next = (x: Node, w: OriginCheck, c: AnalysisContext = ctx) => grantsOf(x, c, w, depth + 1);
  if (n.type !== T.LogicalExpression && n.type !== T.ConditionalExpression && isOriginExpr(n, ctx)) return [{ kind: 'reflect', when: assumingOrigin(when), site }];
  switch (n.type) {
    case T.ConditionalExpression: {
      const test = checkOf(n.test, ctx);
      return [...next(n.consequent, and(when, test)), ...next(n.alternate, and(when, not(test)))];
    }
    case T.LogicalExpression: {
      const left = checkOf(n.left, ctx);
      if (n.operator === '&&') return next(n.right, and(when, left));
      return [...next(n.left, and(when, left)), ...next(n.right, and(when, not(left)))];
    }
    case T.TemplateLiteral:
      if (n.expressions.length === 1 && n.quasis.every((q) => q.value.cooked === '')) return next(n.expressions[0] as Node, when);
      break;
    case T.Identifier: {
      const binding = resolveIdentifier(n);
      const fromBinding = binding && bindingGrants(binding, n, ctx, when, depth);
      if (fromBinding) return fromBinding;
      break;
    }
    case T.CallExpression: {
      const fromCall = callGrants(n, ctx, when, depth);
      if (fromCall) return fromCall;
      break;
    }
  }
  const dev = environmentOf(when) === 'development';
  return valueGrants(evaluate(n, ctx), site).map((g) => ({ ...g, ...(g.kind === 'reflect' ? {} : { when }), ...(dev ? { devOnly: true } : {}) }));
}

/** A constant or computed value as grants: `'*'`, an origin string, `''`/false (no header), or unknown. */
export function valueGrants(value: Value, site = value.node && value.file ? siteOf(value.node, { file: value.file }) : undefined): OriginGrant[] {
  return alternatives(value).map((v): OriginGrant => {
    const at = v.node && v.file ? { site: siteOf(v.node, { file: v.file }) } : site ? { site } : {};
    if (v.kind === 'string') {
      if (v.value === '*') return { kind: 'wildcard', ...at };
      if (v.value === '') return { kind: 'none', ...at };
      return { kind: 'fixed', value: v.value, ...at };
    }
    if (v.kind === 'boolean' && !v.value) return { kind: 'none', ...at };
    if (v.kind === 'undefined' || v.kind === 'null') return { kind: 'none', ...at };
    return { kind: 'unknown', ...at };
  });
}

function bindingGrants(binding: Binding, at: TSESTree.Identifier, ctx: AnalysisContext, when: OriginCheck, depth: number): OriginGrant[] | undefined {
  if (binding.kind === 'param') {
    const bound = ctx.env?.get(binding);
    return bound?.node && bound.file ? grantsOf(bound.node, { ...ctx, file: bound.file, env: undefined }, when, depth + 1) : undefined;
  }
  if (binding.kind !== 'variable' || binding.path.length > 0) return undefined;
  const assigned: { node: Node; guards: OriginCheck }[] = [];
  if (binding.declKind !== 'const') {
    // `let allowed = ''; if (ALLOWED.has(origin)) allowed = origin;`: each assignment under its own path.
    for (const a of ctx.file.assignments) {
      if (a.operator !== '=' || a.left.type !== T.Identifier || a.left.name !== at.name || resolveIdentifier(a.left) !== binding) continue;
      const fn = enclosingFunction(a);
      assigned.push({ node: a.right, guards: fn ? checkOfGuards(guardsAt(fn, a), ctx) : ALWAYS });
    }
  }
  // The initial value survives only where no assignment ran.
  const initial = binding.declarator.init ? [{ node: binding.declarator.init as Node, guards: and(...assigned.map((a) => not(a.guards))) }] : [];
  const sources = [...initial, ...assigned];
  if (sources.length === 0) return undefined;
  return sources.flatMap((s) => grantsOf(s.node, ctx, and(when, s.guards), depth + 1));
}

/** `pickOrigin(req)`: every return of a workspace helper; `ALLOWED.find(...)`: an element of the list. */
function callGrants(n: TSESTree.CallExpression, ctx: AnalysisContext, when: OriginCheck, depth: number): OriginGrant[] | undefined {
  const callee = unwrap(n.callee);
  if (callee.type === T.MemberExpression && propertyName(callee) === 'find') {
    const list = evaluate(callee.object, ctx);
    const predicate = n.arguments[0];
    if (list.kind !== 'array' || list.open || !predicate || predicate.type === T.SpreadElement) return undefined;
    // The answer is one of the listed entries: a constant per entry, different from request to request.
    return list.elements.flatMap((el) => valueGrants(el));
  }
  const fn = evaluate(callee, ctx);
  if (fn.kind !== 'function') return undefined;
  const env = new Map<Binding, Value>(ctx.env ?? []);
  bindParams(fn.fn, n.arguments.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx))), env, { ...ctx, file: fn.file });
  const inner: AnalysisContext = { ...ctx, file: fn.file, env };
  if (fn.fn.body.type !== T.BlockStatement) return grantsOf(fn.fn.body, inner, when, depth + 1);
  const grants: OriginGrant[] = [];
  walkFunction(fn.fn, (node, guards) => {
    if (node.type === T.ReturnStatement && node.argument) {
      grants.push(...grantsOf(node.argument, inner, and(when, checkOfGuards(guards, inner)), depth + 1));
    }
  });
  return grants.length > 0 ? grants : undefined;
}

/** Credentials from a configured value: `true`, `'true'`, or any branch that may be either. */
export function credentialsOf(value: Value): boolean | 'unknown' {
  let sawUnknown = false;
  for (const v of alternatives(value)) {
    if ((v.kind === 'boolean' && v.value) || (v.kind === 'string' && v.value.trim().toLowerCase() === 'true')) return true;
    if (v.kind === 'unknown' || v.kind === 'env') sawUnknown = true;
  }
  return sawUnknown ? 'unknown' : false;
}
