// Runs the CLI in-process with captured output, and a scriptable stand-in for the engine so CLI behaviour
// (exit codes, formats, --fix) is tested without depending on what the real rules find.
import { runCli } from '../../server/cli/run';
import type { LintFunction } from '../../server/cli/lint-files';
import type { Finding, LintOptions } from '../../server/engine/lint';
import type { Fix } from '../../server/model/fix';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runInProcess(argv: readonly string[], cwd: string, lint?: LintFunction): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    ...(lint ? { lint } : {}),
  });
  return { code, stdout, stderr };
}

export interface LintCall {
  readonly file: string;
  readonly text: string;
  readonly options: LintOptions;
}

/**
 * A fake engine reading markers: ERROR_HERE (error), WARN_HERE (warning), INFO_HERE (info), THROW (throws),
 * SKIP_ME (engine skip); `cors()` not followed by the comment marker gets a warning with a safe fix inserting
 * it, plus an unsafe fix that --fix must never apply.
 */
export function markerLint(calls: LintCall[] = []): LintFunction {
  return (file, text, options) => {
    calls.push({ file, text, options });
    if (text.includes('THROW')) throw new Error('boom');
    if (text.includes('SKIP_ME')) return { kind: 'skipped', reason: 'syntax error (fake)' };
    const findings: Finding[] = [];
    const markers = [
      ['ERROR_HERE', 'wildcard-credentials', 'error'],
      ['WARN_HERE', 'missing-preflight', 'warning'],
      ['INFO_HERE', 'substring-origin-check', 'info'],
    ] as const;
    for (const [marker, rule, severity] of markers) {
      for (const m of text.matchAll(new RegExp(marker, 'g'))) {
        const at = m.index ?? 0;
        findings.push({ rule, severity, message: `${marker} found`, file, span: [at, at + marker.length], fixes: [] });
      }
    }
    for (const m of text.matchAll(/cors\(\)(?!\/\*vary\*\/)/g)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      const safe: Fix = { title: 'Add Vary: Origin', safe: true, edits: [{ file, span: [end, end], text: '/*vary*/' }] };
      const unsafe: Fix = { title: 'Restrict origins', safe: false, edits: [{ file, span: [at, end], text: 'cors({ origin: false })' }] };
      findings.push({ rule: 'missing-vary-origin', severity: 'warning', message: 'no Vary: Origin', file, span: [at, end], fixes: [safe, unsafe] });
    }
    return { kind: 'linted', findings };
  };
}
