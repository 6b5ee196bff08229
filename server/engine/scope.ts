// Name resolution: which declaration an identifier refers to. Lazy and per scope, so a file pays only for the
// names an adapter actually asks about (a full scope analysis would cost as much as the parse).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { isFunction, parentOf, type FunctionNode, type Node } from './source';

/** One step into a destructuring pattern: a property name, an array index, or the rest of an object/array. */
export type PatternStep = { readonly key: string } | { readonly index: number } | { readonly rest: true };

export type Binding =
  | {
      readonly kind: 'variable';
      readonly declKind: 'const' | 'let' | 'var' | 'using' | 'await using';
      readonly declarator: TSESTree.VariableDeclarator;
      readonly id: TSESTree.Identifier;
      readonly path: readonly PatternStep[];
      /** `const { origin = '*' } = ...`: the default that applies when the destructured value is undefined. */
      readonly fallback?: TSESTree.Expression;
    }
  | {
      readonly kind: 'param';
      readonly fn: FunctionNode;
      readonly index: number;
      readonly id: TSESTree.Identifier;
      readonly path: readonly PatternStep[];
      readonly fallback?: TSESTree.Expression;
    }
  | { readonly kind: 'function'; readonly node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression; readonly id: TSESTree.Identifier }
  | { readonly kind: 'class'; readonly node: TSESTree.ClassDeclaration | TSESTree.ClassExpression; readonly id: TSESTree.Identifier }
  | { readonly kind: 'import'; readonly source: string; readonly imported: string | 'default' | '*'; readonly id: TSESTree.Identifier }
  | { readonly kind: 'for-of'; readonly iterable: TSESTree.Expression; readonly id: TSESTree.Identifier; readonly path: readonly PatternStep[] }
  | { readonly kind: 'other'; readonly id: TSESTree.Identifier };

type Declarations = Map<string, Binding>;
const scopes = new WeakMap<Node, Declarations>();

/** The binding `name` refers to at `from`, or undefined for globals and unknown names. */
export function lookup(name: string, from: Node): Binding | undefined {
  for (let node: Node | undefined = from; node; node = parentOf(node)) {
    if (!createsScope(node)) continue;
    const binding = declarationsOf(node).get(name);
    if (binding) return binding;
  }
  return undefined;
}

const resolved = new WeakMap<TSESTree.Identifier, Binding | null>();

export function resolveIdentifier(id: TSESTree.Identifier): Binding | undefined {
  let binding = resolved.get(id);
  if (binding === undefined) {
    binding = lookup(id.name, id) ?? null;
    resolved.set(id, binding);
  }
  return binding ?? undefined;
}

/** Whether `id`'s name is declared at the top of its file (imports, requires): a cheap test before resolving. */
export function isModuleScopeName(id: TSESTree.Identifier): boolean {
  let root: Node = id;
  for (let p = parentOf(root); p; p = parentOf(p)) root = p;
  return declarationsOf(root).has(id.name);
}

function createsScope(node: Node): boolean {
  switch (node.type) {
    case T.Program:
    case T.BlockStatement:
    case T.StaticBlock:
    case T.SwitchStatement:
    case T.ForStatement:
    case T.ForInStatement:
    case T.ForOfStatement:
    case T.CatchClause:
    case T.FunctionDeclaration:
    case T.FunctionExpression:
    case T.ArrowFunctionExpression:
    case T.ClassExpression:
      return true;
    default:
      return false;
  }
}

function declarationsOf(scope: Node): Declarations {
  let decls = scopes.get(scope);
  if (!decls) {
    decls = new Map();
    collectDeclarations(scope, decls);
    scopes.set(scope, decls);
  }
  return decls;
}

function collectDeclarations(scope: Node, out: Declarations): void {
  switch (scope.type) {
    case T.Program:
      statements(scope.body, out);
      hoistVars(scope.body, out);
      return;
    case T.BlockStatement:
    case T.StaticBlock:
      statements(scope.body, out);
      return;
    case T.SwitchStatement:
      for (const c of scope.cases) statements(c.consequent, out);
      return;
    case T.ForStatement:
      if (scope.init?.type === T.VariableDeclaration) variableDeclaration(scope.init, out);
      return;
    case T.ForInStatement:
    case T.ForOfStatement:
      if (scope.left.type === T.VariableDeclaration) {
        const declarator = scope.left.declarations[0];
        if (!declarator) return;
        if (scope.type === T.ForOfStatement) {
          for (const [id, path] of patternIds(declarator.id, [])) out.set(id.name, { kind: 'for-of', iterable: scope.right, id, path });
        } else {
          for (const [id] of patternIds(declarator.id, [])) out.set(id.name, { kind: 'other', id });
        }
      }
      return;
    case T.CatchClause:
      if (scope.param) for (const [id] of patternIds(scope.param, [])) out.set(id.name, { kind: 'other', id });
      return;
    case T.ClassExpression:
      if (scope.id) out.set(scope.id.name, { kind: 'class', node: scope, id: scope.id });
      return;
    default:
      if (isFunction(scope)) functionScope(scope, out);
  }
}

function functionScope(fn: FunctionNode, out: Declarations): void {
  if (fn.type === T.FunctionExpression && fn.id) out.set(fn.id.name, { kind: 'function', node: fn, id: fn.id });
  fn.params.forEach((param, index) => {
    const target = param.type === T.TSParameterProperty ? param.parameter : param;
    for (const [id, path, fallback] of patternIds(target, [])) out.set(id.name, { kind: 'param', fn, index, id, path, fallback });
  });
  if (fn.body.type === T.BlockStatement) hoistVars(fn.body.body, out);
}

function statements(body: readonly TSESTree.Node[], out: Declarations): void {
  for (const raw of body) {
    let stmt: Node = raw;
    if ((stmt.type === T.ExportNamedDeclaration || stmt.type === T.ExportDefaultDeclaration) && stmt.declaration) {
      stmt = stmt.declaration;
    }
    switch (stmt.type) {
      case T.VariableDeclaration:
        if (stmt.kind !== 'var') variableDeclaration(stmt, out);
        break;
      case T.FunctionDeclaration:
        if (stmt.id) out.set(stmt.id.name, { kind: 'function', node: stmt, id: stmt.id });
        break;
      case T.ClassDeclaration:
        if (stmt.id) out.set(stmt.id.name, { kind: 'class', node: stmt, id: stmt.id });
        break;
      case T.ImportDeclaration:
        importDeclaration(stmt, out);
        break;
      case T.TSImportEqualsDeclaration:
        if (stmt.moduleReference.type === T.TSExternalModuleReference && stmt.moduleReference.expression.type === T.Literal) {
          const source = String(stmt.moduleReference.expression.value);
          out.set(stmt.id.name, { kind: 'import', source, imported: '*', id: stmt.id });
        }
        break;
    }
  }
}

function importDeclaration(stmt: TSESTree.ImportDeclaration, out: Declarations): void {
  const source = stmt.source.value;
  for (const spec of stmt.specifiers) {
    if (spec.type === T.ImportDefaultSpecifier) out.set(spec.local.name, { kind: 'import', source, imported: 'default', id: spec.local });
    else if (spec.type === T.ImportNamespaceSpecifier) out.set(spec.local.name, { kind: 'import', source, imported: '*', id: spec.local });
    else {
      const imported = spec.imported.type === T.Identifier ? spec.imported.name : String(spec.imported.value);
      out.set(spec.local.name, { kind: 'import', source, imported, id: spec.local });
    }
  }
}

function variableDeclaration(decl: TSESTree.VariableDeclaration, out: Declarations): void {
  for (const declarator of decl.declarations) {
    for (const [id, path, fallback] of patternIds(declarator.id, [])) {
      out.set(id.name, { kind: 'variable', declKind: decl.kind, declarator, id, path, fallback });
    }
  }
}

/** `var` is function-scoped: find every `var` in the body, without entering nested functions. */
function hoistVars(body: readonly Node[], out: Declarations): void {
  const stack: Node[] = [...body];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (isFunction(node) || node.type === T.ClassDeclaration || node.type === T.ClassExpression) continue;
    if (node.type === T.VariableDeclaration && node.kind === 'var') {
      for (const declarator of node.declarations) {
        for (const [id, path, fallback] of patternIds(declarator.id, [])) {
          out.set(id.name, { kind: 'variable', declKind: 'var', declarator, id, path, fallback });
        }
      }
    }
    for (const child of statementChildren(node)) stack.push(child);
  }
}

function statementChildren(node: Node): Node[] {
  switch (node.type) {
    case T.BlockStatement:
      return node.body;
    case T.IfStatement:
      return node.alternate ? [node.consequent, node.alternate] : [node.consequent];
    case T.ForStatement:
      return node.init ? [node.init, node.body] : [node.body];
    case T.ForInStatement:
    case T.ForOfStatement:
      return [node.left, node.body];
    case T.WhileStatement:
    case T.DoWhileStatement:
    case T.LabeledStatement:
      return [node.body];
    case T.TryStatement:
      return [node.block, ...(node.handler ? [node.handler.body] : []), ...(node.finalizer ? [node.finalizer] : [])];
    case T.SwitchStatement:
      return node.cases.flatMap((c) => c.consequent);
    case T.ExportNamedDeclaration:
      return node.declaration ? [node.declaration] : [];
    default:
      return [];
  }
}

/** Every identifier a binding pattern declares, with the path from the bound value and any default. */
export function patternIds(
  pattern: Node,
  path: readonly PatternStep[],
  fallback?: TSESTree.Expression,
): [TSESTree.Identifier, readonly PatternStep[], TSESTree.Expression | undefined][] {
  switch (pattern.type) {
    case T.Identifier:
      return [[pattern, path, fallback]];
    case T.AssignmentPattern:
      return patternIds(pattern.left, path, pattern.right);
    case T.RestElement:
      return patternIds(pattern.argument, [...path, { rest: true }]);
    case T.ArrayPattern:
      return pattern.elements.flatMap((el, index) => (el ? patternIds(el, [...path, { index }]) : []));
    case T.ObjectPattern:
      return pattern.properties.flatMap((prop) => {
        if (prop.type === T.RestElement) return patternIds(prop.argument, [...path, { rest: true }]);
        const key =
          !prop.computed && prop.key.type === T.Identifier
            ? prop.key.name
            : prop.key.type === T.Literal
              ? String(prop.key.value)
              : undefined;
        return key === undefined ? [] : patternIds(prop.value, [...path, { key }]);
      });
    default:
      return [];
  }
}
