// Next.js pages API routes (`pages/api/**`) and Vercel functions (`api/**`): the default export handles every
// method, OPTIONS included: neither Next's API resolver (server/api-utils/node/api-resolver.ts) nor Vercel answers
// it. So the handler's own OPTIONS path decides: an OPTIONS branch or a method-agnostic body answers; a
// `switch (req.method)` whose default sends 405 does not. Node-style `(req, res)` and Web-style `(request)` both.
import { T } from '../engine/ast-types';
import type { Fix } from '../model/fix';
import type { CorsPolicy, PreflightTrigger } from '../model/policy';

import type { AnalysisContext } from '../engine/origin-reads';
import type { FunctionNode, Node } from '../engine/source';
import { exportValue } from '../engine/binding-values';
import { alternatives } from '../engine/values';
import { indentUnit, lineIndent, quoteOf, usesSemicolons } from './edits';
import { corsWriters } from './express-manual';
import { jsonBodyTriggers, methodTriggers, varyStatement } from './fetch';
import { entryPreflightFix } from './fetch-preflight';
import { mayWriteHeaders, writerFunctions } from './handler-writers';
import { headerWritesIn, type HeaderWrite } from './header-writes';
import { handlerSite, manualPolicy, nameOf } from './manual-policy';
import { routePathOf, type NextFileKind } from './nextjs-files';
import type { NextProjectFacts } from './nextjs-project';
import { optionsAnswer, reachableForOptions } from './options-outcome';
import { dispatchedMethods, headerTriggers } from './requests';
import { siteOf } from '../engine/source';

export function pagesPolicies(ctx: AnalysisContext, kind: NextFileKind, facts: NextProjectFacts): CorsPolicy[] {
  const writers = writerFunctions(ctx, 'next', mayWriteHeaders, () => true);
  if (writers.outermost.length === 0) return [];
  const entries = new Set(alternatives(exportValue(ctx.file, 'default', ctx)).flatMap((v) => (v.kind === 'function' && v.file === ctx.file ? [v.fn] : [])));
  const express = corsWriters(ctx);
  const path = routePathOf(ctx.file.path);
  const out: CorsPolicy[] = [];
  for (const fn of writers.outermost) {
    // An `api/` folder may hold an Express router too: there only the default-exported function is Vercel's.
    if (kind === 'vercel-api' && !entries.has(fn)) continue;
    const writes = headerWritesIn(fn, ctx);
    const first = writes.find((w) => w.name === 'access-control-allow-origin');
    if (!first) continue;
    const style = fn.params.length >= 2 ? 'node' : 'fetch';
    const preflight = entries.has(fn) ? handlerPreflight(fn, writes, style, facts, ctx) : 'unknown';
    const unanswered = preflight === 'unanswered';
    const triggers: PreflightTrigger[] = unanswered ? [...methodTriggers(fn, ctx), ...headerTriggers(fn, ctx), ...(style === 'fetch' ? jsonBodyTriggers(fn, ctx) : [])] : [];
    const methods = dispatchedMethods(fn).filter((m) => m !== 'OPTIONS');
    const fix = unanswered ? (style === 'node' ? nodeOptionsFix(fn, writes, ctx) : entryPreflightFix(fn, writes, triggers, ctx)) : undefined;
    const policy = manualPolicy({
      ctx,
      framework: kind === 'vercel-api' ? 'Vercel' : 'Next.js',
      label: 'This API route',
      site: express.has(fn) ? handlerSite(fn, first, ctx) : siteOf(nameOf(fn) ?? fn, ctx),
      writes,
      ...(methods.length > 0 ? { route: { methods, ...(path !== undefined ? { path } : {}) } } : {}),
      preflight: { value: preflight },
      triggers,
      varyStatement,
      ...(fix ? { answerPreflight: fix } : {}),
    });
    if (policy) out.push(policy);
  }
  return out;
}

/** What the handler's OPTIONS path sends: a 2xx carrying Access-Control-Allow-Origin answers; a 405 does not. */
function handlerPreflight(fn: FunctionNode, writes: readonly HeaderWrite[], style: 'node' | 'fetch', facts: NextProjectFacts, ctx: AnalysisContext): CorsPolicy['preflight']['value'] {
  const answer = optionsAnswer(fn, ctx, style);
  if (answer === 'unknown') return 'unknown';
  const withOrigin = writes.some((w) => w.name === 'access-control-allow-origin' && reachableForOptions(w.guards, w.ctx));
  if (answer === 'ok' && withOrigin) return 'answered';
  // A middleware may answer OPTIONS before the handler runs; config headers may decorate its answer.
  return facts.corsElsewhere.length > 0 ? 'unknown' : 'unanswered';
}

/** `if (req.method === 'OPTIONS') { res.status(204).end(); return }` right after the handler's CORS headers. */
function nodeOptionsFix(fn: FunctionNode, writes: readonly HeaderWrite[], ctx: AnalysisContext): Fix | undefined {
  const [req, res] = fn.params.map((p) => (p.type === T.Identifier ? p.name : undefined));
  if (!req || !res || fn.body.type !== T.BlockStatement) return undefined;
  const body = fn.body.body;
  const indexOf = (w: HeaderWrite) => body.findIndex((s) => s.range[0] <= w.at.range[0] && w.at.range[1] <= s.range[1]);
  const own = writes.filter((w) => w.file === ctx.file && w.name !== 'vary');
  const positions = own.map(indexOf);
  if (own.length === 0 || positions.some((i) => i < 0)) return undefined;
  const last = Math.max(...positions);
  // Only plain statements before it: an earlier return or branch could end an OPTIONS request first.
  if (body.slice(0, last + 1).some((s) => s.type !== T.ExpressionStatement && s.type !== T.VariableDeclaration)) return undefined;
  const stmt = body[last] as Node;
  const semi = usesSemicolons(ctx.file) ? ';' : '';
  const q = quoteOf(ctx.file);
  const indent = lineIndent(ctx.file, stmt.range[0]);
  const unit = indentUnit(ctx.file);
  const text = `\n${indent}if (${req}.method === ${q}OPTIONS${q}) {\n${indent}${unit}${res}.status(204).end()${semi}\n${indent}${unit}return${semi}\n${indent}}`;
  return { title: 'Answer the OPTIONS preflight with 204 and these headers', edits: [{ file: ctx.file.path, span: [stmt.range[1], stmt.range[1]], text }], safe: false };
}
