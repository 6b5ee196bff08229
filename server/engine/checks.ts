// From code to OriginCheck: what a condition tests about the request's Origin. `ALLOWED.includes(origin)` is
// membership, `origin.endsWith('example.com')` a suffix test, `isAllowed(origin)` whatever that helper decides.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { environmentOf, NEVER, reachedVia, type Environment, type MatchTest, type OriginCheck, type OriginMatcher, type OriginPart } from '../model/origin-check';
import { and, not, or } from '../model/check-logic';
import { guardsAround, walkFunction, type Guard } from './flow';
import { isOriginExpr, mentionsOrigin, originPartOf, type AnalysisContext } from './origin-reads';
import { resolveIdentifier, type Binding } from './scope';
import { propertyName, siteOf, stringLiteral, textOf, unwrap, type FunctionNode, type Node } from './source';
import { bindParams } from './function-calls';
import { truthiness } from './value-facts';
import { alternatives, evaluate, UNKNOWN, withBudget, type Value, type ValueOf } from './values';

/** The deployment environment the code at `node` is confined to, by the conditions around it at every level. */
export function environmentAt(node: Node, ctx: AnalysisContext): Environment | undefined {
  return environmentOf(checkOfGuards(guardsAround(ctx.file.ast, node), ctx));
}

/** The check a list of path guards amounts to. `depth` carries on from a helper being followed. */
export function checkOfGuards(guards: readonly Guard[], ctx: AnalysisContext, depth = 0): OriginCheck {
  if (!ctx.budget) return checkOfGuards(guards, withBudget(ctx), depth);
  return and(...guards.map((g) => (g.test ? (g.holds ? checkOf(g.test, ctx, depth) : not(checkOf(g.test, ctx, depth))) : opaque(false))));
}

function opaque(aboutOrigin: boolean, node?: Node, ctx?: AnalysisContext): OriginCheck {
  return node && ctx ? { op: 'opaque', aboutOrigin, site: siteOf(node, ctx) } : { op: 'opaque', aboutOrigin };
}

const MAX_DEPTH = 16;
// Combinations of argument alternatives followed one by one; past this, a helper is read once for all of them.
const MAX_SPLIT = 8;

/** What must be true of the Origin for `node` to be truthy. */
export function checkOf(node: Node, ctx: AnalysisContext, depth = 0): OriginCheck {
  // One budget per question, shared with the values it evaluates: a helper that calls itself from many places
  // fans out exponentially. What lies beyond is unknown, and rules stay silent on unknown.
  if (!ctx.budget) return checkOf(node, withBudget(ctx), depth);
  if (depth > MAX_DEPTH || --ctx.budget.steps < 0) return opaque(true, node, ctx);
  const n = unwrap(node);
  const next = (x: Node, c: AnalysisContext = ctx) => checkOf(x, c, depth + 1);
  switch (n.type) {
    case T.LogicalExpression:
      if (n.operator === '&&') return and(next(n.left), next(n.right));
      if (n.operator === '||') return or(next(n.left), next(n.right));
      return mentionsOrigin(n, ctx) ? opaque(true, n, ctx) : opaque(false, n, ctx);
    case T.UnaryExpression:
      if (n.operator === '!') return not(next(n.argument));
      break;
    case T.ConditionalExpression:
      return or(and(next(n.test), next(n.consequent)), and(not(next(n.test)), next(n.alternate)));
    case T.Literal:
      if (typeof n.value === 'boolean') return { op: 'const', value: n.value };
      break;
    case T.BinaryExpression:
      return binaryCheck(n, ctx, depth);
    case T.CallExpression:
      return callCheck(n, ctx, depth) ?? fallback(n, ctx);
    case T.MemberExpression:
      if (n.computed && isOriginExpr(n.property, ctx)) return membership(evaluate(n.object, ctx), n, ctx, 'keys');
      break;
    case T.Identifier:
      return identifierCheck(n, ctx, depth);
  }
  return fallback(n, ctx);
}

function fallback(n: Node, ctx: AnalysisContext): OriginCheck {
  if (isOriginExpr(n, ctx) || originPartOf(n, ctx)) return matcherCheck('present', 'origin', undefined, n, ctx);
  const env = environmentTest(n, ctx);
  if (env) return { op: 'opaque', aboutOrigin: false, site: siteOf(n, ctx), env };
  const aboutOrigin = mentionsOrigin(n, ctx);
  // A condition on known values (`typeof allowed === 'string'` with `allowed` bound to a string) is decided.
  const known = aboutOrigin ? undefined : truthiness(evaluate(n, ctx));
  return known === undefined ? opaque(aboutOrigin, n, ctx) : { op: 'const', value: known };
}

const DEVELOPMENT = /^(dev|development|local|test)$/i;

/** `process.env.NODE_ENV !== 'production'`, `app.get('env') === 'development'`: which environment it holds in. */
function environmentTest(n: Node, ctx: AnalysisContext): Environment | undefined {
  if (n.type !== T.BinaryExpression || !['===', '==', '!==', '!='].includes(n.operator) || n.left.type === T.PrivateIdentifier) return undefined;
  for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as const) {
    if (!isEnvironmentName(a as Node, ctx)) continue;
    const value = evaluate(b as Node, ctx);
    if (value.kind !== 'string') return undefined;
    const holds: Environment | undefined = value.value === 'production' ? 'production' : DEVELOPMENT.test(value.value) ? 'development' : undefined;
    if (!holds || !n.operator.startsWith('!')) return holds;
    return holds === 'production' ? 'development' : 'production';
  }
  return undefined;
}

function isEnvironmentName(node: Node, ctx: AnalysisContext): boolean {
  const v = evaluate(node, ctx);
  if (v.kind === 'env') return /^(NODE_ENV|APP_ENV|ENV|ENVIRONMENT|STAGE)$/.test(v.name);
  const n = unwrap(node);
  return n.type === T.CallExpression && n.callee.type === T.MemberExpression && propertyName(n.callee) === 'get' && stringLiteral(n.arguments[0]) === 'env';
}

function identifierCheck(id: TSESTree.Identifier, ctx: AnalysisContext, depth: number): OriginCheck {
  if (isOriginExpr(id, ctx)) return matcherCheck('present', 'origin', undefined, id, ctx);
  const binding = resolveIdentifier(id);
  if (binding?.kind === 'variable' && binding.declarator.init && binding.path.length === 0 && binding.declKind === 'const') {
    return checkOf(binding.declarator.init, ctx, depth + 1);
  }
  if (binding?.kind === 'param') {
    const bound = ctx.env?.get(binding);
    if (bound?.node && bound.file) return checkOf(bound.node, { ...ctx, file: bound.file, env: undefined }, depth + 1);
  }
  return fallback(id, ctx);
}

function binaryCheck(n: TSESTree.BinaryExpression, ctx: AnalysisContext, depth: number): OriginCheck {
  if (n.left.type === T.PrivateIdentifier) return opaque(false);
  const op = n.operator;
  if (op === 'in' && isOriginExpr(n.left, ctx)) return membership(evaluate(n.right, ctx), n, ctx, 'keys');
  const index = indexOfCheck(n, ctx, depth);
  if (index) return index;
  if (op === '===' || op === '==' || op === '!==' || op === '!=') {
    const positive = equality(n.left, n.right, n, ctx) ?? equality(n.right, n.left, n, ctx);
    if (positive) return op.startsWith('!') ? not(positive) : positive;
  }
  return fallback(n, ctx);
}

/** `origin === 'https://a.com'`, `new URL(origin).hostname === host`, `origin === undefined`, `typeof origin === 'string'`. */
function equality(subject: Node, other: Node, whole: Node, ctx: AnalysisContext): OriginCheck | undefined {
  const s = unwrap(subject);
  if (s.type === T.UnaryExpression && s.operator === 'typeof' && isOriginExpr(s.argument, ctx)) {
    const type = evaluate(other, ctx);
    return type.kind === 'string' && type.value === 'string' ? matcherCheck('present', 'origin', undefined, whole, ctx) : undefined;
  }
  const part = originPartOf(s, ctx);
  if (!part) return undefined;
  const value = evaluate(other, ctx);
  return or(
    ...alternatives(value).map((v) => {
      if (v.kind === 'undefined' || v.kind === 'null') return not(matcherCheck('present', part, undefined, whole, ctx, s));
      if (v.kind === 'string') return matcherCheck('equals', part, v, whole, ctx, s);
      // Compared with configuration (an environment variable): equal only to what the deployer chose.
      return matcherCheck('trusted', part, undefined, whole, ctx, s);
    }),
  );
}

/** `list.indexOf(origin) !== -1`, `origin.indexOf('x') > -1`, `origin.indexOf('https://x') === 0`. */
function indexOfCheck(n: TSESTree.BinaryExpression, ctx: AnalysisContext, depth: number): OriginCheck | undefined {
  const left = unwrap(n.left as Node);
  if (left.type !== T.CallExpression || left.callee.type !== T.MemberExpression) return undefined;
  const method = propertyName(left.callee);
  if (method !== 'indexOf' && method !== 'search' && method !== 'findIndex') return undefined;
  const bound = evaluate(n.right, ctx);
  if (bound.kind !== 'number') return undefined;
  const k = bound.value;
  const found = (n.operator === '!==' || n.operator === '!=') && k === -1 || n.operator === '>' && k === -1 || n.operator === '>=' && k === 0;
  const missing = (n.operator === '===' || n.operator === '==') && k === -1 || n.operator === '<' && k === 0;
  const atStart = (n.operator === '===' || n.operator === '==') && k === 0;
  if (!found && !missing && !atStart) return undefined;
  let check: OriginCheck | undefined;
  if (atStart && method === 'indexOf') check = subjectMethodCheck(left, 'prefix', n, ctx);
  else if (atStart) return undefined;
  else check = callCheck(left, ctx, depth, n);
  if (!check) return undefined;
  return missing ? not(check) : check;
}

const SUBJECT_METHODS: Record<string, MatchTest> = {
  includes: 'contains',
  indexOf: 'contains',
  startsWith: 'prefix',
  endsWith: 'suffix',
  match: 'regex',
  matchAll: 'regex',
  search: 'regex',
};

/** A call that tests the Origin: a method on it, a collection or regex applied to it, or a workspace helper. */
function callCheck(n: TSESTree.CallExpression, ctx: AnalysisContext, depth: number, whole: Node = n): OriginCheck | undefined {
  const callee = unwrap(n.callee);
  if (callee.type === T.MemberExpression) {
    const method = propertyName(callee);
    if (method === undefined) return undefined;
    const test = SUBJECT_METHODS[method];
    if (test && originPartOf(callee.object, ctx)) return subjectMethodCheck(n, test, whole, ctx);
    const arg = n.arguments[0];
    if (arg && arg.type !== T.SpreadElement && originPartOf(arg, ctx)) {
      const receiver = evaluate(callee.object, ctx);
      if (method === 'test' || method === 'exec') return regexCheck(receiver, arg, whole, ctx);
      if (method === 'includes' || method === 'indexOf' || method === 'has' || method === 'hasOwnProperty') {
        return membership(receiver, whole, ctx, method === 'hasOwnProperty' ? 'keys' : 'values', arg);
      }
    }
    if ((method === 'some' || method === 'find' || method === 'findIndex' || method === 'filter') && arg && arg.type !== T.SpreadElement) {
      return elementwiseCheck(evaluate(callee.object, ctx), arg, ctx, depth);
    }
  }
  return helperCheck(n, ctx, depth);
}

/** `origin.endsWith('example.com')` and friends; the argument may be any value (a list element, a constant). */
function subjectMethodCheck(n: TSESTree.CallExpression, test: MatchTest, whole: Node, ctx: AnalysisContext): OriginCheck {
  const callee = unwrap(n.callee) as TSESTree.MemberExpression;
  const part = originPartOf(callee.object, ctx) ?? 'origin';
  const arg = n.arguments[0];
  const value = arg && arg.type !== T.SpreadElement ? evaluate(arg, ctx) : UNKNOWN;
  return or(
    ...alternatives(value).map((v) => {
      if (v.kind === 'regexp') return matcherCheck('regex', part, v, whole, ctx, callee.object);
      if (v.kind === 'string') return matcherCheck(test, part, v, whole, ctx, callee.object);
      return matcherCheck(test, part, undefined, whole, ctx, callee.object);
    }),
  );
}

function regexCheck(receiver: Value, subject: Node, whole: Node, ctx: AnalysisContext): OriginCheck {
  const part = originPartOf(subject, ctx) ?? 'origin';
  return or(
    ...alternatives(receiver).map((v) =>
      v.kind === 'regexp' ? matcherCheck('regex', part, v, whole, ctx, subject) : opaque(true, whole, ctx),
    ),
  );
}

/**
 * `ALLOWED.includes(origin)`, `ALLOWED_SET.has(origin)`, `origin in ORIGINS`: membership. A list is a set of
 * exact origins; a string (`'a.com,b.com'.includes(origin)`) is searched for a substring, which is loose.
 */
function membership(collection: Value, whole: Node, ctx: AnalysisContext, of: 'values' | 'keys', subject?: Node): OriginCheck {
  const part = subject ? originPartOf(subject, ctx) ?? 'origin' : 'origin';
  return or(
    ...alternatives(collection).map((c): OriginCheck => {
      if (c.kind === 'string' || c.kind === 'env' || (c.kind === 'unknown' && c.stringy)) {
        return matcherCheck('within', part, c.kind === 'string' ? c : undefined, whole, ctx, subject);
      }
      const entries = c.kind === 'array' && of === 'values' ? c.elements : c.kind === 'object' && of === 'keys' ? keyValues(c) : undefined;
      if (!entries) return c.kind === 'unknown' && c.node === undefined ? opaque(true, whole, ctx) : matcherCheck('trusted', part, undefined, whole, ctx, subject);
      const exact = entries.flatMap((e) => alternatives(e)).map((e) =>
        e.kind === 'string' ? matcherCheck('equals', part, e, whole, ctx, subject) : matcherCheck('trusted', part, undefined, whole, ctx, subject),
      );
      const open = (c.kind === 'array' || c.kind === 'object') && c.open;
      return or(...exact, ...(open ? [matcherCheck('trusted', part, undefined, whole, ctx, subject)] : []));
    }),
  );
}

function keyValues(obj: Value & { kind: 'object' }): Value[] {
  return [...obj.props.keys()].map((value) => ({ kind: 'string', value }) as Value);
}

/** `ALLOWED.some((d) => origin.endsWith(d))`: the callback's test, for every element of the list. */
function elementwiseCheck(list: Value, callback: Node, ctx: AnalysisContext, depth: number): OriginCheck | undefined {
  const fn = evaluate(callback, ctx);
  if (fn.kind !== 'function') return undefined;
  const element = list.kind === 'array' && !list.open && list.elements.length > 0 ? oneOfElements(list.elements) : UNKNOWN;
  return decisionOf(fn.fn, [element], { ...ctx, file: fn.file }, depth + 1);
}

function oneOfElements(elements: readonly Value[]): Value {
  return elements.length === 1 ? (elements[0] as Value) : { kind: 'oneOf', options: elements.flatMap((e) => alternatives(e)) };
}

/** `isAllowedOrigin(origin)`: the decision of a workspace function, with its parameters bound to the arguments. */
function helperCheck(n: TSESTree.CallExpression, ctx: AnalysisContext, depth: number): OriginCheck | undefined {
  if (!n.arguments.some((a) => a.type !== T.SpreadElement && mentionsOrigin(a, ctx))) return undefined;
  const fn = evaluate(n.callee, ctx);
  if (fn.kind !== 'function') return undefined;
  const args = n.arguments.map((a) => (a.type === T.SpreadElement ? UNKNOWN : evaluate(a, ctx)));
  const decision = decisionOf(fn.fn, args, { ...ctx, file: fn.file }, depth + 1);
  return fn.file === ctx.file ? decision : reachedVia(decision, siteOf(n, ctx));
}

/**
 * When `fn(...args)` returns something truthy: every `return` with the path that reaches it. An argument that is
 * one of a few values (`allowed[i]` over a list of strings and regexes) is followed once per value, so the
 * helper's own type tests pick the branch each one takes.
 */
export function decisionOf(fn: FunctionNode, args: readonly Value[], ctx: AnalysisContext, depth = 0): OriginCheck {
  if (!ctx.budget) return decisionOf(fn, args, withBudget(ctx), depth);
  const combinations = args.reduce((n, a) => n * alternatives(a).length, 1);
  const split = combinations <= MAX_SPLIT ? args.findIndex((a) => a.kind === 'oneOf') : -1;
  if (split !== -1) {
    const options = (args[split] as ValueOf<'oneOf'>).options;
    return or(...options.map((option) => decisionOf(fn, args.map((a, i) => (i === split ? option : a)), ctx, depth + 1)));
  }
  const env = new Map<Binding, Value>(ctx.env ?? []);
  bindParams(fn, args, env, ctx);
  const inner: AnalysisContext = { ...ctx, env };
  if (fn.body.type !== T.BlockStatement) return checkOf(fn.body, inner, depth + 1);
  const outcomes: OriginCheck[] = [];
  walkFunction(fn, (node, guards) => {
    if (node.type !== T.ReturnStatement) return;
    const value = node.argument ? checkOf(node.argument, inner, depth + 1) : NEVER;
    outcomes.push(and(checkOfGuards(guards, inner, depth + 1), value));
  });
  return or(...outcomes);
}

/** Builds one matcher check. `value` carries the literal and where it was written. */
export function matcherCheck(
  test: MatchTest,
  part: OriginPart,
  value: Value | undefined,
  whole: Node,
  ctx: AnalysisContext,
  subject?: Node,
): OriginCheck {
  const literal = value && (value.kind === 'string' ? value.value : value.kind === 'regexp' ? value.pattern : undefined);
  const matcher: OriginMatcher = {
    test,
    part,
    ...(literal !== undefined ? { value: literal } : {}),
    ...(value?.kind === 'regexp' ? { flags: value.flags } : {}),
    site: siteOf(whole, ctx),
    ...(value?.node && value.file ? { valueSite: siteOf(value.node, { file: value.file }) } : {}),
    ...(value?.node?.type === T.Literal ? { valueLiteral: value.kind === 'regexp' ? ('regex' as const) : ('string' as const) } : {}),
    ...(subject ? { subject: textOf(ctx.file, subject) } : {}),
  };
  return { op: 'match', matcher };
}
