// Fixes that answer a Fetch-style preflight: an `if (request.method === 'OPTIONS')` branch returning 204 with the
// handler's CORS headers, placed where those headers exist; and the extra Allow-Methods/Allow-Headers entries the
// preflight needs when the handler never wrote them (Fetch standard, CORS-preflight fetch: the method and each
// non-safelisted header must be allowed, or the browser blocks the request).
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { PreflightTrigger } from '../model/policy';
import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode, SourceFile } from '../engine/source';
import { indentUnit, lineIndent, quoteOf, usesSemicolons } from './edits';
import { headersCode, type HeadersCode } from './fetch-preflight-fix';
import type { HeaderWrite } from './header-writes';

/** `if (request.method === 'OPTIONS') { return new Response(null, { status: 204, headers }) }` in the entry. */
export function entryPreflightFix(entry: FunctionNode, writes: readonly HeaderWrite[], triggers: readonly PreflightTrigger[], ctx: AnalysisContext): Fix | undefined {
  const request = entry.params[0];
  if (request?.type !== T.Identifier || entry.body.type !== T.BlockStatement) return undefined;
  const code = headersCode(entry, writes, ctx);
  if (!code) return undefined;
  const file = ctx.file;
  const semi = usesSemicolons(file) ? ';' : '';
  const q = quoteOf(file);
  const unit = indentUnit(file);
  const after = code.needs[code.needs.length - 1];
  const firstStmt = entry.body.body[0];
  const indent = after ? lineIndent(file, after.range[0]) : firstStmt ? lineIndent(file, firstStmt.range[0]) : lineIndent(file, entry.range[0]) + unit;
  const at = after ? after.range[1] : entry.body.range[0] + 1;
  const { headers, statements } = preflightHeaders(code, writes, triggers, file);
  const body = [...statements.map((s) => `${s}${semi}`), `return new Response(null, { status: 204, ${headers === 'headers' ? 'headers' : `headers: ${headers}`} })${semi}`];
  const text = `\n${indent}if (${request.name}.method === ${q}OPTIONS${q}) {\n${body.map((l) => `${indent}${unit}${l}`).join('\n')}\n${indent}}`;
  return { title: 'Answer the OPTIONS preflight with 204 and these CORS headers', edits: [{ file: file.path, span: [at, at], text }], safe: false };
}

/**
 * The headers expression for a preflight answer: the handler's own, plus Access-Control-Allow-Methods and
 * -Headers for what triggers the preflight when the handler sends neither (as entries of an object literal, or
 * as `.set` statements on a Headers object, which cannot be spread).
 */
export function preflightHeaders(code: HeadersCode, writes: readonly HeaderWrite[], triggers: readonly PreflightTrigger[], file: SourceFile): { headers: string; statements: string[] } {
  const q = quoteOf(file);
  const extra: [string, string][] = [];
  const has = (name: string) => writes.some((w) => w.name === name);
  const methods = triggers.flatMap((t) => /accepts (\w+) requests/.exec(t.reason)?.[1] ?? []);
  if (!has('access-control-allow-methods') && methods.length > 0) extra.push(['Access-Control-Allow-Methods', [...new Set(methods)].join(', ')]);
  const headers = triggers.flatMap((t) => /reads the ([\w-]+) request header/.exec(t.reason)?.[1] ?? (t.reason.includes('JSON request body') ? 'Content-Type' : []));
  if (!has('access-control-allow-headers') && headers.length > 0) extra.push(['Access-Control-Allow-Headers', [...new Set(headers)].join(', ')]);
  if (extra.length === 0) return { headers: code.text, statements: [] };
  const entries = extra.map(([k, v]) => `${q}${k}${q}: ${q}${v}${q}`);
  if (code.kind === 'literal') return { headers: `${code.text.slice(0, -2)}, ${entries.join(', ')} }`, statements: [] };
  if (code.kind === 'headers') return { headers: code.text, statements: extra.map(([k, v]) => `${code.text}.set(${q}${k}${q}, ${q}${v}${q})`) };
  return { headers: `{ ...${code.text}, ${entries.join(', ')} }`, statements: [] };
}
