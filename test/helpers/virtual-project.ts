// Lints one file of a project held in memory (paths relative to a virtual root), through an in-memory FileHost:
// for adapters that read more than the linted file (imports, deploy configs, package.json).
import * as path from 'node:path';
import { describeText, type ExtraField, type PolicyDescription } from './describe-policy';

const ROOT = path.join(path.sep, 'virtual', 'app');
const PACKAGE = '{ "name": "api", "private": true }';

/** Describes the policies of `main` among `files`; a package.json at the root unless `files` has one. */
export function virtualPolicies(files: Record<string, string>, main: string, extra: readonly ExtraField[] = []): PolicyDescription[] {
  const texts = new Map(Object.entries({ 'package.json': PACKAGE, ...files }).map(([rel, text]) => [path.join(ROOT, rel), text]));
  const file = path.join(ROOT, main);
  return describeText(file, texts.get(file) as string, extra, { host: { readFile: (p) => texts.get(p) } });
}
