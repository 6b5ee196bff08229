// Next.js app-router route handlers (`app/**/route.ts`: `export async function GET(request) {}`), whose CORS
// headers sit in the Responses they return. A file without an `OPTIONS` export gets Next's automatic OPTIONS:
// `new Response(null, { status: 204, headers: { Allow } })` and nothing else (next.js route-modules/app-route/
// helpers/auto-implement-methods.ts), so the preflight carries none of the handler's CORS headers
// (vercel/next.js#57999, #50171) unless a middleware or next.config headers() adds them.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import { findExport } from '../engine/modules';
import type { AnalysisContext } from '../engine/origin-reads';
import { siteOf, textOf, type FunctionNode, type Node } from '../engine/source';
import { exportValue } from '../engine/binding-values';
import { alternatives } from '../engine/values';
import { indentUnit, lineIndent, usesSemicolons } from './edits';
import { corsWriters } from './express-manual';
import { jsonBodyTriggers, varyStatement } from './fetch';
import { headersCode } from './fetch-preflight-fix';
import { preflightHeaders } from './fetch-preflight';
import { headerWritesIn } from './header-writes';
import { handlerSite, manualPolicy } from './manual-policy';
import { routePathOf } from './nextjs-files';
import type { NextProjectFacts } from './nextjs-project';
import { optionsAnswer, reachableForOptions } from './options-outcome';
import { headerTriggers, SIMPLE_METHODS } from './requests';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface RouteHandler {
  readonly method: string;
  readonly fn: FunctionNode;
  readonly ctx: AnalysisContext;
  /** The exported name in this file: where findings about the handler as a whole go. */
  readonly at: Node;
  /** The top-level statement that exports it, in this file. */
  readonly statement: Node;
}

export function routePolicies(ctx: AnalysisContext, facts: NextProjectFacts): CorsPolicy[] {
  const handlers = METHODS.flatMap((m) => exportedHandler(ctx, m) ?? []);
  const options = handlers.find((h) => h.method === 'OPTIONS');
  const preflight = routePreflight(options, facts);
  const path = routePathOf(ctx.file.path);
  const express = corsWriters(ctx);
  const out: CorsPolicy[] = [];
  let answerPreflight: Fix | undefined | null = null;
  for (const h of handlers) {
    const writes = headerWritesIn(h.fn, h.ctx);
    const first = writes.find((w) => w.name === 'access-control-allow-origin');
    if (!first) continue;
    const value = h.method === 'OPTIONS' ? 'answered' : preflight;
    const triggers = value === 'unanswered' ? handlerTriggers(h) : [];
    if (value === 'unanswered' && answerPreflight === null) answerPreflight = options ? undefined : optionsExportFix(h, handlers, ctx);
    const policy = manualPolicy({
      ctx: h.ctx,
      framework: 'Next.js',
      label: 'This route handler',
      site: h.ctx.file === ctx.file && express.has(h.fn) ? handlerSite(h.fn, first, ctx) : siteOf(h.at, ctx),
      writes,
      route: { methods: [h.method], ...(path !== undefined ? { path } : {}) },
      preflight: { value },
      triggers,
      varyStatement,
      ...(value === 'unanswered' && answerPreflight ? { answerPreflight } : {}),
    });
    if (!policy) continue;
    // A GET is not preflighted because the headers list PUT: that PUT's own handler answers for it.
    const triggersOf = SIMPLE_METHODS.has(h.method) ? policy.preflightTriggers.filter((t) => !t.reason.startsWith('Access-Control-Allow-Methods')) : policy.preflightTriggers;
    out.push(triggersOf === policy.preflightTriggers ? policy : { ...policy, preflightTriggers: triggersOf });
  }
  return out;
}

function exportedHandler(ctx: AnalysisContext, method: string): RouteHandler | undefined {
  const found = findExport(ctx.project, ctx.file, method);
  if (!found || found.kind === 'namespace') return undefined;
  const fn = alternatives(exportValue(ctx.file, method, ctx)).find((v) => v.kind === 'function');
  if (fn?.kind !== 'function') return undefined;
  const statement = ctx.file.ast.body.find((s) => exportsName(s, method));
  const at = statement ? nameIn(statement, method) ?? statement : fn.fn;
  return { method, fn: fn.fn, ctx: { ...ctx, file: fn.file }, at, statement: statement ?? ctx.file.ast.body[ctx.file.ast.body.length - 1] ?? ctx.file.ast };
}

function exportsName(s: Node, name: string): boolean {
  if (s.type !== T.ExportNamedDeclaration) return false;
  return nameIn(s, name) !== undefined;
}

function nameIn(s: Node, name: string): Node | undefined {
  if (s.type !== T.ExportNamedDeclaration) return undefined;
  const d = s.declaration;
  if (d?.type === T.FunctionDeclaration && d.id?.name === name) return d.id;
  if (d?.type === T.VariableDeclaration) return d.declarations.find((x) => x.id.type === T.Identifier && x.id.name === name)?.id;
  return s.specifiers.find((sp) => (sp.exported.type === T.Identifier ? sp.exported.name : sp.exported.value) === name)?.exported;
}

/**
 * An OPTIONS export answers when its 2xx answer carries Access-Control-Allow-Origin; without one, Next's 204
 * carries none. A middleware or config header rule elsewhere may add them: then it is unknown.
 */
function routePreflight(options: RouteHandler | undefined, facts: NextProjectFacts): CorsPolicy['preflight']['value'] {
  if (options) {
    const answer = optionsAnswer(options.fn, options.ctx, 'fetch');
    const withOrigin = headerWritesIn(options.fn, options.ctx).some((w) => w.name === 'access-control-allow-origin' && reachableForOptions(w.guards, w.ctx));
    if (answer === 'ok' && withOrigin) return 'answered';
    if (answer === 'unknown') return 'unknown';
  }
  return facts.corsElsewhere.length > 0 ? 'unknown' : 'unanswered';
}

function handlerTriggers(h: RouteHandler): PreflightTrigger[] {
  const out: PreflightTrigger[] = [];
  if (!SIMPLE_METHODS.has(h.method)) out.push({ reason: `the route accepts ${h.method} requests`, site: siteOf(h.at, { file: { path: h.ctx.file.path } }) });
  return [...out, ...headerTriggers(h.fn, h.ctx), ...jsonBodyTriggers(h.fn, h.ctx)];
}

/**
 * `export async function OPTIONS(request) { return new Response(null, { status: 204, headers }) }` after the
 * last handler, with the handler's headers (and the locals they read) and what every handler's preflight needs.
 */
function optionsExportFix(h: RouteHandler, all: readonly RouteHandler[], ctx: AnalysisContext): Fix | undefined {
  if (h.ctx.file !== ctx.file) return undefined;
  const writes = headerWritesIn(h.fn, h.ctx);
  const code = headersCode(h.fn, writes, ctx);
  if (!code || code.params.some((i) => i > 0)) return undefined;
  const param = code.params.includes(0) ? h.fn.params[0] : undefined;
  const triggers = all.filter((x) => x.ctx.file === ctx.file).flatMap(handlerTriggers);
  const { headers, statements } = preflightHeaders(code, writes, triggers, ctx.file);
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const unit = indentUnit(ctx.file);
  const copied = code.needs.map((s) => reindent(textOf(ctx.file, s), lineIndent(ctx.file, s.range[0]), unit));
  const body = [...copied, ...statements.map((s) => s + semi), `return new Response(null, { status: 204, ${headers === 'headers' ? 'headers' : `headers: ${headers}`} })${semi}`];
  const last = all.filter((x) => x.ctx.file === ctx.file).map((x) => x.statement).sort((a, b) => b.range[1] - a.range[1])[0];
  if (!last) return undefined;
  const signature = `export async function OPTIONS(${param ? textOf(ctx.file, param) : ''})`;
  const text = `\n\n${signature} {\n${body.map((l) => unit + l).join('\n')}\n}`;
  return { title: 'Answer the preflight: export an OPTIONS handler with these CORS headers', edits: [{ file: ctx.file.path, span: [last.range[1], last.range[1]], text }], safe: false };
}

function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.startsWith(from) ? line.slice(from.length) : line))
    .join('\n' + to);
}
