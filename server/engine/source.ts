// A parsed file ready for analysis: parent links and an index of the nodes adapters look for, built in one walk.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { Site } from '../model/span';

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly ast: TSESTree.Program;
  /** Calls and `new` expressions in source order: where every framework API is used. */
  readonly calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
  /** Assignments `x = ...` and `obj.prop = ...`, for `let` bindings and mutated option objects. */
  readonly assignments: readonly TSESTree.AssignmentExpression[];
  /** Exported function declarations and `export const f = ...` (route files, serverless handlers). */
  readonly functions: readonly FunctionNode[];
  /** Classes (NestJS controllers and middleware). */
  readonly classes: readonly (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
  /** Object literals, for response shapes such as `{ statusCode, headers }`. */
  readonly objects: readonly TSESTree.ObjectExpression[];
}

// Type annotations never hold runtime values; skipping them keeps the walk cheap on TypeScript files.
const SKIPPED_KEYS = new Set(['typeAnnotation', 'typeArguments', 'typeParameters', 'returnType', 'superTypeArguments']);

export function indexSource(path: string, text: string, ast: TSESTree.Program): SourceFile {
  const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  const assignments: TSESTree.AssignmentExpression[] = [];
  const functions: FunctionNode[] = [];
  const classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  const objects: TSESTree.ObjectExpression[] = [];
  const stack: Node[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    switch (node.type) {
      case T.CallExpression:
      case T.NewExpression:
        calls.push(node);
        break;
      case T.AssignmentExpression:
        assignments.push(node);
        break;
      case T.FunctionDeclaration:
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        functions.push(node);
        break;
      case T.ClassDeclaration:
      case T.ClassExpression:
        classes.push(node);
        break;
      case T.ObjectExpression:
        objects.push(node);
        break;
    }
    const keys = visitorKeys[node.type] ?? [];
    // Children are pushed in reverse so that pop() visits them in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k] as string;
      if (SKIPPED_KEYS.has(key)) continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) pushChild(stack, child[i], node);
      } else {
        pushChild(stack, child, node);
      }
    }
  }
  return { path, text, ast, calls, assignments, functions, classes, objects };
}

/** The child nodes of `node`, type annotations left out. */
export function childNodes(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of visitorKeys[node.type] ?? []) {
    if (SKIPPED_KEYS.has(key)) continue;
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const c of child) if (c && typeof (c as Node).type === 'string') out.push(c as Node);
    } else if (child && typeof (child as Node).type === 'string') out.push(child as Node);
  }
  return out;
}

function pushChild(stack: Node[], child: unknown, parent: Node): void {
  if (child && typeof (child as Node).type === 'string') {
    (child as { parent: Node }).parent = parent;
    stack.push(child as Node);
  }
}

export function parentOf(node: Node): Node | undefined {
  return (node as { parent?: Node }).parent;
}

export function textOf(file: SourceFile, node: Node): string {
  return file.text.slice(node.range[0], node.range[1]);
}

export function isFunction(node: Node | undefined | null): node is FunctionNode {
  return (
    !!node &&
    (node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression)
  );
}

/** Strips wrappers that do not change a value: parentheses are gone already; `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrap(node: Node): Node {
  let n = node;
  while (
    n.type === T.TSAsExpression ||
    n.type === T.TSNonNullExpression ||
    n.type === T.TSTypeAssertion ||
    n.type === T.TSSatisfiesExpression ||
    n.type === T.ChainExpression ||
    (n.type === T.AwaitExpression && n.argument)
  ) {
    n = n.type === T.ChainExpression ? n.expression : n.type === T.AwaitExpression ? n.argument : n.expression;
  }
  return n;
}

/** The static name of a property key or member (`a.b`, `a['b']`, `{ b: 1 }`, `{ 'b': 1 }`). */
export function propertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  const key = node.type === T.MemberExpression ? node.property : node.key;
  const computed = node.computed;
  if (!computed && key.type === T.Identifier) return key.name;
  if (key.type === T.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === T.TemplateLiteral && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.b.c(...)` -> ['a', 'b', 'c']; undefined when a step is computed from a non-literal. */
export function memberPath(node: Node): string[] | undefined {
  const n = unwrap(node);
  if (n.type === T.Identifier) return [n.name];
  if (n.type === T.ThisExpression) return ['this'];
  if (n.type === T.MemberExpression) {
    const name = propertyName(n);
    const base = memberPath(n.object);
    return name !== undefined && base ? [...base, name] : undefined;
  }
  return undefined;
}

/** The name a call is made through: `cors(...)` -> 'cors', `app.use(...)` -> 'use'. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === T.Identifier) return callee.name;
  if (callee.type === T.MemberExpression) return propertyName(callee);
  return undefined;
}

export function stringLiteral(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.Literal && typeof n.value === 'string') return n.value;
  if (n.type === T.TemplateLiteral && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The enclosing function of a node, if any. */
export function enclosingFunction(node: Node): FunctionNode | undefined {
  for (let p = parentOf(node); p; p = parentOf(p)) if (isFunction(p)) return p;
  return undefined;
}

/**
 * What a chain of accesses and calls starts from: `a` in `a.b(c).d`, `new (a.B)()` and `(0, a.f)()`. A
 * `require('x')` call is a root of its own.
 */
export function chainRoot(node: Node): Node {
  let n = unwrap(node);
  for (;;) {
    if (n.type === T.SequenceExpression) n = unwrap(n.expressions[n.expressions.length - 1] as Node);
    else if (n.type === T.MemberExpression) n = unwrap(n.object);
    else if (n.type === T.NewExpression || (n.type === T.CallExpression && !(n.callee.type === T.Identifier && n.callee.name === 'require'))) n = unwrap(n.callee);
    else return n;
  }
}

/** `require('x')`, `require('x').y`, `require('x')()`, `require('x').default` -> 'x' */
export function requiredSource(node: Node): string | undefined {
  const root = chainRoot(node);
  return root.type === T.CallExpression ? stringLiteral(root.arguments[0]) : undefined;
}

/** Where a node is, as findings and policies record it. */
export function siteOf(node: Node, ctx: { file: { path: string } }): Site {
  return { file: ctx.file.path, span: [node.range[0], node.range[1]] };
}
