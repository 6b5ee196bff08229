// vercel.json `headers` rules: which function files they add CORS headers to. Vercel applies these headers to the
// function's responses (OPTIONS included) but the function itself still has to answer OPTIONS with a 2xx, so a
// covered function's preflight is unknown, never unanswered (Vercel docs: "How can I enable CORS on Vercel?").
import * as path from 'node:path';
import { field, listOf, stringOfPlain, type ParsedConfig, type PlatformConfig } from './platform-data';

export function vercelConfig(file: string, parsed: ParsedConfig): PlatformConfig {
  const sources: string[] = [];
  let unreadable = false;
  for (const rule of listOf(field(parsed.data, 'headers')) ?? []) {
    const headers = listOf(field(rule, 'headers')) ?? [];
    const cors = headers.some((h) => /^access-control-/i.test(stringOfPlain(field(h, 'key')) ?? ''));
    if (!cors) continue;
    const source = stringOfPlain(field(rule, 'source'));
    if (source === undefined) unreadable = true;
    else sources.push(source);
  }
  const dir = path.dirname(file);
  const coversFile = (fileWithoutExt: string): boolean => {
    if (unreadable) return true;
    const route = routeOf(path.relative(dir, fileWithoutExt));
    return sources.some((s) => mayMatch(s, route));
  };
  return { file, functions: [], corsSomewhere: unreadable || sources.length > 0, coversFile };
}

/** `api/users/[id]` -> `/api/users/[id]`; `api/index` -> `/api`. */
function routeOf(rel: string): string {
  const parts = rel.split(path.sep).filter((p) => p !== '');
  if (parts[parts.length - 1] === 'index') parts.pop();
  return '/' + parts.join('/');
}

/**
 * Whether a path-to-regexp `source` may match the route. Patterns are read loosely (a parameter or group matches
 * anything), so a rule is only ruled out when its literal text cannot match: precision over recall.
 */
function mayMatch(source: string, route: string): boolean {
  if (!/[:(*[]/.test(source)) return source.replace(/\/+$/, '') === route;
  const pattern = source
    .split(/(:\w+[*+?]?|\(.*?\)[*+?]?|\*)/)
    .map((part, i) => (i % 2 === 1 ? '.*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  try {
    return new RegExp(`^${pattern}$`).test(route) || route.includes('[');
  } catch {
    return true;
  }
}
