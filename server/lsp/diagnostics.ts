// Push diagnostics for open documents: debounced per document, published only for the version they were computed
// on (a result whose document moved on is dropped), and left as they are while the text does not parse, so typing
// through a syntax error keeps the last good squiggles instead of flickering them away.
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { screenText } from '../engine/parse';
import { createLineIndex } from '../engine/positions';
import type { Analysis, Analyzer } from './analysis';
import { guard, type Log } from './log';
import { toDiagnostic } from './to-lsp';

export interface DiagnosticsDeps {
  readonly document: (uri: string) => TextDocument | undefined;
  readonly analyzer: Analyzer;
  readonly publish: (params: PublishDiagnosticsParams) => void;
  readonly log: Log;
  readonly debounceMs: number;
}

export interface Diagnostics {
  /** Lint after the debounce; a newer call for the same document restarts the wait. */
  schedule(uri: string): void;
  /** Lint and publish now (open, save, a scan reaching an open document). */
  lintNow(uri: string): void;
  /** Stop any pending lint and clear the document's diagnostics (closed, or the extension disabled). */
  clear(uri: string): void;
}

type Timer = { cancel(): void };

export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const timers = new Map<string, Timer>();
  const cancel = (uri: string): void => {
    timers.get(uri)?.cancel();
    timers.delete(uri);
  };
  const lintNow = guard(deps.log, 'linting', undefined, (uri: string): void => {
    cancel(uri);
    const doc = deps.document(uri);
    if (!doc) return;
    const analysis = deps.analyzer.analyze(doc);
    if (!analysis) return;
    // Linting is synchronous today, so this holds; it is the contract that keeps a slower (worker) lint honest.
    if (deps.document(uri)?.version !== analysis.version) return;
    publishAnalysis(analysis, deps);
  });
  return {
    schedule(uri) {
      cancel(uri);
      timers.set(uri, after(deps.debounceMs, () => lintNow(uri)));
    },
    lintNow,
    clear(uri) {
      cancel(uri);
      deps.publish({ uri, diagnostics: [] });
    },
  };
}

function publishAnalysis(analysis: Analysis, deps: DiagnosticsDeps): void {
  const { result, uri, version } = analysis;
  if (result.kind === 'skipped') {
    // Too large, binary, minified: nothing will be linted, so nothing stale may stay. A syntax error (or an
    // internal error, already logged) is a moment in typing: keep what was there.
    if (screenText(analysis.text) !== undefined) deps.publish({ uri, version, diagnostics: [] });
    return;
  }
  const index = createLineIndex(analysis.text);
  // A finding always belongs to the linted file; the filter only guards against ranges computed on another text.
  const diagnostics = result.findings.filter((f) => f.file === analysis.path).map((f) => toDiagnostic(index, f));
  deps.publish({ uri, version, diagnostics });
}

/** setImmediate for 0 (setTimeout's floor is 1 ms, which the bench's latency would measure), setTimeout otherwise. */
function after(ms: number, run: () => void): Timer {
  if (ms <= 0) {
    const handle = setImmediate(run);
    return { cancel: () => clearImmediate(handle) };
  }
  const handle = setTimeout(run, ms);
  return { cancel: () => clearTimeout(handle) };
}
