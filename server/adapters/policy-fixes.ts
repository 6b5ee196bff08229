// Suggested fixes that change who may call the API: replace an open origin setting with an allowlist, stop
// allowing credentials, or guard a hand-written reflection with an allowlist check. Never applied automatically.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { Edit, Fix } from '../model/fix';
import type { OriginGrant } from '../model/policy';
import { ATTACKER_ORIGIN, evaluateCheck } from '../model/origin-check';
import type { CorsSettings } from './cors-options';
import type { Site } from '../model/span';
import type { AnalysisContext } from '../engine/origin-reads';
import { lookup } from '../engine/scope';
import type { Written } from '../engine/values';
import { parentOf, textOf, unwrap, type Node, type SourceFile } from '../engine/source';
import { addProperty, enclosingStatement, indentUnit, lineIndent, quoteOf, usesSemicolons } from './edits';
import type { HeaderWrite } from './header-writes';

const ENV_NAME = 'CORS_ALLOWED_ORIGINS';

/**
 * The allowlist a fix writes: the trusted origins from cors-lint.json, or a list read from the environment
 * that allows nothing while the variable is unset.
 */
export function allowlistText(ctx: AnalysisContext, file: SourceFile, envName = ENV_NAME): string {
  const q = quoteOf(file);
  const trusted = ctx.trustedOrigins ?? [];
  if (trusted.length > 0) return `[${trusted.map((o) => q + o + q).join(', ')}]`;
  return `(process.env.${envName} ?? ${q}${q}).split(${q},${q}).map((o) => o.trim()).filter(Boolean)`;
}

/**
 * `origin: true` (or an always-yes callback, a match-all regex, `'*'`, `'null'`, nothing at all) -> `origin: <allowlist>`,
 * in each options object whose origin opens the door; a delegate's restrictive branches stay as they are.
 */
export function restrictOptionOrigin(settings: CorsSettings, ctx: AnalysisContext): Fix | undefined {
  const edits: Edit[] = [];
  for (const choice of settings.originChoices) {
    if (!choice.grants.some(opensTheDoor)) continue;
    const written = doorWritten(choice);
    if (written) {
      const env = /process\.env\.([A-Za-z_]\w*)/.exec(textOf(written.file, written.node))?.[1];
      edits.push(replaceWritten(written, 'origin', allowlistText(ctx, written.file, env)));
    } else if (choice.options.node?.type === T.ObjectExpression && choice.options.file) {
      edits.push(addProperty(choice.options.file, choice.options.node, `origin: ${allowlistText(ctx, choice.options.file)}`));
    } else {
      return undefined;
    }
  }
  if (edits.length === 0) return undefined;
  const title = (ctx.trustedOrigins?.length ?? 0) > 0 ? 'Allow only the trusted origins' : 'Allow only the origins listed in the environment';
  return { title, edits, safe: false };
}

/**
 * Where the open origin is written: usually the last write of `origin`, but in `const o = { origin: true };
 * if (local) o.origin = false;` the door is the literal's own `origin: true`, not the later write.
 */
function doorWritten(choice: CorsSettings['originChoices'][number]): Written | undefined {
  const open = choice.grants.filter(opensTheDoor).flatMap((g) => (g.site ? [g.site] : []));
  const holds = (w: Written | undefined) => !!w && open.some((s) => s.file === w.file.path && w.node.range[0] <= s.span[0] && s.span[1] <= w.node.range[1]);
  if (!choice.written || holds(choice.written)) return choice.written;
  const object = choice.options.node;
  if (object?.type !== T.ObjectExpression || !choice.options.file) return choice.written;
  const property = object.properties.find((p): p is TSESTree.Property => p.type === T.Property && !p.computed && p.key.type === T.Identifier && p.key.name === 'origin');
  const own = property && { node: property.value as Node, file: choice.options.file };
  return holds(own) ? own : choice.written;
}

function opensTheDoor(grant: OriginGrant): boolean {
  if (grant.kind === 'wildcard') return true;
  if (grant.kind === 'fixed') return grant.value === 'null';
  return grant.kind === 'reflect' && (evaluateCheck(grant.when, ATTACKER_ORIGIN) === 'yes' || evaluateCheck(grant.when, 'null') === 'yes');
}

/** `credentials: true` -> `credentials: false`, in every options object that sets it. */
export function dropOptionCredentials(settings: CorsSettings): Fix | undefined {
  const edits = settings.originChoices.flatMap((choice) => {
    const written = choice.options.kind === 'object' ? choice.options.written?.get('credentials') : undefined;
    return written ? [replaceWritten(written, 'credentials', 'false')] : [];
  });
  return edits.length > 0 ? { title: 'Stop allowing credentials', edits, safe: false } : undefined;
}

/** Replaces a property's value; `{ origin }` and `origin(o, cb) {}` become `origin: <text>` as a whole. */
function replaceWritten(written: Written, key: string, text: string): Edit {
  const property = parentOf(written.node);
  if (property?.type === T.Property && (property.shorthand || property.method)) {
    return { file: written.file.path, span: [property.range[0], property.range[1]], text: `${key}: ${text}` };
  }
  return { file: written.file.path, span: [written.node.range[0], written.node.range[1]], text };
}

/**
 * Hand-written reflection: `res.setHeader(ACAO, origin)` becomes guarded by `ALLOWED_ORIGINS.some(...)`, with
 * the list declared once at the top of the file. Object-literal writes get a conditional value instead.
 */
export function guardReflection(writes: readonly HeaderWrite[], reflected: readonly Site[], ctx: AnalysisContext): Fix | undefined {
  const file = ctx.file;
  const name = freeName(file, ['ALLOWED_ORIGINS', 'TRUSTED_ORIGINS', 'CORS_TRUSTED_ORIGINS']);
  const edits: Edit[] = [];
  for (const w of writes) {
    if (w.name !== 'access-control-allow-origin' || !w.value || w.file.path !== file.path) continue;
    if (!reflected.some((s) => s.file === file.path && s.span[0] === w.value?.range[0])) continue;
    const simple = [T.Identifier, T.MemberExpression, T.CallExpression].includes(unwrap(w.value).type);
    const subject = simple ? textOf(file, w.value) : `(${textOf(file, w.value)})`;
    const test = `${name}.some((o) => o === ${subject})`;
    if (w.style.kind === 'object') {
      edits.push({ file: file.path, span: [w.value.range[0], w.value.range[1]], text: `${test} ? ${subject} : ${quoteOf(file)}${quoteOf(file)}` });
      continue;
    }
    const stmt = enclosingStatement(w.at);
    if (!stmt) return undefined;
    const indent = lineIndent(file, stmt.range[0]);
    const body = file.text.slice(stmt.range[0], stmt.range[1]);
    edits.push({ file: file.path, span: [stmt.range[0], stmt.range[1]], text: `if (${test}) {\n${indent}${indentUnit(file)}${body}\n${indent}}` });
  }
  if (edits.length === 0) return undefined;
  const semi = usesSemicolons(file) ? ';' : '';
  const at = afterImports(file);
  edits.push({ file: file.path, span: [at, at], text: `${at === 0 ? '' : '\n'}const ${name} = ${allowlistText(ctx, file)}${semi}\n${at === 0 ? '\n' : ''}` });
  const title = (ctx.trustedOrigins?.length ?? 0) > 0 ? 'Echo the Origin only for the trusted origins' : `Echo the Origin only for origins listed in ${ENV_NAME}`;
  return { title, edits, safe: false };
}

/** Removes each `Access-Control-Allow-Credentials` write (a statement, or a headers-object entry). */
export function removeCredentialWrites(writes: readonly HeaderWrite[], ctx: AnalysisContext): Fix | undefined {
  const edits: Edit[] = [];
  for (const w of writes) {
    if (w.name !== 'access-control-allow-credentials' || w.file !== ctx.file) continue;
    const target = w.style.kind === 'object' ? (w.style.property as Node | undefined) : enclosingStatement(w.at);
    if (!target) return undefined;
    // A chained write (`res.set(a, b).set(ACAC, 'true')`) cannot lose its statement; leave it to the person.
    if (w.style.kind === 'call' && unwrap((target.type === T.ExpressionStatement ? target.expression : target) as Node) !== w.at) return undefined;
    edits.push(removal(ctx.file, target, w.style.kind === 'object'));
  }
  return edits.length > 0 ? { title: 'Stop allowing credentials', edits, safe: false } : undefined;
}

/** The span of a statement or property with its line (and trailing comma for properties) when alone on it. */
function removal(file: SourceFile, node: Node, property: boolean): Edit {
  let [start, end] = node.range;
  if (property) {
    const comma = /^\s*,/.exec(file.text.slice(end));
    if (comma) end += comma[0].length;
  }
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = file.text.indexOf('\n', end);
  if (file.text.slice(lineStart, start).trim() === '' && file.text.slice(end, lineEnd === -1 ? undefined : lineEnd).trim() === '') {
    return { file: file.path, span: [lineStart, lineEnd === -1 ? file.text.length : lineEnd + 1], text: '' };
  }
  return { file: file.path, span: [start, end], text: '' };
}

function freeName(file: SourceFile, names: readonly string[]): string {
  return names.find((n) => !lookup(n, file.ast) && !new RegExp(`\\b${n}\\b`).test(file.text)) ?? `${names[0]}_${file.text.length}`;
}

/** The offset after the last top-level import or require declaration (0 when there are none). */
function afterImports(file: SourceFile): number {
  let at = 0;
  for (const stmt of file.ast.body) {
    const isImport =
      stmt.type === T.ImportDeclaration ||
      (stmt.type === T.VariableDeclaration && stmt.declarations.some((d) => d.init && isRequire(d.init))) ||
      (stmt.type === T.ExpressionStatement && stmt.expression.type === T.Literal); // 'use strict'
    if (!isImport) break;
    at = stmt.range[1];
  }
  return at;
}

function isRequire(node: TSESTree.Expression): boolean {
  let n: Node = unwrap(node);
  while (n.type === T.MemberExpression || (n.type === T.CallExpression && n.callee.type === T.MemberExpression)) {
    n = n.type === T.MemberExpression ? unwrap(n.object) : unwrap((n.callee as TSESTree.MemberExpression).object);
  }
  return n.type === T.CallExpression && n.callee.type === T.Identifier && n.callee.name === 'require' && parentOf(n) !== undefined;
}
