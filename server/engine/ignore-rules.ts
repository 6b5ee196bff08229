// Ignore decisions for the walker: .gitignore files at every level (each relative to its own folder, the
// deepest one that speaks deciding, as in git) and glob lists anchored at a base folder (--ignore, config).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** One folder's .gitignore rules. The walker keeps the chain from the repository top down to the current folder. */
export interface GitignoreLevel {
  readonly dir: string;
  /** `dir` with a trailing separator, computed once: relative paths are taken by slicing it off. */
  readonly prefix: string;
  readonly rules: Ignore;
}

/** Tests a path (absolute) against a rule set; directories are tested with a trailing slash for `dir/` patterns. */
export type PathMatcher = (absolutePath: string, isDirectory: boolean) => boolean;

/** Git matches case-sensitively except on the file systems that are case-insensitive by default. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** Loads `dir/.gitignore` once per walk; null when the folder has none or it cannot be read. */
export function createGitignoreLoader(): (dir: string) => GitignoreLevel | null {
  const cache = new Map<string, GitignoreLevel | null>();
  return (dir) => {
    let level = cache.get(dir);
    if (level === undefined) {
      level = null;
      try {
        const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
        level = { dir, prefix: withTrailingSep(dir), rules: ignore({ ignorecase: IGNORE_CASE }).add(text) };
      } catch {
        // No .gitignore (the usual case), or one we may not read: nothing to apply.
      }
      cache.set(dir, level);
    }
    return level;
  };
}

/** Whether the chain of .gitignore levels (outermost first) ignores the path. */
export function isGitignored(chain: readonly GitignoreLevel[], absolutePath: string, isDirectory: boolean): boolean {
  for (let i = chain.length - 1; i >= 0; i--) {
    const level = chain[i] as GitignoreLevel;
    const rel = relativeInside(level.prefix, absolutePath, isDirectory);
    if (rel === undefined) continue;
    const verdict = level.rules.test(rel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false; // a deeper `!pattern` re-includes what a shallower file excluded
  }
  return false;
}

/** Gitignore-style globs relative to `baseDir`; undefined when there are none, so callers skip the test. */
export function createGlobMatcher(globs: readonly string[], baseDir: string): PathMatcher | undefined {
  if (globs.length === 0) return undefined;
  const rules = ignore({ ignorecase: IGNORE_CASE }).add(globs.map(toGitignorePattern));
  const prefix = withTrailingSep(baseDir);
  return (absolutePath, isDirectory) => {
    const rel = relativeInside(prefix, absolutePath, isDirectory);
    return rel !== undefined && rules.ignores(rel);
  };
}

/**
 * The folders whose .gitignore files apply to `root` from above, outermost first, ending with root's parent:
 * up to the repository top (the folder holding `.git`), or up to `cwd` outside a repository.
 */
export function ancestorDirectories(root: string, cwd: string): string[] {
  const dirs: string[] = [];
  let dir = path.dirname(root);
  if (dir === root) return dirs;
  for (;;) {
    dirs.push(dir);
    if (fs.existsSync(path.join(dir, '.git'))) return dirs.reverse();
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Not in a repository: only the folders between cwd and root, so a stray ~/.gitignore never applies.
  const cwdPrefix = withTrailingSep(cwd);
  const inside = dirs.filter((d) => d === cwd || relativeInside(cwdPrefix, d, true) !== undefined);
  return inside.reverse();
}

/** `--ignore ./src/gen` and `--ignore src/gen` mean the same folder. */
function toGitignorePattern(glob: string): string {
  const negated = glob.startsWith('!');
  let body = negated ? glob.slice(1) : glob;
  if (path.sep === '\\') body = body.replace(/\\/g, '/'); // elsewhere a backslash is gitignore's escape
  body = body.replace(/^\.\//, '');
  return (negated ? '!' : '') + body;
}

function withTrailingSep(dir: string): string {
  return dir.endsWith(path.sep) ? dir : dir + path.sep;
}

/**
 * Path of `target` relative to the folder `prefix` names (with its trailing separator), forward slashes, or
 * undefined when not strictly inside. Paths here are absolute and normalized, so a prefix test does what
 * path.relative would, many times cheaper: the walker asks this for every entry.
 */
function relativeInside(prefix: string, target: string, isDirectory: boolean): string | undefined {
  if (target.length <= prefix.length || !target.startsWith(prefix)) return undefined;
  const rel = target.slice(prefix.length);
  const slashed = path.sep === '/' ? rel : rel.split(path.sep).join('/');
  return isDirectory ? slashed + '/' : slashed;
}
