// Lints open documents through the shared project and remembers each result for the document version it was
// computed on, so the diagnostics, code actions and hover of one text share a single lint.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText, type LintResult } from '../engine/lint';
import type { Project } from '../engine/modules';
import type { EditorProject } from './editor-project';
import { describeError, type Log } from './log';
import { uriToPath } from './uri';

export interface Analysis {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  readonly text: string;
  readonly result: LintResult;
}

export interface Analyzer {
  /** The lint of the document's current text: remembered when the version matches, computed otherwise. */
  analyze(doc: TextDocument): Analysis | undefined;
  /** Results last computed for open documents (any version), for hovers reaching across files. */
  all(): Iterable<Analysis>;
  /** Forget a document's result: closed, or a file it imports changed (same version, different answer). */
  forget(uri: string): void;
}

export function createAnalyzer(editor: EditorProject, log: Log): Analyzer {
  const results = new Map<string, Analysis>();
  return {
    analyze(doc) {
      const cached = results.get(doc.uri);
      if (cached && cached.version === doc.version) return cached;
      const filePath = uriToPath(doc.uri);
      if (filePath === undefined) return undefined;
      const text = doc.getText();
      const result = lintSafely(editor, editor.project, filePath, text, log);
      const analysis: Analysis = { uri: doc.uri, path: filePath, version: doc.version, text, result };
      results.set(doc.uri, analysis);
      return analysis;
    },
    all: () => results.values(),
    forget: (uri) => void results.delete(uri),
  };
}

/** Lints through `project`; an exception becomes a skip (and a log line), never a dead server. */
export function lintSafely(editor: EditorProject, project: Project, filePath: string, text: string, log: Log): LintResult {
  const onError = (error: unknown, where: string): void => log.error(`cors-lint: ${where} threw on ${filePath}: ${describeError(error)}`);
  try {
    return lintText(filePath, text, { config: editor.configFor(filePath), project, onError, withPolicies: true });
  } catch (error) {
    onError(error, 'the engine');
    return { kind: 'skipped', reason: 'internal error (logged)' };
  }
}
