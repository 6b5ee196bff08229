// The CLI as a function: arguments and output streams in, exit code out (0 clean, 1 errors found, 2 usage or
// config error). Tests call it in-process; server/cli.ts only wires it to the real process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkFiles } from '../engine/files';
import { lintText } from '../engine/lint';
import { HELP_TEXT, parseArgs, type CliOptions } from './args';
import { fixUntilStable, type FixSummary } from './fix';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { lintFiles, resolveConfigs, type LintFunction, type PassOutcome } from './lint-files';
import { buildReport, displayPath, type Report } from './report';
import { TOOL_NAME, TOOL_VERSION } from './tool-info';

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
  /** The engine; tests substitute one. */
  readonly lint?: LintFunction;
}

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS_FOUND = 1;
export const EXIT_USAGE = 2;

export function runCli(argv: readonly string[], io: CliIo): number {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(HELP_TEXT);
      return EXIT_CLEAN;
    case 'version':
      io.stdout(`${TOOL_VERSION}\n`);
      return EXIT_CLEAN;
    case 'usage-error':
      io.stderr(`${TOOL_NAME}: ${parsed.message}\nRun "${TOOL_NAME} --help" for usage.\n`);
      return EXIT_USAGE;
    case 'run':
      return lintAndReport(parsed.options, io);
  }
}

function lintAndReport(options: CliOptions, io: CliIo): number {
  const missing = options.paths.filter((p) => !fs.existsSync(path.resolve(io.cwd, p)));
  if (missing.length > 0) {
    io.stderr(`${TOOL_NAME}: no such file or directory: ${missing.join(', ')}\n`);
    return EXIT_USAGE;
  }
  const walk = walkFiles(options.paths, { cwd: io.cwd, ignore: options.ignore });
  const resolved = resolveConfigs(walk.files);
  if ('error' in resolved) {
    io.stderr(`${TOOL_NAME}: ${resolved.error}\n`);
    return EXIT_USAGE;
  }
  const lint = io.lint ?? lintText;
  const lintPass = (): PassOutcome => {
    const pass = lintFiles(walk.files, resolved.configs, lint);
    return { linted: pass.linted, skipped: [...walk.skipped, ...pass.skipped] };
  };

  let outcome = lintPass();
  let fixSummary: FixSummary | undefined;
  if (options.fix) {
    const fixed = fixUntilStable(outcome, lintPass);
    outcome = fixed.outcome;
    fixSummary = fixed.summary;
    for (const failure of fixSummary.failures) {
      io.stderr(`${TOOL_NAME}: could not fix ${displayPath(failure.file, io.cwd)}: ${failure.reason}\n`);
    }
  }

  const report = buildReport(outcome, io.cwd);
  io.stdout(render(report, options, fixSummary));
  return report.findings.some((f) => f.severity === 'error') ? EXIT_ERRORS_FOUND : EXIT_CLEAN;
}

function render(report: Report, options: CliOptions, fixSummary: FixSummary | undefined): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'text':
      return formatText(
        report,
        fixSummary ? { fixed: { fixes: fixSummary.fixesApplied, files: fixSummary.filesChanged.length } } : {},
      );
  }
}
