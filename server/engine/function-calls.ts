// Following a call into a function defined in the workspace: its parameters bound to the argument values, every
// `return` it has counted.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { applyPattern } from './binding-values';
import { lookup, patternIds, type Binding } from './scope';
import type { FunctionNode, Node } from './source';
import { evaluate, oneOf, UNKNOWN, type EvalContext, type Value, type ValueOf } from './values';

/**
 * The value a workspace function returns for these arguments: parameters are bound to the argument values
 * and every `return` counts. Undefined when the function has no return we can read.
 */
export function returnValue(fn: ValueOf<'function'>, args: readonly TSESTree.CallExpressionArgument[], ctx: EvalContext): Value | undefined {
  return callWithValues(fn, args.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx))), ctx);
}

export function callWithValues(fn: ValueOf<'function'>, args: readonly Value[], ctx: EvalContext): Value | undefined {
  const env = new Map(ctx.env ?? []);
  bindParams(fn.fn, args, env, { ...ctx, file: fn.file });
  const inner: EvalContext = { ...ctx, file: fn.file, env };
  if (fn.fn.body.type !== T.BlockStatement) return evaluate(fn.fn.body, inner);
  const values = returnStatements(fn.fn.body).map((r) => (r.argument ? evaluate(r.argument, inner) : ({ kind: 'undefined' } as Value)));
  return values.length === 0 ? undefined : oneOf(values);
}

/**
 * Binds a function's parameters to argument values: plain names, defaults (`origin = '*'`) and destructuring
 * (`({ origin, credentials = true } = {}) => ...`).
 */
export function bindParams(fn: FunctionNode, args: readonly Value[], env: Map<Binding, Value>, ctx: EvalContext): void {
  const inner: EvalContext = { ...ctx, env };
  fn.params.forEach((param, index) => {
    const target = param.type === T.TSParameterProperty ? param.parameter : param;
    const pattern = target.type === T.AssignmentPattern ? target.left : target;
    let arg = args[index];
    if ((!arg || arg.kind === 'undefined') && target.type === T.AssignmentPattern) arg = evaluate(target.right, inner);
    if (!arg) return;
    for (const [id, path, fallback] of patternIds(pattern, [])) {
      const binding = lookup(id.name, fn.body);
      if (binding?.kind !== 'param') continue;
      env.set(binding, path.length === 0 ? arg : applyPattern(arg, path, fallback, inner));
    }
  });
}

/** `return` statements of a function body, not those of nested functions. */
export function returnStatements(body: TSESTree.BlockStatement): TSESTree.ReturnStatement[] {
  const out: TSESTree.ReturnStatement[] = [];
  const stack: Node[] = [...body.body];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === T.ReturnStatement) out.push(node);
    else if (node.type === T.BlockStatement) stack.push(...node.body);
    else if (node.type === T.IfStatement) stack.push(node.consequent, ...(node.alternate ? [node.alternate] : []));
    else if (node.type === T.TryStatement) stack.push(node.block, ...(node.handler ? [node.handler.body] : []), ...(node.finalizer ? [node.finalizer] : []));
    else if (node.type === T.SwitchStatement) stack.push(...node.cases.flatMap((c) => c.consequent));
    else if (
      node.type === T.ForStatement ||
      node.type === T.ForOfStatement ||
      node.type === T.ForInStatement ||
      node.type === T.WhileStatement ||
      node.type === T.DoWhileStatement ||
      node.type === T.LabeledStatement
    ) stack.push(node.body);
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}
