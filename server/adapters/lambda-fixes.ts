// The OPTIONS branch a Lambda handler needs when OPTIONS reaches it and it sends it to its fallback: a 204 with
// the same headers its responses carry, as the first thing the handler does (or right after those headers exist).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import { isModuleScopeName, resolveIdentifier } from '../engine/scope';
import { childNodes, parentOf, propertyName, textOf, unwrap, type FunctionNode, type Node, type SourceFile } from '../engine/source';
import { indentUnit, lineIndent, usesSemicolons } from './edits';
import type { HeaderWrite } from './header-writes';
import type { PlatformRoute } from './platform-data';

export function optionsBranchFix(fn: FunctionNode, writes: readonly HeaderWrite[], api: PlatformRoute['api'] | undefined, file: SourceFile): Fix | undefined {
  const event = fn.params[0];
  if (fn.body.type !== T.BlockStatement || event?.type !== T.Identifier) return undefined;
  const headers = headersExpression(fn, writes, file);
  if (!headers) return undefined;
  const at = headers.after ? headers.after.range[1] : fn.body.range[0] + 1;
  const first = fn.body.body[0];
  const indent = headers.after ? lineIndent(file, headers.after.range[0]) : first ? lineIndent(file, first.range[0]) : lineIndent(file, fn.range[0]) + indentUnit(file);
  const method = api === 'rest' ? `${event.name}.httpMethod` : api === 'http-api' || api === 'function-url' ? `${event.name}.requestContext.http.method` : `(${event.name}.httpMethod ?? ${event.name}.requestContext?.http?.method)`;
  const semi = usesSemicolons(file) ? ';' : '';
  const entry = headers.text === 'headers' ? 'headers' : `headers: ${headers.text}`;
  const code = `\n${indent}if (${method} === 'OPTIONS') return { statusCode: 204, ${entry} }${semi}`;
  return { title: 'Answer the OPTIONS preflight with 204 and these headers', edits: [{ file: file.path, span: [at, at], text: code }], safe: false };
}

/**
 * The `headers` expression of a response written in the handler itself, when it can be evaluated at the top of
 * the handler (module-level names and the event only) or right after the handler's own `const headers = ...`.
 */
function headersExpression(fn: FunctionNode, writes: readonly HeaderWrite[], file: SourceFile): { text: string; after?: Node } | undefined {
  for (const w of writes) {
    if (w.name !== 'access-control-allow-origin') continue;
    const response = responseObjectOf(w, fn);
    const prop = response?.properties.find((p) => p.type === T.Property && propertyName(p) === 'headers');
    if (!prop || prop.type !== T.Property) continue;
    const value = unwrap(prop.value as Node);
    if (value.type === T.Identifier) {
      const binding = resolveIdentifier(value);
      if (binding?.kind === 'variable' && binding.path.length === 0 && fn.body.type === T.BlockStatement) {
        const decl = fn.body.body.find((s) => s.type === T.VariableDeclaration && s.declarations.some((d) => d === binding.declarator));
        if (decl) return { text: value.name, after: decl };
      }
    }
    if (onlyModuleNamesOrEvent(value, fn)) return { text: textOf(file, value) };
  }
  return undefined;
}

/** The object literal returned in `fn` that holds this write (`return { statusCode, headers: ... }`). */
function responseObjectOf(w: HeaderWrite, fn: FunctionNode): TSESTree.ObjectExpression | undefined {
  const at = w.response ? Number(w.response.split(':')[0]) : undefined;
  if (at === undefined) return undefined;
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.ObjectExpression && n.range[0] === at) return n;
    stack.push(...childNodes(n));
  }
  return undefined;
}

function onlyModuleNamesOrEvent(node: Node, fn: FunctionNode): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.Identifier) {
      const parent = parentOf(n);
      const isKey = parent?.type === T.MemberExpression && parent.property === n && !parent.computed;
      const isPropKey = parent?.type === T.Property && parent.key === n && !parent.computed && !parent.shorthand;
      if (isKey || isPropKey) continue;
      const binding = resolveIdentifier(n);
      const ok = (binding?.kind === 'param' && binding.fn === fn && binding.index === 0) || (!!binding && isModuleScopeName(n));
      if (!ok) return false;
      continue;
    }
    if (n.type === T.ArrowFunctionExpression || n.type === T.FunctionExpression) return false;
    stack.push(...childNodes(n));
  }
  return true;
}
