// Human output: one line per finding (`file:line:col  severity  message  rule`), a summary line, then one
// line per skipped file. Plain text without colour so it greps and diffs cleanly in CI logs.
import { countBySeverity, type Report } from './report';

export interface TextExtras {
  /** Set after --fix: how many fixes were written, in how many files. */
  readonly fixed?: { readonly fixes: number; readonly files: number };
}

export function formatText(report: Report, extras: TextExtras = {}): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.file}:${f.line}:${f.column}  ${f.severity}  ${oneLine(f.message)}  ${f.rule}`);
  }
  if (extras.fixed) {
    lines.push(`fixed ${plural(extras.fixed.fixes, 'problem')} in ${plural(extras.fixed.files, 'file')}`);
  }
  const counts = countBySeverity(report.findings);
  lines.push(
    `${plural(report.findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
      `${plural(counts.info, 'info')}) in ${plural(report.filesScanned, 'file')}`,
  );
  for (const s of report.skipped) lines.push(`skipped ${s.file}: ${oneLine(s.reason)}`);
  return lines.join('\n') + '\n';
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}
