// Values together with the origin checks under which they are chosen: `let opts; if (ok) opts = A; else opts = B`.
// Options delegates and origin callbacks decide per request; the check that picks a branch is what protects it.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { ALWAYS, type OriginCheck } from '../model/origin-check';
import { and, not } from '../model/check-logic';
import { checkOf, checkOfGuards } from './checks';
import { guardsAt, walkFunction } from './flow';
import type { AnalysisContext } from './origin-reads';
import { resolveIdentifier } from './scope';
import { childNodes, enclosingFunction, isFunction, parentOf, unwrap, type FunctionNode, type Node } from './source';
import { evaluate, type Value } from './values';

export interface Guarded {
  readonly value: Value;
  /** The expression the value came from, for grants that need to see the Origin itself. */
  readonly node: Node;
  readonly when: OriginCheck;
}

/** Every value `node` may have, each with the check that selects it. */
export function guardedValues(node: Node, ctx: AnalysisContext, when: OriginCheck = ALWAYS, depth = 0): Guarded[] {
  const n = unwrap(node);
  if (depth < 8 && n.type === T.ConditionalExpression) {
    const test = checkOf(n.test, ctx);
    return [...guardedValues(n.consequent, ctx, and(when, test), depth + 1), ...guardedValues(n.alternate, ctx, and(when, not(test)), depth + 1)];
  }
  if (depth < 8 && n.type === T.Identifier) {
    const binding = resolveIdentifier(n);
    if (binding?.kind === 'variable' && binding.declKind !== 'const' && binding.path.length === 0) {
      const out: Guarded[] = [];
      if (binding.declarator.init) out.push(...guardedValues(binding.declarator.init, ctx, when, depth + 1));
      for (const a of ctx.file.assignments) {
        if (a.operator !== '=' || a.left.type !== T.Identifier || resolveIdentifier(a.left) !== binding) continue;
        const fn = enclosingFunction(a);
        const guards = fn ? checkOfGuards(guardsAt(fn, a), ctx) : ALWAYS;
        out.push(...guardedValues(a.right, ctx, and(when, guards), depth + 1));
      }
      if (out.length > 0) return out;
    }
  }
  return [{ value: evaluate(n, ctx), node: n, when }];
}

/**
 * Calls of a callback parameter inside `fn` (anywhere, nested callbacks included), each with the check on
 * the way to it: `(origin, cb) => { if (ok(origin)) cb(null, true); else cb(new Error()) }`.
 */
export function callbackCalls(fn: FunctionNode, paramIndex: number): { call: TSESTree.CallExpression; guards: ReturnType<typeof guardsAt> }[] | undefined {
  const param = fn.params[paramIndex];
  if (!param || param.type !== T.Identifier) return undefined;
  const binding = resolveIdentifier(param);
  const calls: { call: TSESTree.CallExpression; guards: ReturnType<typeof guardsAt> }[] = [];
  let escapes = false;
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.Identifier && n.name === param.name && n !== param && resolveIdentifier(n) === binding) {
      const parent = parentOf(n);
      if (parent?.type === T.CallExpression && parent.callee === n) calls.push({ call: parent, guards: guardsAt(fn, outermostStatementIn(fn, parent)) });
      // Handed to another function: that function answers, and we cannot see how.
      else escapes = true;
      continue;
    }
    stack.push(...childNodes(n));
  }
  return escapes ? undefined : calls;
}

/** The node to locate in `fn`'s own statements: the call itself, or the nested function containing it. */
function outermostStatementIn(fn: FunctionNode, node: Node): Node {
  let n = node;
  for (let p = parentOf(n); p && p !== fn; p = parentOf(p)) {
    if (isFunction(p)) n = p;
  }
  return n;
}

/** Every `return` of `fn` with the checks that lead to it. */
export function guardedReturns(fn: FunctionNode, ctx: AnalysisContext): Guarded[] {
  if (fn.body.type !== T.BlockStatement) return guardedValues(fn.body, ctx);
  const out: Guarded[] = [];
  walkFunction(fn, (node, guards) => {
    if (node.type === T.ReturnStatement && node.argument) out.push(...guardedValues(node.argument, ctx, checkOfGuards(guards, ctx)));
  });
  return out;
}

