// lint(): text -> parse -> adapters -> policies -> rules -> directives -> findings. Shared by the CLI and the server.
import * as path from 'node:path';
import { adapters } from '../adapters';
import type { CorsPolicy } from '../model/policy';
import type { Fix } from '../model/fix';
import type { Problem, Severity } from '../model/rule';
import type { Span } from '../model/span';
import { rules } from '../../rules';
import type { ResolvedConfig } from './config';
import { applyDirectives } from './directives';
import { createProject, sourceFor, type Project } from './modules';
import type { AnalysisContext } from './origin-reads';
import { mayHoldCors, parseSource, screenText } from './parse';
import { createLineIndex, positionAt } from './positions';

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absolute path of the linted file; the span is in its text. */
  readonly file: string;
  readonly span: Span;
  /** Safe fixes first; the rest are suggestions a person chooses. */
  readonly fixes: readonly Fix[];
}

export type LintResult =
  | { readonly kind: 'linted'; readonly findings: readonly Finding[]; readonly policies?: readonly CorsPolicy[] }
  | { readonly kind: 'skipped'; readonly reason: string };

/** Reads other files when a policy follows an import. Returns undefined for missing or unreadable files. */
export interface FileHost {
  readFile(absolutePath: string): string | undefined;
}

export interface LintOptions {
  readonly config: ResolvedConfig;
  readonly host?: FileHost;
  /** Parses shared across calls (a CLI run, an editor session); one is made per call when absent. */
  readonly project?: Project;
  /** Told about an adapter or rule that threw; the rest of the file is still linted. */
  readonly onError?: (error: unknown, where: string) => void;
  /** Also return the policies found (for hover). */
  readonly withPolicies?: boolean;
}

const NO_FILES: FileHost = { readFile: () => undefined };

export function lintText(filePath: string, text: string, options: LintOptions): LintResult {
  const screened = screenText(text);
  if (screened) return { kind: 'skipped', reason: screened };
  if (!mayHoldCors(text)) return { kind: 'linted', findings: [] };
  const project = options.project ?? createProject(options.host ?? NO_FILES);
  const file = sourceFor(project, filePath, text);
  if (!file) {
    const parsed = parseSource(text, filePath);
    return { kind: 'skipped', reason: parsed.ok ? 'could not be analysed' : parsed.reason };
  }
  const ctx: AnalysisContext = { project, file, trustedOrigins: options.config.trustedOrigins };
  const policies = firstPerSite(adapters.map((adapter) => guarded(() => adapter.policies(ctx), `adapter ${adapter.name}`, options) ?? []));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const policy of policies) {
    for (const rule of rules) {
      const setting = options.config.rules[rule.id];
      if (setting === 'off') continue;
      for (const problem of guarded(() => rule.check(policy), `rule ${rule.id}`, options) ?? []) {
        // Keyed by where the problem is, not where it is reported: options imported into two routes are one
        // problem; one middleware on two routes may be two (their messages name the routes).
        const key = `${rule.id}@${problem.site.file}:${problem.site.span[0]}:${problem.site.span[1]}:${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(toFinding(rule.id, setting ?? problem.severity ?? rule.severity, problem, policy, project));
      }
    }
  }
  const kept = applyDirectives(file, findings, new Set(rules.map((r) => r.id)));
  kept.sort((a, b) => a.span[0] - b.span[0] || a.rule.localeCompare(b.rule));
  return { kind: 'linted', findings: kept, ...(options.withPolicies ? { policies } : {}) };
}

/** `cors-config.js:5`, relative to the linted file's folder. */
function whereIs(file: string, offset: number, from: string, project: Project): string {
  const name = path.relative(path.dirname(from), file) || path.basename(file);
  const text = project.files.get(file)?.text;
  return text === undefined ? name : `${name}:${positionAt(createLineIndex(text), offset).line}`;
}

/**
 * One setup read by two adapters (a header write in a Fastify route is also a plain header write to the generic
 * Express/node:http reading) is kept once, from the adapter registered first: the one that knows the framework
 * (its preflight rules, its idiom for fixes). Policies of one adapter are never dropped for each other.
 */
function firstPerSite(perAdapter: readonly (readonly CorsPolicy[])[]): CorsPolicy[] {
  const claimed = new Set<string>();
  const out: CorsPolicy[] = [];
  for (const policies of perAdapter) {
    const keys = policies.map((p) => `${p.site.file}:${p.site.span[0]}:${p.site.span[1]}`);
    policies.forEach((p, i) => claimed.has(keys[i] as string) || out.push(p));
    for (const k of keys) claimed.add(k);
  }
  return out;
}

function guarded<T>(run: () => T, where: string, options: LintOptions): T | undefined {
  try {
    return run();
  } catch (error) {
    options.onError?.(error, where);
    return undefined;
  }
}

/**
 * A problem whose site is in another file (options imported from `config/cors.ts`) is reported where this file
 * uses it, and says where the setting lives; the fix still edits the other file.
 */
function toFinding(rule: string, severity: Severity, problem: Problem, policy: CorsPolicy, project: Project): Finding {
  const filePath = policy.site.file;
  const local = problem.site.file === filePath;
  const span = local ? problem.site.span : problem.via?.file === filePath ? problem.via.span : policy.site.span;
  const elsewhere = local ? '' : ` (set in ${whereIs(problem.site.file, problem.site.span[0], filePath, project)})`;
  const message = elsewhere ? problem.message.replace(/\.?$/, `${elsewhere}.`) : problem.message;
  const fixes = [...problem.fixes].sort((a, b) => Number(b.safe) - Number(a.safe));
  return { rule, severity, message, file: filePath, span, fixes };
}
