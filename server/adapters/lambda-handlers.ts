// Which functions of a file are Lambda handlers: its exports (`export const handler = ...`, `export async function
// handler`, `exports.handler = ...`, `module.exports.handler = ...`, `module.exports = { handler }`), minus the
// response builders (`respond(statusCode, body)`) that handlers call.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import { lookup, resolveIdentifier } from '../engine/scope';
import { isFunction, memberPath, propertyName, unwrap, type FunctionNode, type Node, type SourceFile } from '../engine/source';
import { returnStatements } from '../engine/function-calls';

export interface HandlerExport {
  /** The name the platform calls it by (`handler`, `default`). */
  readonly name: string;
  /** Where findings about the handler as a whole go: its name. */
  readonly at: Node;
  /** The exported expression: a function, a name, or a wrapper call (`middy(base).use(cors())`). */
  readonly value: Node;
}

export function handlerExports(file: SourceFile): HandlerExport[] {
  const out: HandlerExport[] = [];
  for (const stmt of file.ast.body) {
    if (stmt.type === T.ExportNamedDeclaration) out.push(...namedExports(stmt, file));
    else if (stmt.type === T.ExportDefaultDeclaration) {
      const decl = stmt.declaration;
      const id = 'id' in decl && decl.id ? decl.id : undefined;
      out.push({ name: 'default', at: id ?? decl, value: decl });
    } else if (stmt.type === T.ExpressionStatement && stmt.expression.type === T.AssignmentExpression && stmt.expression.operator === '=') {
      out.push(...commonJsExports(stmt.expression));
    }
  }
  return out;
}

function namedExports(stmt: TSESTree.ExportNamedDeclaration, file: SourceFile): HandlerExport[] {
  const decl = stmt.declaration;
  if (decl?.type === T.FunctionDeclaration && decl.id) return [{ name: decl.id.name, at: decl.id, value: decl }];
  if (decl?.type === T.VariableDeclaration) {
    return decl.declarations.flatMap((d) => (d.id.type === T.Identifier && d.init ? [{ name: d.id.name, at: d.id, value: d.init }] : []));
  }
  if (stmt.source) return [];
  return stmt.specifiers.flatMap((spec) => {
    if (spec.local.type !== T.Identifier) return [];
    const binding = lookup(spec.local.name, file.ast);
    const value = binding?.kind === 'function' ? binding.node : binding?.kind === 'variable' && binding.path.length === 0 ? binding.declarator.init : undefined;
    const name = spec.exported.type === T.Identifier ? spec.exported.name : spec.exported.value;
    return value ? [{ name, at: spec.exported, value }] : [];
  });
}

function commonJsExports(a: TSESTree.AssignmentExpression): HandlerExport[] {
  const target = memberPath(a.left);
  if (!target || a.left.type !== T.MemberExpression) return [];
  const named = (target.length === 2 && target[0] === 'exports') || (target.length === 3 && target[0] === 'module' && target[1] === 'exports');
  if (named) return [{ name: target[target.length - 1] as string, at: a.left.property, value: a.right }];
  const whole = target.length === 2 && target[0] === 'module' && target[1] === 'exports';
  if (!whole || a.right.type !== T.ObjectExpression) return [];
  return a.right.properties.flatMap((p) => {
    const name = p.type === T.Property && p.kind === 'init' ? propertyName(p) : undefined;
    return p.type === T.Property && name !== undefined ? [{ name, at: p.key, value: p.value as Node }] : [];
  });
}

/** The function an exported expression names, when it is one defined in this file. */
export function exportedFunction(value: Node): FunctionNode | undefined {
  const n = unwrap(value);
  if (isFunction(n)) return n;
  if (n.type !== T.Identifier) return undefined;
  const binding = resolveIdentifier(n);
  if (binding?.kind === 'function' && isFunction(binding.node)) return binding.node;
  if (binding?.kind !== 'variable' || binding.declKind !== 'const' || binding.path.length > 0 || !binding.declarator.init) return undefined;
  const init = unwrap(binding.declarator.init);
  return isFunction(init) ? init : undefined;
}

/**
 * `respond(statusCode, body)`: a function returning `{ statusCode: <its own parameter>, ... }` builds responses
 * for handlers; it is not one.
 */
export function isResponseBuilder(fn: FunctionNode): boolean {
  const returned = fn.body.type === T.BlockStatement ? returnStatements(fn.body).map((r) => r.argument) : [fn.body];
  return returned.some((r) => {
    const obj = r && unwrap(r);
    if (obj?.type !== T.ObjectExpression) return false;
    return obj.properties.some((p) => {
      if (p.type !== T.Property || propertyName(p) !== 'statusCode') return false;
      const v = unwrap(p.value as Node);
      const binding = v.type === T.Identifier ? resolveIdentifier(v) : undefined;
      return binding?.kind === 'param' && binding.fn === fn;
    });
  });
}
