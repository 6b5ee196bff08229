// Which @middy/http-cors major version a file runs with: the installed package (node_modules, walking up like
// Node's resolution), else the range the nearest package.json asks for. Read through the FileHost, cached per text.
import * as path from 'node:path';
import { derivedFrom } from '../engine/modules';
import type { AnalysisContext } from '../engine/origin-reads';

/** The installed major (node_modules), else the one the nearest package.json asks for (`^5.1.0` -> 5). */
export function middyMajor(ctx: AnalysisContext): number | undefined {
  let declared: number | undefined;
  let seenPackage = false;
  let dir = path.dirname(ctx.file.path);
  for (let level = 0; level < 12; level++) {
    const installed = derivedFrom(ctx.project, 'json-version', path.join(dir, 'node_modules', '@middy', 'http-cors', 'package.json'), (t) => majorOf(jsonField(t, ['version'])));
    if (installed !== undefined) return installed;
    if (!seenPackage) {
      const pkg = derivedFrom(ctx.project, 'middy-range', path.join(dir, 'package.json'), (t) => (t === undefined ? undefined : { major: dependencyMajor(t) }));
      if (pkg) {
        seenPackage = true;
        declared = pkg.major;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return declared;
}

function dependencyMajor(text: string): number | undefined {
  for (const group of ['dependencies', 'devDependencies', 'peerDependencies']) {
    // Middy's packages are released together: @middy/core's range tells the http-cors version too.
    for (const name of ['@middy/http-cors', '@middy/core']) {
      const major = majorOf(jsonField(text, [group, name]));
      if (major !== undefined) return major;
    }
  }
  return undefined;
}

function jsonField(text: string | undefined, keys: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  try {
    let v: unknown = JSON.parse(text);
    for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `5.1.0`, `^5.1.0`, `~5.1`, `5.x` -> 5; ranges spanning majors (`>=4`, `4 || 5`) -> undefined. */
function majorOf(range: string | undefined): number | undefined {
  const m = range === undefined ? null : /^\s*[\^~=v]?\s*(\d+)(\.[\dx*]+)*(-[\w.]+)?\s*$/.exec(range);
  return m ? Number(m[1]) : undefined;
}
