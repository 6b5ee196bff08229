// Fixture files with inline expectations, checked strictly both ways: every finding expected, every
// expectation found. A caret line under a code line marks where a finding starts (and ends, on one line):
//
//   app.use(cors({ origin: true, credentials: true }));
//   //                     ^^^^ wildcard-credentials: echoes every request Origin
//
// The text after the colon must appear in the message. A fixture may set its config on its first line:
//   // @config {"trustedOrigins": ["https://app.example.com"]}
// A fixture is a file, or a folder whose files are all linted (cross-file cases). `valid-*` fixtures expect nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../server/engine/config';
import { createDiskHost } from '../../server/engine/disk-host';
import { lintText, type FileHost, type Finding } from '../../server/engine/lint';
import { parseSource, isSourcePath } from '../../server/engine/parse';
import { applyEdits } from '../../server/engine/apply-edits';
import { createLineIndex, positionAt } from '../../server/engine/positions';
import type { Fix } from '../../server/model/fix';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export interface Expectation {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly rule: string;
  readonly fragment?: string;
}

const CARET = /^(\s*)\/\/(\s*)(\^+)\s+([a-z][a-z-]*)(?::\s*(.*?))?\s*$/;

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  let target = 0;
  lines.forEach((line, i) => {
    const m = CARET.exec(line);
    if (!m) {
      target = i + 1;
      return;
    }
    const column = line.indexOf('^') + 1;
    const fragment = m[5];
    out.push({ line: target, column, endColumn: column + (m[3] as string).length, rule: m[4] as string, ...(fragment ? { fragment } : {}) });
  });
  return out;
}

export function configOf(text: string): ResolvedConfig {
  const m = /^\/\/ @config (\{.*\})\s*$/m.exec(text.split('\n')[0] ?? '');
  return m ? { ...DEFAULT_CONFIG, ...(JSON.parse(m[1] as string) as Partial<ResolvedConfig>) } : DEFAULT_CONFIG;
}

/** The fixtures of one folder: files and case folders, as absolute paths. */
export function fixtureCases(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => !name.includes('.fixed.'))
    .map((name) => path.join(dir, name))
    .filter((p) => fs.statSync(p).isDirectory() || isSourcePath(p))
    .sort();
}

export function sourceFilesOf(fixture: string): string[] {
  if (!fs.statSync(fixture).isDirectory()) return [fixture];
  // Subfolders too: a project layout is part of some cases (`pages/api/user.ts`, `src/handler.js` beside a config).
  return fs
    .readdirSync(fixture, { recursive: true, encoding: 'utf8' })
    .map((n) => path.join(fixture, n))
    .filter((p) => isSourcePath(p) && !p.includes('.fixed.') && fs.statSync(p).isFile())
    .sort();
}

export function lintFile(file: string, text = fs.readFileSync(file, 'utf8'), config = configOf(text), host: FileHost = createDiskHost()): Finding[] {
  const errors: unknown[] = [];
  const result = lintText(file, text, { config, host, onError: (e) => errors.push(e) });
  assert.deepEqual(errors, [], `adapters and rules must not throw on ${file}`);
  assert.equal(result.kind, 'linted', `${file} was skipped: ${result.kind === 'skipped' ? result.reason : ''}`);
  return result.kind === 'linted' ? [...result.findings] : [];
}

/** Lints every file of a fixture and compares findings with its caret expectations, both ways. */
export function checkFixture(fixture: string): Finding[] {
  const all: Finding[] = [];
  for (const file of sourceFilesOf(fixture)) {
    const text = fs.readFileSync(file, 'utf8');
    const findings = lintFile(file, text);
    const expected = path.basename(file).startsWith('valid-') || path.basename(fixture).startsWith('valid-') ? [] : parseExpectations(text);
    const index = createLineIndex(text);
    const actual = findings.map((f) => {
      const start = positionAt(index, f.span[0]);
      const end = positionAt(index, f.span[1]);
      return { finding: f, line: start.line, column: start.column, endColumn: end.line === start.line ? end.column : undefined };
    });
    const describe = (a: (typeof actual)[number]) => `${path.basename(file)}:${a.line}:${a.column} ${a.finding.rule}: ${a.finding.message}`;
    const unmatched = [...actual];
    for (const e of expected) {
      const i = unmatched.findIndex(
        (a) => a.finding.rule === e.rule && a.line === e.line && a.column === e.column && (a.endColumn === undefined || e.endColumn - e.column === 1 || a.endColumn === e.endColumn),
      );
      assert.ok(i >= 0, `expected ${e.rule} at ${path.basename(file)}:${e.line}:${e.column}-${e.endColumn}, got:\n  ${actual.map(describe).join('\n  ') || '(nothing)'}`);
      const hit = unmatched.splice(i, 1)[0] as (typeof actual)[number];
      if (e.fragment) assert.ok(hit.finding.message.includes(e.fragment), `message of ${describe(hit)} lacks "${e.fragment}"`);
    }
    assert.deepEqual(unmatched.map(describe), [], 'unexpected findings');
    all.push(...findings);
  }
  return all;
}

/**
 * Applies each fix of each finding to a copy of the text, re-parses it and re-lints it: the finding must be
 * gone and nothing new may appear. Returns the fixed texts by fix title, for golden comparisons.
 */
export function checkFixes(file: string, findings: readonly Finding[]): Map<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  const config = configOf(text);
  const before = findings.map(key);
  const fixed = new Map<string, string>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const edited = applyFixEverywhere(fix);
      const after = edited.get(file) ?? text;
      for (const [path, changed] of edited) {
        // A fix may edit a deploy config (serverless.yml); adapters read those back when the fixture is re-linted.
        if (!isSourcePath(path)) continue;
        const parsed = parseSource(changed, path);
        assert.ok(parsed.ok, `fix "${fix.title}" for ${finding.rule} leaves a syntax error in ${path}:\n${parsed.ok ? '' : parsed.reason}\n${changed}`);
      }
      const remaining = [...before];
      remaining.splice(remaining.indexOf(key(finding)), 1);
      // Other files the fix edits (an imported options module) are read in their fixed form.
      const disk = createDiskHost();
      const host: FileHost = { readFile: (p) => edited.get(p) ?? disk.readFile(p) };
      const now = lintFile(file, after, config, host).map(key);
      for (const k of now) {
        const i = remaining.indexOf(k);
        assert.ok(i >= 0, `fix "${fix.title}" for ${finding.rule} left or introduced: ${k}\n--- fixed text ---\n${after}`);
        remaining.splice(i, 1);
      }
      fixed.set(`${finding.rule}: ${fix.title}`, after);
    }
  }
  return fixed;
}

function key(f: Finding): string {
  return `${f.rule}: ${f.message}`;
}

/** Applies the edits of a fix that touch `file`. */
export function applyFix(file: string, text: string, fix: Fix): string {
  const edits = fix.edits.filter((e) => e.file === file);
  return applyEdits(text, edits).text;
}

/** Every file a fix edits, with its new text. */
export function applyFixEverywhere(fix: Fix): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(fix.edits.map((e) => e.file))) out.set(file, applyFix(file, fs.readFileSync(file, 'utf8'), fix));
  return out;
}

/** The suite of a rule: every fixture under test/fixtures/<rule-id>/ checked strictly, every fix applied. */
export function ruleSuite(ruleId: string, extra?: (fixture: string, findings: readonly Finding[]) => void): void {
  describe(ruleId, () => {
    for (const fixture of fixtureCases(path.join(FIXTURES, ruleId))) {
      it(path.basename(fixture), () => {
        const findings = checkFixture(fixture);
        for (const file of sourceFilesOf(fixture)) checkFixes(file, findings.filter((f) => f.file === file));
        extra?.(fixture, findings);
      });
    }
  });
}
