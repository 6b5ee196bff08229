// The run's results in the shape every output format starts from: paths relative to cwd, 1-based positions,
// findings in file and text order. Formatters only arrange this; they compute nothing about files.
import * as path from 'node:path';
import { createLineIndex, lineText, positionAt } from '../engine/positions';
import type { SkippedFile } from '../engine/files';
import type { Severity } from '../model/rule';
import type { PassOutcome } from './lint-files';

export interface ReportFinding {
  /** Relative to cwd, forward slashes. */
  readonly file: string;
  readonly absoluteFile: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** Exclusive: the column of the span's end offset. */
  readonly endColumn: number;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Has a fix that --fix may apply. */
  readonly fixable: boolean;
  /** The text of the finding's first line, for fingerprints. */
  readonly lineText: string;
}

export interface Report {
  readonly cwd: string;
  readonly filesScanned: number;
  readonly findings: readonly ReportFinding[];
  /** `file` relative to cwd, forward slashes. */
  readonly skipped: readonly SkippedFile[];
}

export function buildReport(outcome: PassOutcome, cwd: string): Report {
  const findings: ReportFinding[] = [];
  for (const linted of outcome.linted) {
    if (linted.findings.length === 0) continue;
    const index = createLineIndex(linted.text);
    for (const finding of linted.findings) {
      const start = positionAt(index, finding.span[0]);
      const end = positionAt(index, finding.span[1]);
      findings.push({
        file: displayPath(linted.file, cwd),
        absoluteFile: linted.file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        fixable: finding.fixes.some((fix) => fix.safe),
        lineText: lineText(index, start.line),
      });
    }
  }
  findings.sort(compareFindings);
  const skipped = outcome.skipped
    .map((s) => ({ file: displayPath(s.file, cwd), reason: s.reason }))
    .sort((a, b) => compareStrings(a.file, b.file));
  return { cwd, filesScanned: outcome.linted.length, findings, skipped };
}

/** A path as reports show it: relative to cwd when inside it (or near it), always with forward slashes. */
export function displayPath(absolutePath: string, cwd: string): string {
  const rel = path.relative(cwd, absolutePath);
  const shown = rel === '' ? '.' : path.isAbsolute(rel) ? absolutePath : rel;
  return shown.split(path.sep).join('/');
}

export function countBySeverity(findings: readonly ReportFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
