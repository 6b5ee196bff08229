import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AST_NODE_TYPES as T, type TSESTree } from '@typescript-eslint/types';
import { parse } from '@typescript-eslint/typescript-estree';
import type { Finding } from '../../server/engine/lint';
import type { Edit, Fix } from '../../server/model/fix';
import { ruleSuite } from '../helpers/fixtures';

const RULE = 'substring-origin-check';
const EXACT_FIX = 'Replace with an exact origin check';

/** Fixtures whose exact-check rewrite was evaluated on sample origins (and why others were not). */
const verified: string[] = [];
const notEvaluated: string[] = [];

ruleSuite(RULE, (fixture, findings) => {
  for (const finding of findings) {
    if (finding.rule !== RULE) continue;
    for (const fix of finding.fixes) if (fix.title === EXACT_FIX) checkExactFix(fixture, finding, fix);
  }
});

describe(`${RULE}: exact-check rewrites on sample origins`, () => {
  it('evaluated the rewrites of the fixtures whose checks are pure expressions of `origin`', () => {
    assert.ok(verified.length >= 10, `only ${verified.length} rewrites evaluated: ${verified.join(', ')}\nnot evaluated:\n  ${notEvaluated.join('\n  ')}`);
  });
});

/**
 * The rewrite must still accept the origins the author meant (derived from the literal of the old check) and
 * must reject the bypass the message names, which the old check accepts. Both checks are snippets of our own
 * fixtures, evaluated only when they read nothing but `origin` (and `new URL`).
 */
function checkExactFix(fixture: string, finding: Finding, fix: Fix): void {
  const where = `${path.basename(fixture)}: ${finding.message}`;
  assert.equal(fix.edits.length, 1, `${where}: one edit expected`);
  const { before, after } = checkTexts(finding, fix.edits[0] as Edit);
  const oldCheck = compile(before);
  const newCheck = compile(after);
  const bypass = /, so (\S+) passes/.exec(finding.message)?.[1];
  if (!oldCheck || !newCheck || !bypass) {
    notEvaluated.push(`${path.basename(fixture)}: ${before} -> ${after}${bypass ? '' : ' (no bypass named)'}`);
    return;
  }
  const intended = intendedOrigins(before);
  assert.ok(intended.length > 0, `${where}: no intended origin derived from ${before}`);
  for (const origin of intended) {
    assert.equal(oldCheck(origin), true, `${where}: intended ${origin} should pass the old check ${before}`);
    assert.equal(newCheck(origin), true, `${where}: the rewrite ${after} rejects ${origin}, which ${before} was meant to admit`);
  }
  assert.equal(oldCheck(bypass), true, `${where}: the bypass ${bypass} named in the message does not pass ${before}`);
  assert.equal(newCheck(bypass), false, `${where}: the rewrite ${after} still admits the bypass ${bypass}`);
  verified.push(path.basename(fixture));
}

/** The old check (the finding's span) and the new one (that span with the edit applied, or the edited text). */
function checkTexts(finding: Finding, edit: Edit): { before: string; after: string } {
  if (edit.file === finding.file && finding.span[0] <= edit.span[0] && edit.span[1] <= finding.span[1]) {
    const before = fs.readFileSync(finding.file, 'utf8').slice(finding.span[0], finding.span[1]);
    const start = edit.span[0] - finding.span[0];
    const end = edit.span[1] - finding.span[0];
    return { before, after: before.slice(0, start) + edit.text + before.slice(end) };
  }
  return { before: fs.readFileSync(edit.file, 'utf8').slice(edit.span[0], edit.span[1]), after: edit.text };
}

function parseExpression(text: string): TSESTree.Expression | undefined {
  try {
    const program = parse(`(${text});`, { range: true });
    const stmt = program.body[0];
    return program.body.length === 1 && stmt?.type === T.ExpressionStatement ? stmt.expression : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `text` as a predicate on `origin`: an expression reading only `origin` and `URL`, or a bare RegExp literal
 * (an entry of a cors origin list, which the library applies with `.test(origin)`).
 */
function compile(text: string): ((origin: string) => boolean) | undefined {
  const expr = parseExpression(text);
  if (!expr) return undefined;
  const body = expr.type === T.Literal && 'regex' in expr ? `(${text}).test(origin)` : text;
  const free = freeIdentifiers(parseExpression(body) as TSESTree.Node);
  if (![...free].every((name) => name === 'origin' || name === 'URL')) return undefined;
  const fn = new Function('origin', `return (${body});`) as (origin: string) => unknown;
  return (origin) => {
    try {
      return Boolean(fn(origin));
    } catch {
      return false; // `new URL('garbage')` throws: the check does not pass
    }
  };
}

function freeIdentifiers(root: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  walk(root, undefined, (node, parent) => {
    if (node.type === T.ThisExpression) names.add('this');
    if (node.type !== T.Identifier) return;
    if (parent?.type === T.MemberExpression && parent.property === node && !parent.computed) return;
    if (parent?.type === T.Property && parent.key === node && !parent.computed) return;
    names.add(node.name);
  });
  return names;
}

function walk(node: TSESTree.Node, parent: TSESTree.Node | undefined, visit: (n: TSESTree.Node, p: TSESTree.Node | undefined) => void): void {
  visit(node, parent);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'range' || key === 'loc') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') walk(child as TSESTree.Node, node, visit);
    }
  }
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(:\d+)?$/i;
const HOST = /^[a-z0-9.-]+$/i;
const LOCAL = /^(localhost|127\.0\.0\.1)$/;
// Tests that reach for the host wherever it sits in the origin, so for its subdomains too.
const ANYWHERE = new Set(['includes', 'indexOf', 'endsWith', 'match', 'search']);

/** The origins the author of `check` evidently meant, read from its string and regex literals. */
function intendedOrigins(check: string): string[] {
  const expr = parseExpression(check);
  const out = new Set<string>();
  if (!expr) return [];
  walk(expr, undefined, (node, parent) => {
    if (node.type !== T.Literal) return;
    if ('regex' in node && node.regex) {
      for (const o of fromRegex(node.regex.pattern)) out.add(o);
      return;
    }
    if (typeof node.value !== 'string') return;
    const method = parent?.type === T.CallExpression && parent.callee.type === T.MemberExpression && parent.callee.property.type === T.Identifier ? parent.callee.property.name : undefined;
    for (const o of fromText(node.value, method !== undefined && ANYWHERE.has(method))) out.add(o);
  });
  return [...out];
}

function fromText(value: string, anywhere: boolean): string[] {
  if (value.includes('://')) {
    if (!ORIGIN.test(value)) return [];
    const host = new URL(value).hostname;
    // A local dev server is meant on whatever port it runs.
    return LOCAL.test(host) && !/:\d+$/.test(value) ? [value, `${value}:3000`] : [value];
  }
  const host = value.replace(/^\.+/, '');
  if (!HOST.test(host) || !host.includes('.') && !LOCAL.test(host)) return [];
  const out = value.startsWith('.') ? [] : [`https://${host}`];
  if (anywhere || value.startsWith('.')) out.push(`https://www.${host}`);
  if (LOCAL.test(host)) out.push(`http://${host}:3000`);
  return out;
}

/** `/^https:\/\/app\.example\.com/` -> https://app.example.com; patterns with other syntax give nothing. */
function fromRegex(pattern: string): string[] {
  const anchored = pattern.startsWith('^');
  const plain = pattern
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\((\?:)?\[a-z0-9-\]\+\\\.\)\*/g, '')
    .replace(/https\?/g, 'https')
    .replace(/\\([/.:-])/g, '$1');
  if (/[\\()[\]{}*+?|^$]/.test(plain)) return [];
  return fromText(plain, !anchored);
}
