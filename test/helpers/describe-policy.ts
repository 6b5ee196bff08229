// Compact, span-free descriptions of CORS policies, for adapter tests that compare them with assert.deepEqual.
// Framework-neutral: any adapter's policies describe the same way.
//
//   { framework: 'cors', label: 'cors() middleware', route: 'PUT /x', origin: ['reflect:checked'],
//     credentials: false, preflight: 'unanswered', vary: true, triggers: ['the route accepts PUT requests'] }
//
// `describePolicy(p)` gives the default fields; pass `extra` for more (methods, matchers, fixes, ...).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../server/engine/config';
import { createDiskHost } from '../../server/engine/disk-host';
import { lintText, type FileHost } from '../../server/engine/lint';
import { matchersOf, type OriginCheck, type OriginMatcher } from '../../server/model/origin-check';
import { variesByOrigin } from '../../server/model/grants';
import type { CorsPolicy, OriginGrant } from '../../server/model/policy';
import { makeTree, removeTree } from './temp-tree';

/** How one way of answering Access-Control-Allow-Origin is described. */
export type GrantDescription =
  | 'wildcard'
  | 'none'
  | 'unknown'
  | 'reflect:always' /* the request Origin echoed, whatever it is */
  | 'reflect:checked' /* echoed when a check on the Origin passes */
  | 'reflect:never' /* a reflecting branch that can never run */
  | `fixed:${string}`;

export interface PolicyDescription {
  framework: string;
  label: string;
  /** `PUT /x`; `PUT` when the path is not readable; absent when not attached to specific routes. */
  route?: string;
  /** The distinct ways the header can come out, in the order first seen. */
  origin: GrantDescription[];
  credentials: boolean | 'unknown';
  preflight: 'answered' | 'unanswered' | 'unknown';
  /**
   * Whether responses carry `Vary: Origin` where Access-Control-Allow-Origin varies. `'n/a'` when it cannot vary
   * (one fixed origin, `*`, none, unknown): the model's raw value means nothing there.
   */
  vary: boolean | 'unknown' | 'n/a';
  /**
   * The reasons browsers will preflight, in order. Adapters may compute them only where they matter (an
   * unanswered preflight) and leave them empty otherwise.
   */
  triggers: string[];
  // Extra fields, only when asked for:
  methods?: readonly string[] | '*' | 'unknown';
  allowedHeaders?: readonly string[] | '*' | 'mirror' | 'unknown';
  exposedHeaders?: readonly string[] | '*' | 'unknown';
  maxAge?: number | 'unknown' | null;
  /** Every matcher of every reflecting grant's check (see describeMatcher). */
  matchers?: string[];
  /** Titles of the fixes the adapter offers, by kind: `addVaryOrigin: Add Vary: Origin`. */
  fixes?: string[];
}

export type ExtraField = 'methods' | 'allowedHeaders' | 'exposedHeaders' | 'maxAge' | 'matchers' | 'fixes';

export function describeGrant(grant: OriginGrant): GrantDescription {
  switch (grant.kind) {
    case 'fixed':
      return `fixed:${grant.value}`;
    case 'reflect':
      if (grant.when.op === 'const') return grant.when.value ? 'reflect:always' : 'reflect:never';
      return 'reflect:checked';
    default:
      return grant.kind;
  }
}

/**
 * One matcher as text: `equals:https://a.com`, `suffix(hostname):.example.com`, `regex:^https://a\.com$/g`,
 * `trusted`, `present`; `:stateful` appended for a /g or /y RegExp whose lastIndex the library never resets.
 */
export function describeMatcher(m: OriginMatcher): string {
  const part = m.part === 'origin' ? '' : `(${m.part})`;
  const value = m.value === undefined ? '' : `:${m.value}${m.test === 'regex' ? `/${m.flags ?? ''}` : ''}`;
  return `${m.test}${part}${value}${m.stateful ? ':stateful' : ''}`;
}

export function matchersOfGrants(grants: readonly OriginGrant[]): string[] {
  return grants.flatMap((g) => (g.kind === 'reflect' ? matchersOf(g.when as OriginCheck).map(describeMatcher) : []));
}

export function describePolicy(policy: CorsPolicy, extra: readonly ExtraField[] = []): PolicyDescription {
  const route = policy.route ? `${policy.route.methods.join('/')}${policy.route.path !== undefined ? ` ${policy.route.path}` : ''}` : undefined;
  const out: PolicyDescription = {
    framework: policy.framework,
    label: policy.label,
    ...(route !== undefined ? { route } : {}),
    origin: [...new Set(policy.origin.value.map(describeGrant))],
    credentials: policy.credentials.value,
    preflight: policy.preflight.value,
    vary: variesByOrigin(policy.origin.value) ? policy.varyOrigin.value : 'n/a',
    triggers: policy.preflightTriggers.map((t) => t.reason),
  };
  for (const field of extra) {
    switch (field) {
      case 'methods':
        out.methods = policy.methods.value;
        break;
      case 'allowedHeaders':
        out.allowedHeaders = policy.allowedHeaders.value;
        break;
      case 'exposedHeaders':
        out.exposedHeaders = policy.exposedHeaders.value;
        break;
      case 'maxAge':
        out.maxAge = policy.maxAge.value ?? null;
        break;
      case 'matchers':
        out.matchers = matchersOfGrants(policy.origin.value);
        break;
      case 'fixes':
        out.fixes = Object.entries(policy.fixes)
          .filter(([, fix]) => fix !== undefined)
          .map(([kind, fix]) => `${kind}: ${(fix as { title: string }).title}`);
        break;
    }
  }
  return out;
}


/** Descriptions in source order of the policies' sites (adapters may yield them in any order). */
export function describePolicies(policies: readonly CorsPolicy[], extra: readonly ExtraField[] = []): PolicyDescription[] {
  return [...policies]
    .sort((a, b) => a.site.file.localeCompare(b.site.file) || a.site.span[0] - b.site.span[0] || a.site.span[1] - b.site.span[1])
    .map((p) => describePolicy(p, extra));
}

export interface PolicyRunOptions {
  readonly config?: ResolvedConfig;
  readonly host?: FileHost;
}

/** Lints `text` as `filePath` (imports are read from disk) and returns the policies the adapters found. */
export function policiesOf(filePath: string, text: string, options: PolicyRunOptions = {}): readonly CorsPolicy[] {
  const errors: unknown[] = [];
  const result = lintText(filePath, text, {
    config: options.config ?? DEFAULT_CONFIG,
    host: options.host ?? createDiskHost(),
    withPolicies: true,
    onError: (e) => errors.push(e),
  });
  assert.deepEqual(errors, [], `adapters and rules must not throw on ${filePath}`);
  assert.equal(result.kind, 'linted', `${filePath} was skipped: ${result.kind === 'skipped' ? result.reason : ''}`);
  return result.kind === 'linted' ? (result.policies ?? []) : [];
}

/** Shorthand: the descriptions of the policies found in `text`. */
export function describeText(filePath: string, text: string, extra: readonly ExtraField[] = [], options: PolicyRunOptions = {}): PolicyDescription[] {
  return describePolicies(policiesOf(filePath, text, options), extra);
}

/**
 * Writes `files` into a temp dir, lints `main` there and describes its policies: on disk, so that imports and the
 * neighbouring files an adapter reads (package.json, route folders) resolve as they would in a project.
 */
export function describeTree(files: Record<string, string>, main: string, extra: readonly ExtraField[] = []): PolicyDescription[] {
  const root = makeTree(files);
  try {
    const file = path.join(root, main);
    return describeText(file, fs.readFileSync(file, 'utf8'), extra);
  } finally {
    removeTree(root);
  }
}

/** describeTree for a project of one file. */
export function describeSingleFile(main: string, code: string, extra: readonly ExtraField[] = []): PolicyDescription[] {
  return describeTree({ [main]: code }, main, extra);
}

/** The fields every expected description must name, and that differ from one kind of policy to the next. */
export type PolicyDefaults = Pick<PolicyDescription, 'framework' | 'label' | 'origin' | 'preflight'>;

/**
 * A maker of expected descriptions for one kind of policy, so that a test names only what differs from what that
 * library or handler gives by default (no credentials, no preflight triggers).
 */
export function expectPolicy(defaults: PolicyDefaults): (o?: Partial<PolicyDescription>) => PolicyDescription {
  // A fresh origin array each time: one expectation edited in place must not change the next.
  return (o = {}) => ({ ...defaults, origin: [...defaults.origin], credentials: false, vary: 'n/a', triggers: [], ...o });
}
