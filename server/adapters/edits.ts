// Text edits that respect the code around them: indentation, quotes, semicolons, braceless `if` bodies.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Edit } from '../model/fix';
import { parentOf, type Node, type SourceFile } from '../engine/source';

export function lineIndent(file: SourceFile, offset: number): string {
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart, offset))?.[0] ?? '';
}

/** The indentation one level deeper than `indent`, in the file's own unit (two spaces when unsure). */
export function indentUnit(file: SourceFile): string {
  const m = /\n([ \t]+)\S/.exec(file.text);
  if (!m || !m[1]) return '  ';
  return m[1].startsWith('\t') ? '\t' : m[1].length >= 4 && m[1].length % 4 === 0 ? '    ' : '  ';
}

/** The quote the file prefers: the quote of `literal` if given, else the more common one. */
export function quoteOf(file: SourceFile, literal?: Node): string {
  const raw = literal && literal.type === T.Literal ? literal.raw : undefined;
  if (raw && (raw.startsWith('"') || raw.startsWith("'"))) return raw[0] as string;
  const singles = file.text.split("'").length;
  const doubles = file.text.split('"').length;
  return doubles > singles ? '"' : "'";
}

const semicolons = new WeakMap<SourceFile, boolean>();

export function usesSemicolons(file: SourceFile): boolean {
  let uses = semicolons.get(file);
  if (uses === undefined) {
    uses = countSemicolons(file);
    semicolons.set(file, uses);
  }
  return uses;
}

function countSemicolons(file: SourceFile): boolean {
  const statements = file.ast.body.filter((s) => s.type === T.ExpressionStatement || s.type === T.VariableDeclaration);
  if (statements.length === 0) return true;
  return statements.filter((s) => file.text[s.range[1] - 1] === ';').length * 2 >= statements.length;
}

/** The statement that contains `node` directly inside a block (or a braceless `if`/loop body). */
export function enclosingStatement(node: Node): Node | undefined {
  let n: Node = node;
  for (let p = parentOf(n); p; n = p, p = parentOf(p)) {
    if (p.type === T.BlockStatement || p.type === T.Program || p.type === T.SwitchCase) return n;
    if ((p.type === T.IfStatement && p.test !== n) || ((p.type === T.ForStatement || p.type === T.WhileStatement || p.type === T.ForOfStatement || p.type === T.ForInStatement) && p.body === n)) {
      return n;
    }
    if (p.type === T.ArrowFunctionExpression || p.type === T.FunctionExpression || p.type === T.FunctionDeclaration) return undefined;
  }
  return undefined;
}

/** Inserts `code` (one statement, no trailing newline) before `stmt`, wrapping a braceless body in braces. */
export function insertStatementBefore(file: SourceFile, stmt: Node, code: string): Edit[] {
  const parent = parentOf(stmt);
  const start = stmt.range[0];
  const indent = lineIndent(file, start);
  if (parent && parent.type !== T.BlockStatement && parent.type !== T.Program && parent.type !== T.SwitchCase) {
    const outer = lineIndent(file, parent.range[0]);
    const inner = outer + indentUnit(file);
    const body = file.text.slice(stmt.range[0], stmt.range[1]);
    return [{ file: file.path, span: [stmt.range[0], stmt.range[1]], text: `{\n${inner}${code}\n${inner}${body}\n${outer}}` }];
  }
  const atLineStart = file.text.slice(file.text.lastIndexOf('\n', start - 1) + 1, start).trim() === '';
  return [{ file: file.path, span: [start, start], text: atLineStart ? `${code}\n${indent}` : `${code} ` }];
}

/** Adds `key: value` to an object literal after `after` (or at its end), matching its layout. */
export function addProperty(file: SourceFile, object: TSESTree.ObjectExpression, entry: string, after?: Node): Edit {
  const anchor = after ?? object.properties[object.properties.length - 1];
  if (!anchor) return { file: file.path, span: [object.range[0] + 1, object.range[0] + 1], text: ` ${entry} ` };
  const multiline = file.text.slice(object.range[0], object.range[1]).includes('\n');
  const indent = lineIndent(file, anchor.range[0]);
  const rest = file.text.slice(anchor.range[1]);
  const comma = /^\s*,/.exec(rest);
  if (comma) {
    const at = anchor.range[1] + comma[0].length;
    return { file: file.path, span: [at, at], text: multiline ? `\n${indent}${entry},` : ` ${entry},` };
  }
  return { file: file.path, span: [anchor.range[1], anchor.range[1]], text: multiline ? `,\n${indent}${entry}` : `, ${entry}` };
}

/** Replaces a node's text. */
export function replaceNode(file: SourceFile, node: Node, text: string): Edit {
  return { file: file.path, span: [node.range[0], node.range[1]], text };
}
