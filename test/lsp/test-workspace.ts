// Test workspaces for the language-server tests: a temp copy of the example API, URIs, and where a piece of text
// sits as a zero-based LSP range.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTree } from '../helpers/temp-tree';

const repo = path.join(__dirname, '..', '..');

export const uriOf = (filePath: string): string => pathToFileURL(filePath).href;

/** A temp workspace holding a copy of examples/express-api (plus `extra` files); returns its root. */
export function exampleWorkspace(extra: Readonly<Record<string, string>> = {}): string {
  const root = makeTree(extra);
  fs.cpSync(path.join(repo, 'examples', 'express-api'), root, { recursive: true });
  return root;
}

/** Zero-based range of the `nth` occurrence of `needle` in `text`, as the server reports ranges. */
export function rangeOfText(text: string, needle: string, nth = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  const pos = (offset: number): { line: number; character: number } => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
  };
  return { start: pos(at), end: pos(at + needle.length) };
}
