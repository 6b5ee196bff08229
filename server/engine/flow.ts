// Path conditions inside a function body: which `if` tests (and early returns) must hold for a statement to run.
// This is what separates `if (ALLOWED.has(origin)) res.setHeader(ACAO, origin)` from unconditional reflection.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { enclosingFunction, parentOf, type FunctionNode, type Node } from './source';

/** `test` was truthy (holds) or falsy (!holds) on the way here. A guard with no test is a loop or catch. */
export interface Guard {
  readonly test?: Node;
  readonly holds: boolean;
}

export type Visit = (node: Node, guards: readonly Guard[]) => void;

const OPAQUE: Guard = { holds: true };

/** Calls `visit` for every statement-level expression of the function, with the guards that lead to it. */
export function walkFunction(fn: FunctionNode, visit: Visit): void {
  if (fn.body.type === T.BlockStatement) walkStatements(fn.body.body, [], visit);
  else walkExpression(fn.body, [], visit);
}

interface StepResult {
  /** Always exits (return or throw) before its end. */
  readonly exits: boolean;
  /** The guards for the statements after it (an early return adds the negation of its test). */
  readonly guards: readonly Guard[];
}

/** Walks statements in order, with the guards each one runs under. */
export function walkStatements(body: readonly Node[], guards: readonly Guard[], visit: Visit): StepResult {
  let current = guards;
  for (const stmt of body) {
    const result = walkStatement(stmt, current, visit);
    if (result.exits) return result;
    current = result.guards;
  }
  return { exits: false, guards: current };
}

function walkStatement(stmt: Node, guards: readonly Guard[], visit: Visit): StepResult {
  switch (stmt.type) {
    case T.BlockStatement:
      return walkStatements(stmt.body, guards, visit);
    case T.IfStatement: {
      const then = walkStatements([stmt.consequent], [...guards, { test: stmt.test, holds: true }], visit);
      const otherwise = [...guards, { test: stmt.test, holds: false }];
      const alternate = stmt.alternate ? walkStatements([stmt.alternate], otherwise, visit) : { exits: false, guards: otherwise };
      if (then.exits && alternate.exits) return { exits: true, guards };
      // Code after `if (a) return; else if (b) return;` runs only when neither test held.
      if (then.exits) return alternate;
      if (alternate.exits) return then;
      return { exits: false, guards };
    }
    case T.ReturnStatement:
      if (stmt.argument) walkExpression(stmt.argument, guards, visit);
      visit(stmt, guards);
      return { exits: true, guards };
    case T.ThrowStatement:
      visit(stmt, guards);
      return { exits: true, guards };
    case T.ExpressionStatement:
      walkExpression(stmt.expression, guards, visit);
      return { exits: false, guards };
    case T.VariableDeclaration:
      for (const d of stmt.declarations) if (d.init) walkExpression(d.init, guards, visit);
      return { exits: false, guards };
    case T.TryStatement: {
      const block = walkStatements(stmt.block.body, guards, visit);
      if (stmt.handler) walkStatements(stmt.handler.body.body, [...guards, OPAQUE], visit);
      if (stmt.finalizer) walkStatements(stmt.finalizer.body, guards, visit);
      return { exits: block.exits && !stmt.handler, guards };
    }
    case T.SwitchStatement:
      for (const c of stmt.cases) walkStatements(c.consequent, [...guards, { test: c, holds: true }], visit);
      return { exits: false, guards };
    case T.ForStatement:
    case T.ForInStatement:
    case T.ForOfStatement:
    case T.WhileStatement:
    case T.DoWhileStatement:
      walkStatements([stmt.body], [...guards, OPAQUE], visit);
      return { exits: false, guards };
    case T.LabeledStatement:
      return walkStatement(stmt.body, guards, visit);
    default:
      visit(stmt, guards);
      return { exits: false, guards };
  }
}

/** `cond && res.setHeader(...)`, `cond ? a() : b()` and `await x` at statement level add their own guards. */
function walkExpression(expr: Node, guards: readonly Guard[], visit: Visit): void {
  if (expr.type === T.LogicalExpression && expr.operator !== '??') {
    walkExpression(expr.left, guards, visit);
    walkExpression(expr.right, [...guards, { test: expr.left, holds: expr.operator === '&&' }], visit);
    return;
  }
  if (expr.type === T.ConditionalExpression) {
    walkExpression(expr.consequent, [...guards, { test: expr.test, holds: true }], visit);
    walkExpression(expr.alternate, [...guards, { test: expr.test, holds: false }], visit);
    return;
  }
  if (expr.type === T.SequenceExpression) {
    for (const e of expr.expressions) walkExpression(e, guards, visit);
    return;
  }
  visit(expr, guards);
}

/** The guards under which `target` runs inside `fn` (empty when it always runs or cannot be found). */
export function guardsAt(fn: FunctionNode, target: Node): readonly Guard[] {
  let found: readonly Guard[] | undefined;
  walkFunction(fn, (node, guards) => {
    if (found === undefined && contains(node, target)) found = guards;
  });
  return found ?? [];
}

/**
 * The guards around `target` at every level: inside its function, around that function where it is defined,
 * and so on up to the module's top level (`if (process.env.NODE_ENV !== 'production') app.use(cors(...))`).
 */
export function guardsAround(program: TSESTree.Program, target: Node): readonly Guard[] {
  const out: Guard[] = [];
  let node = target;
  for (let depth = 0; depth < 8; depth++) {
    const fn = enclosingFunction(node);
    if (!fn) break;
    out.push(...guardsAt(fn, node));
    node = fn;
  }
  let found: readonly Guard[] | undefined;
  walkStatements(program.body, [], (n, guards) => {
    if (found === undefined && contains(n, node)) found = guards;
  });
  return [...out, ...(found ?? [])];
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The statement-level ancestor of a node inside a function body, for ordering writes. */
export function statementOf(node: Node): Node {
  let n = node;
  for (let p = parentOf(n); p && p.type !== T.BlockStatement && p.type !== T.Program; p = parentOf(p)) n = p;
  return n;
}

export type SwitchCase = TSESTree.SwitchCase;
