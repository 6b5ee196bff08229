// Project-wide facts a Next.js handler's preflight depends on: a middleware (Next 16: proxy) that sends CORS
// headers runs for OPTIONS too and may answer it or add headers to Next's own answer; next.config.* headers() and
// vercel.json header rules are added to every response of the paths they match, OPTIONS answers included
// (next.js server/lib/router-utils/resolve-routes.ts applies `route.headers` before any handler runs). Each counts
// only where its matcher or source may match the handler's path; an unreadable one counts everywhere.
// Read through the FileHost (unsaved editor text counts); the handler file is recorded as their importer, so an
// edit there re-lints it.
import * as path from 'node:path';
import { derivedFrom, findExport, loadFile } from '../engine/modules';
import type { AnalysisContext } from '../engine/origin-reads';
import { exportValue } from '../engine/binding-values';
import { stringOf } from '../engine/value-facts';
import { alternatives, property, type Value } from '../engine/values';
import { corsRuleSources } from './nextjs-config';
import { nextRoots, routePathOf } from './nextjs-files';

export interface NextProjectFacts {
  /** Files outside the handler that may add CORS headers to its preflight answer, or answer it. */
  readonly corsElsewhere: readonly string[];
}

const SCRIPT_EXTS = ['.ts', '.js', '.mjs', '.tsx', '.jsx', '.mts', '.cjs'];
const CORS_TEXT = /access-control-allow|\bcors\b/i;

export function nextProjectFacts(ctx: AnalysisContext): NextProjectFacts {
  const roots = nextRoots(ctx.file.path);
  if (!roots) return { corsElsewhere: [] };
  const route = routePathOf(ctx.file.path);
  const corsElsewhere: string[] = [];
  const check = (candidate: string, sources: (file: string) => (string | undefined)[] | undefined) => {
    if (candidate === ctx.file.path) return;
    const mentions = derivedFrom(ctx.project, 'next-cors-mention', candidate, (text) => (text === undefined ? undefined : CORS_TEXT.test(text)));
    if (mentions === undefined) return;
    let importers = ctx.project.importers.get(candidate);
    if (!importers) ctx.project.importers.set(candidate, (importers = new Set()));
    importers.add(ctx.file.path);
    if (!mentions) return;
    const list = sources(candidate);
    if (!list || route === undefined || list.some((s) => s === undefined || mayMatch(s, route))) corsElsewhere.push(candidate);
  };
  for (const name of ['middleware', 'proxy']) for (const ext of SCRIPT_EXTS) check(path.join(roots.appParent, name + ext), (f) => middlewareMatchers(f, ctx));
  for (const ext of ['.js', '.mjs', '.ts', '.cjs', '.mts']) check(path.join(roots.root, 'next.config' + ext), (f) => configSources(f, ctx));
  check(path.join(roots.root, 'vercel.json'), (f) => vercelSources(f, ctx));
  return { corsElsewhere };
}

/** `export const config = { matcher: '/api/:path*' }` (a string, a list, or `{ source }` objects); none: every path. */
function middlewareMatchers(filePath: string, ctx: AnalysisContext): (string | undefined)[] | undefined {
  const file = loadFile(ctx.project, filePath);
  if (!file) return undefined;
  if (!findExport(ctx.project, file, 'config')) return [undefined];
  const config = exportValue(file, 'config', { ...ctx, file, env: undefined });
  const matcher = property(config, 'matcher', { ...ctx, file });
  const out: (string | undefined)[] = [];
  for (const m of alternatives(matcher)) {
    const items: readonly Value[] = m.kind === 'array' ? (m.open ? [...m.elements, m] : m.elements) : [m];
    for (const item of items) out.push(item.kind === 'object' ? stringOf(item.props.get('source') ?? item) : stringOf(item));
  }
  return out.length > 0 ? out : [undefined];
}

function configSources(filePath: string, ctx: AnalysisContext): (string | undefined)[] | undefined {
  const file = loadFile(ctx.project, filePath);
  return file ? corsRuleSources({ ...ctx, file, env: undefined }) : undefined;
}

/** vercel.json `headers: [{ source, headers: [{ key, value }] }]`; legacy `routes` with headers count everywhere. */
function vercelSources(filePath: string, ctx: AnalysisContext): (string | undefined)[] | undefined {
  return derivedFrom(ctx.project, 'next-vercel-cors-sources', filePath, (text) => {
    try {
      const json = JSON.parse(text ?? '') as { headers?: { source?: unknown; headers?: { key?: unknown }[] }[]; routes?: unknown[] };
      if (Array.isArray(json.routes) && json.routes.length > 0) return undefined;
      return (json.headers ?? [])
        .filter((r) => (r.headers ?? []).some((h) => /^access-control-/i.test(String(h.key))))
        .map((r) => (typeof r.source === 'string' ? r.source : undefined));
    } catch {
      return undefined;
    }
  });
}

/**
 * Whether a path-to-regexp `source` may match the route path. Parameters, groups and wildcards match anything,
 * and a dynamic route segment (`[id]`) may be anything: a rule is ruled out only when its literal text cannot
 * match. Precision over recall.
 */
export function mayMatch(source: string, route: string): boolean {
  // Groups may hold regexes (`/((?!api|_next).*)`) that only a real path-to-regexp reads right.
  if (route.includes('[') || /[()]/.test(source)) return true;
  const pattern = source
    .split(/(:\w+[*+?]?|\*)/)
    .map((part, i) => (i % 2 === 1 ? '.*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  try {
    return new RegExp(`^${pattern}/?$`).test(route) || new RegExp(`^${pattern}/?$`).test(route + '/');
  } catch {
    return true;
  }
}
