// The JSON output, a contract other tools parse: exactly these keys, in this order, nothing else.
import type { Report } from './report';

export interface JsonReport {
  readonly filesScanned: number;
  readonly findings: readonly {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly rule: string;
    readonly severity: 'error' | 'warning' | 'info';
    readonly message: string;
    readonly fixable: boolean;
  }[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

export function toJsonReport(report: Report): JsonReport {
  return {
    filesScanned: report.filesScanned,
    findings: report.findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      fixable: f.fixable,
    })),
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
}

export function formatJson(report: Report): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
