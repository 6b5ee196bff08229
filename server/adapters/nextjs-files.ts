// Which Next.js / Vercel file a path is, decided by the file conventions (nextjs.org/docs/app/api-reference/
// file-conventions): `app/**/route.ts` route handlers, `pages/api/**` API routes, `middleware.ts` (`proxy.ts` from
// Next.js 16), `next.config.*`, and Vercel Node functions in a top-level `api/` folder; plus the project root.
import * as path from 'node:path';
import { T } from '../engine/ast-types';
import type { SourceFile } from '../engine/source';

export type NextFileKind = 'route' | 'pages-api' | 'vercel-api' | 'middleware' | 'config';

const SOURCE = /\.(ts|tsx|js|jsx|mjs|mts|cjs|cts)$/;

/** The file's role, from its path; middleware also needs a `next/server` import (checked by `isNextMiddleware`). */
export function nextFileKind(filePath: string): NextFileKind | undefined {
  const parts = filePath.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  if (!SOURCE.test(base)) return undefined;
  const dirs = parts.slice(0, -1);
  if (/^next\.config\.[cm]?[jt]s$/.test(base)) return 'config';
  if (/^route\.[cm]?[jt]sx?$/.test(base) && dirs.includes('app')) return 'route';
  const pages = dirs.lastIndexOf('pages');
  if (pages >= 0 && dirs[pages + 1] === 'api') return 'pages-api';
  if (/^(middleware|proxy)\.[cm]?[jt]sx?$/.test(base)) return 'middleware';
  if (dirs.includes('api') && !dirs.includes('app') && !dirs.includes('src') && !dirs.includes('node_modules')) return 'vercel-api';
  return undefined;
}

/** Middleware is Next's only when the file uses Next's server API (a plain `middleware.ts` may be Express's). */
export function isNextMiddleware(file: SourceFile): boolean {
  return file.ast.body.some((s) => s.type === T.ImportDeclaration && /^next\/server(\.js)?$/.test(s.source.value));
}

/**
 * The folder that holds `app/` or `pages/` (where middleware.ts lives: the project root, or `src/`), and the
 * project root (where next.config.* and vercel.json live).
 */
export function nextRoots(filePath: string): { readonly appParent: string; readonly root: string } | undefined {
  const parts = filePath.split(/[\\/]/);
  const kind = nextFileKind(filePath);
  const marker = kind === 'route' ? parts.lastIndexOf('app') : kind === 'pages-api' ? parts.lastIndexOf('pages') : kind === 'vercel-api' ? parts.lastIndexOf('api') : parts.length - 1;
  if (marker <= 0) return undefined;
  const appParent = parts.slice(0, marker).join(path.sep) || path.sep;
  const root = path.basename(appParent) === 'src' ? path.dirname(appParent) : appParent;
  return { appParent, root };
}

/** `app/api/items/[id]/route.ts` -> `/api/items/[id]`; `pages/api/users/index.ts` -> `/api/users`. Groups and slots drop out. */
export function routePathOf(filePath: string): string | undefined {
  const parts = filePath.split(/[\\/]/);
  const kind = nextFileKind(filePath);
  const marker = kind === 'route' ? parts.lastIndexOf('app') : kind === 'pages-api' ? parts.lastIndexOf('pages') : kind === 'vercel-api' ? parts.lastIndexOf('api') - 1 : -1;
  if (marker < 0) return undefined;
  const segments = parts.slice(marker + 1);
  const last = (segments.pop() ?? '').replace(SOURCE, '');
  if (kind !== 'route' && last !== 'index') segments.push(last);
  const kept = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return '/' + kept.join('/');
}
