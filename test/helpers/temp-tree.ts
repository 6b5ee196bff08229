// Builds throwaway file trees for tests from a plain object (path -> content or symlink), and removes them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type TreeEntry = string | Buffer | { readonly symlink: string } | { readonly dir: true };

/** Creates the tree in a fresh temp folder and returns its real path (macOS /tmp is a symlink). */
export function makeTree(entries: Readonly<Record<string, TreeEntry>>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-test-')));
  addToTree(root, entries);
  return root;
}

export function addToTree(root: string, entries: Readonly<Record<string, TreeEntry>>): void {
  for (const [rel, entry] of Object.entries(entries)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) fs.writeFileSync(full, entry);
    else if ('symlink' in entry) fs.symlinkSync(entry.symlink, full);
    else fs.mkdirSync(full, { recursive: true });
  }
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Paths relative to root with forward slashes, for readable assertions. */
export function relativeAll(root: string, paths: readonly string[]): string[] {
  return paths.map((p) => path.relative(root, p).split(path.sep).join('/'));
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
