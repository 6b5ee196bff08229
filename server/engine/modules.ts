// Files reached through relative imports: resolution of specifiers, a parse cache, and lookup of exports.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import * as path from 'node:path';
import type { FileHost } from './lint';
import { parseSource, screenText } from './parse';
import type { Binding } from './scope';
import { indexSource, memberPath, propertyName, requiredSource, type Node, type SourceFile } from './source';

/** The files of one lint run (CLI) or one editor session (server), each parsed at most once per text. */
export interface Project {
  readonly host: FileHost;
  readonly files: Map<string, { readonly text: string; readonly file: SourceFile | undefined }>;
  /** File -> the files that import it, recorded as imports are resolved. */
  readonly importers: Map<string, Set<string>>;
  /** Values computed from non-source files (a parsed deploy config), by kind and path; see `derivedFrom`. */
  readonly derived: Map<string, { readonly text: string | undefined; readonly value: unknown }>;
}

export function createProject(host: FileHost): Project {
  return { host, files: new Map(), importers: new Map(), derived: new Map() };
}

/**
 * `compute(text)` for a file read through the host (so an editor's unsaved text counts), cached per `kind` and
 * path until the text changes; `text` is undefined for a missing file. One `kind` always computes one type.
 */
export function derivedFrom<T>(project: Project, kind: string, filePath: string, compute: (text: string | undefined) => T): T {
  const key = `${kind}:${filePath}`;
  const text = project.host.readFile(filePath);
  const cached = project.derived.get(key);
  if (cached && cached.text === text) return cached.value as T;
  const value = compute(text);
  project.derived.set(key, { text, value });
  return value;
}

/** Every file that imports `filePath`, directly or through others. */
export function dependentsOf(project: Project, filePath: string): string[] {
  const out = new Set<string>();
  const stack = [filePath];
  while (stack.length > 0) {
    for (const importer of project.importers.get(stack.pop() as string) ?? []) {
      if (!out.has(importer) && importer !== filePath) {
        out.add(importer);
        stack.push(importer);
      }
    }
  }
  return [...out];
}

/**
 * Drops `filePath` and every file that imports it: their parses hold values computed from the old text.
 * Returns the dependents, which an editor re-lints.
 */
export function forgetFile(project: Project, filePath: string): string[] {
  const dependents = dependentsOf(project, filePath);
  project.files.delete(filePath);
  for (const d of dependents) project.files.delete(d);
  return dependents;
}

/** Parses `text` as `filePath`, reusing the last parse when the text has not changed. */
export function sourceFor(project: Project, filePath: string, text: string): SourceFile | undefined {
  const cached = project.files.get(filePath);
  if (cached && cached.text === text) return cached.file;
  if (cached) forgetFile(project, filePath);
  let file: SourceFile | undefined;
  if (screenText(text) === undefined) {
    const parsed = parseSource(text, filePath);
    if (parsed.ok) file = indexSource(filePath, text, parsed.ast);
  }
  project.files.set(filePath, { text, file });
  return file;
}

export function loadFile(project: Project, filePath: string): SourceFile | undefined {
  const text = project.host.readFile(filePath);
  return text === undefined ? undefined : sourceFor(project, filePath, text);
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'];
// TypeScript's ESM convention: `import './options.js'` names `options.ts`.
const SOURCE_FOR_OUTPUT: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** Absolute path of a relative import, or undefined for packages and files that do not exist. */
export function resolveImport(project: Project, fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const ext = path.extname(base);
  const candidates = [
    ...(EXTENSIONS.includes(ext) ? [base, ...(SOURCE_FOR_OUTPUT[ext] ?? []).map((e) => base.slice(0, -ext.length) + e)] : []),
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => path.join(base, 'index' + e)),
  ];
  return candidates.find((candidate) => loadable(project, candidate));
}

/** Whether the file exists and can be read; parsing waits until a value is actually needed from it. */
function loadable(project: Project, filePath: string): boolean {
  return project.files.has(filePath) || project.host.readFile(filePath) !== undefined;
}

/** Where an export is defined: an expression or declaration in `file`, or the whole CommonJS/ESM namespace. */
export type ExportTarget =
  | { readonly kind: 'node'; readonly node: Node; readonly file: SourceFile }
  | { readonly kind: 'binding'; readonly name: string; readonly file: SourceFile }
  | { readonly kind: 'namespace'; readonly file: SourceFile };

/** Finds export `name` ('default' included) of `file`, following re-exports; CommonJS exports count too. */
export function findExport(project: Project, file: SourceFile, name: string, seen = new Set<string>()): ExportTarget | undefined {
  const key = `${file.path}#${name}`;
  if (seen.has(key)) return undefined; // export cycle
  seen.add(key);
  const starSources: string[] = [];
  for (const stmt of file.ast.body) {
    if (stmt.type === T.ExportDefaultDeclaration && name === 'default') return { kind: 'node', node: stmt.declaration, file };
    if (stmt.type === T.ExportAllDeclaration) {
      if (!stmt.exported) starSources.push(stmt.source.value);
      else if (exportedName(stmt.exported) === name) return namespaceOf(project, file, stmt.source.value);
    }
    if (stmt.type !== T.ExportNamedDeclaration) continue;
    const decl = stmt.declaration;
    if (decl && declares(decl, name)) return { kind: 'binding', name, file };
    for (const spec of stmt.specifiers) {
      if (exportedName(spec.exported) !== name) continue;
      const local = exportedName(spec.local);
      if (!stmt.source) return { kind: 'binding', name: local, file };
      const target = importedFile(project, file, stmt.source.value);
      return target && findExport(project, target, local, seen);
    }
  }
  const commonJs = commonJsExport(file, name);
  if (commonJs) return commonJs;
  for (const source of starSources) {
    const target = importedFile(project, file, source);
    const found = target && findExport(project, target, name, seen);
    if (found) return found;
  }
  return undefined;
}

function namespaceOf(project: Project, file: SourceFile, source: string): ExportTarget | undefined {
  const target = importedFile(project, file, source);
  return target && { kind: 'namespace', file: target };
}

export function importedFile(project: Project, from: SourceFile, specifier: string): SourceFile | undefined {
  const resolved = resolveImport(project, from.path, specifier);
  if (resolved === undefined) return undefined;
  recordImport(project, from.path, resolved);
  return loadFile(project, resolved);
}

function recordImport(project: Project, from: string, to: string): void {
  let importers = project.importers.get(to);
  if (!importers) project.importers.set(to, (importers = new Set()));
  importers.add(from);
}

// `from './x'`, `require('./x')`, `import('./x')`, `import './x'`: relative specifiers, found without parsing.
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?(?:\/[^'"\n]*)?)\1/g;

/**
 * Whether `file` or a workspace module it imports, directly or through others, matches `re`. Imported modules are
 * read and scanned, never parsed: a cheap screen before an analysis that can only find something where that text
 * is. The imports it walks are recorded, so an edit that adds the text to an imported module still re-lints its
 * importers.
 */
export function reachesText(project: Project, file: SourceFile, re: RegExp): boolean {
  return screened(file, `reach:${re.source}`, () => walkForText(project, file, re));
}

// Text screens, remembered per parse of the asking file (a server asks about the same `require('./db')` for every
// route): an edit to a module they read drops its importers' parses (forgetFile, through the imports the screens
// record), and these answers with them.
const screens = new WeakMap<SourceFile, Map<string, boolean>>();

function screened(file: SourceFile, key: string, compute: () => boolean): boolean {
  let answers = screens.get(file);
  if (!answers) screens.set(file, (answers = new Map()));
  let answer = answers.get(key);
  if (answer === undefined) answers.set(key, (answer = compute()));
  return answer;
}

function walkForText(project: Project, file: SourceFile, re: RegExp): boolean {
  const scan = (text: string) => ({ matches: re.test(text), specifiers: [...text.matchAll(RELATIVE_SPECIFIER)].map((m) => m[2] as string) });
  const seen = new Set([file.path]);
  const stack = [file.path];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const facts = current === file.path ? scan(file.text) : derivedFrom(project, `text:${re.source}`, current, (text) => text === undefined ? undefined : scan(text));
    if (!facts) continue;
    if (facts.matches) return true;
    for (const specifier of facts.specifiers) {
      const target = resolveImport(project, current, specifier);
      if (target === undefined) continue;
      recordImport(project, current, target);
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  return false;
}

function exportedName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === T.Identifier ? node.name : node.value;
}

function declares(decl: TSESTree.NamedExportDeclarations, name: string): boolean {
  if (decl.type === T.VariableDeclaration) {
    return decl.declarations.some((d) => d.id.type === T.Identifier && d.id.name === name);
  }
  return 'id' in decl && !!decl.id && decl.id.type === T.Identifier && decl.id.name === name;
}

/** `module.exports = x` (the default import), `module.exports.name = x` and `exports.name = x`. */
function commonJsExport(file: SourceFile, name: string): ExportTarget | undefined {
  let found: ExportTarget | undefined;
  for (const assignment of file.assignments) {
    if (assignment.operator !== '=') continue;
    const target = memberPath(assignment.left);
    if (!target) continue;
    const isModuleExports = target.length === 2 && target[0] === 'module' && target[1] === 'exports';
    if (isModuleExports && name === 'default') found = { kind: 'node', node: assignment.right, file };
    else if (isModuleExports && assignment.right.type === T.ObjectExpression) {
      const prop = assignment.right.properties.find((p) => p.type === T.Property && propertyName(p) === name);
      if (prop && prop.type === T.Property) found = { kind: 'node', node: prop.value, file };
    } else if (
      (target.length === 3 && target[0] === 'module' && target[1] === 'exports' && target[2] === name) ||
      (target.length === 2 && target[0] === 'exports' && target[1] === name)
    ) {
      found = { kind: 'node', node: assignment.right, file };
    }
  }
  return found;
}

/** Whether a file uses CommonJS `module.exports = ...` (then a default import is the whole exports object). */
export function hasCommonJsDefault(file: SourceFile): boolean {
  return file.assignments.some((a) => {
    const target = memberPath(a.left);
    return !!target && target.length === 2 && target[0] === 'module' && target[1] === 'exports';
  });
}

const sources = new WeakMap<SourceFile, readonly string[]>();

/** Packages and files the file imports or requires at its top level (`import type` included). */
export function importedSources(file: SourceFile): readonly string[] {
  let found = sources.get(file);
  if (!found) {
    const out: string[] = [];
    for (const stmt of file.ast.body) {
      if (stmt.type === T.ImportDeclaration) out.push(stmt.source.value);
      if (stmt.type !== T.VariableDeclaration) continue;
      for (const d of stmt.declarations) {
        const source = d.init ? requiredSource(d.init) : undefined;
        if (source) out.push(source);
      }
    }
    found = out;
    sources.set(file, found);
  }
  return found;
}

/** The module a name is bound to: `import { x } from 's'`, `const x = require('s')`, `const { x } = require('s').y`. */
export function boundModule(binding: Binding | undefined): string | undefined {
  if (binding?.kind === 'import') return binding.source;
  if (binding?.kind === 'variable' && binding.declarator.init) return requiredSource(binding.declarator.init);
  return undefined;
}

/**
 * Whether a workspace module's text matches `re`, read without parsing it: a cheap screen before following an
 * import. False for packages and missing files. The import is recorded: the answer changes with that text.
 */
export function moduleTextMatches(project: Project, from: SourceFile, specifier: string, re: RegExp): boolean {
  return screened(from, `module:${re.source}:${specifier}`, () => {
    const target = resolveImport(project, from.path, specifier);
    if (target === undefined) return false;
    recordImport(project, from.path, target);
    const text = project.host.readFile(target);
    return text !== undefined && re.test(text);
  });
}
