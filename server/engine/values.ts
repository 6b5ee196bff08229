// Static values of expressions: JavaScript facts only (bindings, objects, arrays, env, fallbacks, imports).
// What cannot be known is `unknown` and keeps the node where resolution stopped, so adapters can still
// recognise framework facts there (a read of the request's Origin header, say).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { exportValue, identifier, requireValue } from './binding-values';
import { returnValue } from './function-calls';
import type { Project } from './modules';
import { lookup, resolveIdentifier, type Binding } from './scope';
import { chainRoot, isFunction, memberPath, propertyName, unwrap, type FunctionNode, type Node, type SourceFile } from './source';
import { isKind, isNullish, NONE, primitive, stringOf, truthiness, typeOf, withoutFalsy, withoutNullish } from './value-facts';
import { callMethod } from './value-methods';

/** Where a value was written. Absent on values the analysis made up (defaults, results of operations). */
export interface Origin {
  readonly node?: Node;
  readonly file?: SourceFile;
}

export type Value = Origin &
  (
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: 'null' }
    | { readonly kind: 'undefined' }
    | { readonly kind: 'regexp'; readonly pattern: string; readonly flags: string }
    /**
     * `open`: may hold more properties than listed (an unknown spread, a mutation we could not follow).
     * `written`: each property's value expression as written (where a fix edits it), spreads included.
     */
    | { readonly kind: 'object'; readonly props: ReadonlyMap<string, Value>; readonly open: boolean; readonly written?: ReadonlyMap<string, Written> }
    /** `open`: may hold more elements than listed (a split environment variable, an unknown spread). */
    | { readonly kind: 'array'; readonly elements: readonly Value[]; readonly open: boolean }
    | { readonly kind: 'function'; readonly fn: FunctionNode; readonly file: SourceFile }
    /** A package import (`cors`, `@fastify/cors`) or something reached from one (`express.Router`). */
    | { readonly kind: 'module'; readonly source: string; readonly path: readonly string[] }
    /** All exports of a local file, from `import * as ns` or `require('./x')` of an ES module. */
    | { readonly kind: 'namespace'; readonly target: SourceFile }
    /** `process.env.NAME`: a string or undefined, decided at deploy time. */
    | { readonly kind: 'env'; readonly name: string }
    /** Any one of these, depending on a branch (`a || b`, `c ? a : b`, every assignment of a `let`). */
    | { readonly kind: 'oneOf'; readonly options: readonly Value[] }
    /** `stringy`: certainly a string or undefined (a template literal with unknown parts, `.trim()`). */
    | { readonly kind: 'unknown'; readonly stringy?: boolean }
  );

export type ValueOf<K extends Value['kind']> = Extract<Value, { kind: K }>;

/** A property value expression where it is written. */
export interface Written {
  readonly node: Node;
  readonly file: SourceFile;
  /** The parameter values `node` was evaluated with (an object built inside a helper: `corsHeaders(origin)`). */
  readonly env?: Env;
}

/** Parameter values while evaluating a call into a function defined in the workspace. */
export type Env = ReadonlyMap<Binding, Value>;

export interface EvalContext {
  readonly project: Project;
  readonly file: SourceFile;
  readonly env?: Env;
  /** Nodes being evaluated, to stop on cycles (`let a = b; b = a`, recursive functions). */
  readonly active?: Set<Node>;
  readonly depth?: number;
  /** Evaluation steps left for this question; shared by everything evaluated to answer it. */
  readonly budget?: { steps: number };
}

const MAX_DEPTH = 40;
const MAX_OPTIONS = 32;
// Calls into workspace functions bind their arguments, so their results cannot be cached and helpers calling
// helpers fan out: without a bound, one question about a 100 KB library took a minute. Beyond the bound the
// answer is `unknown`, on which rules stay silent.
const MAX_STEPS = 20_000;

export const UNKNOWN: Value = { kind: 'unknown' };

export function unknownAt(node: Node, file: SourceFile, stringy?: boolean): Value {
  return stringy ? { kind: 'unknown', node, file, stringy } : { kind: 'unknown', node, file };
}

export function oneOf(options: readonly Value[], at?: Origin): Value {
  const flat: Value[] = [];
  for (const o of options) {
    if (o.kind === 'oneOf') flat.push(...o.options);
    else flat.push(o);
  }
  if (flat.length === 1) return flat[0] as Value;
  return { kind: 'oneOf', options: flat.slice(0, MAX_OPTIONS), ...at };
}

/**
 * Is `value` reached from package `source` through `path`? `'()'` marks a call; a leading `default` step
 * (an ES default import of a CommonJS package) is ignored: `import cors from 'cors'` equals `require('cors')`.
 */
export function isModuleValue(value: Value, source: string | readonly string[], path: readonly string[]): boolean {
  if (value.kind !== 'module') return false;
  if (typeof source === 'string' ? value.source !== source : !source.includes(value.source)) return false;
  const actual = value.path[0] === 'default' ? value.path.slice(1) : value.path;
  return actual.length === path.length && actual.every((step, i) => step === path[i]);
}

/**
 * Whether evaluating `node` could give a package value (`cors`, `require('cors')`, `cors_1.default`), decided
 * without evaluating: a chain rooted at a parameter not bound here, a local function or a global cannot. Lets
 * adapters skip the thousands of `res.json(...)` and `db.find(...)` calls of a server before asking what they are.
 */
export function mayBePackageValue(node: Node, ctx: EvalContext): boolean {
  const root = chainRoot(node);
  if (root.type !== T.Identifier) return true;
  const binding = resolveIdentifier(root);
  if (!binding || binding.kind === 'function') return false;
  return binding.kind !== 'param' || !!ctx.env?.has(binding);
}

/** Every alternative of a value (one for anything but `oneOf`). */
export function alternatives(value: Value): readonly Value[] {
  return value.kind === 'oneOf' ? value.options : [value];
}

/** `ctx` with a step budget of its own when it has none yet: one question starts here. */
export function withBudget<C extends EvalContext>(ctx: C): C & { readonly budget: { steps: number } } {
  return ctx.budget ? (ctx as C & { budget: { steps: number } }) : { ...ctx, budget: { steps: MAX_STEPS } };
}

export function evaluate(node: Node, ctx: EvalContext): Value {
  const depth = ctx.depth ?? 0;
  const active = ctx.active ?? new Set<Node>();
  const budget = ctx.budget ?? { steps: MAX_STEPS };
  if (--budget.steps < 0 || depth > MAX_DEPTH || active.has(node)) return unknownAt(node, ctx.file);
  active.add(node);
  try {
    return evaluateNode(unwrap(node), { ...ctx, active, depth: depth + 1, budget });
  } finally {
    active.delete(node);
  }
}

function evaluateNode(node: Node, ctx: EvalContext): Value {
  const at = { node, file: ctx.file };
  switch (node.type) {
    case T.Literal:
      return literal(node, at);
    case T.TemplateLiteral:
      return template(node, ctx);
    case T.Identifier:
      return identifier(node, ctx);
    case T.ObjectExpression:
      return objectValue(node, ctx);
    case T.ArrayExpression:
      return arrayValue(node, ctx);
    case T.FunctionExpression:
    case T.ArrowFunctionExpression:
    case T.FunctionDeclaration:
      return { kind: 'function', fn: node, file: ctx.file, node };
    case T.LogicalExpression:
      return logical(node, ctx);
    case T.ConditionalExpression: {
      const test = truthiness(evaluate(node.test, ctx));
      if (test === true) return evaluate(node.consequent, ctx);
      if (test === false) return evaluate(node.alternate, ctx);
      return oneOf([evaluate(node.consequent, ctx), evaluate(node.alternate, ctx)], at);
    }
    case T.BinaryExpression:
      return binary(node, ctx);
    case T.UnaryExpression:
      if (node.operator === '!') {
        const t = truthiness(evaluate(node.argument, ctx));
        return t === undefined ? { kind: 'unknown', ...at } : { kind: 'boolean', value: !t, ...at };
      }
      if (node.operator === 'void') return { kind: 'undefined', ...at };
      if (node.operator === 'typeof') {
        const type = typeOf(evaluate(node.argument, ctx));
        return type === undefined ? { kind: 'unknown', stringy: true, ...at } : { kind: 'string', value: type, ...at };
      }
      if (node.operator === '-' || node.operator === '+') {
        const operand = evaluate(node.argument, ctx);
        if (operand.kind === 'number') return { kind: 'number', value: node.operator === '-' ? -operand.value : operand.value, ...at };
      }
      return { kind: 'unknown', ...at };
    case T.MemberExpression:
      return member(node, ctx);
    case T.CallExpression:
      return call(node, ctx);
    case T.NewExpression:
      return construct(node, ctx);
    case T.SequenceExpression:
      return evaluate(node.expressions[node.expressions.length - 1] as Node, ctx);
    case T.AssignmentExpression:
      return node.operator === '=' ? evaluate(node.right, ctx) : { kind: 'unknown', ...at };
    case T.ClassExpression:
    case T.ClassDeclaration:
      return { kind: 'unknown', ...at };
    default:
      return { kind: 'unknown', ...at };
  }
}

function literal(node: TSESTree.Literal, at: Origin): Value {
  if ('regex' in node && node.regex) return { kind: 'regexp', pattern: node.regex.pattern, flags: node.regex.flags, ...at };
  const v = node.value;
  if (typeof v === 'string') return { kind: 'string', value: v, ...at };
  if (typeof v === 'number') return { kind: 'number', value: v, ...at };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, ...at };
  if (v === null) return { kind: 'null', ...at };
  return { kind: 'unknown', ...at };
}

function template(node: TSESTree.TemplateLiteral, ctx: EvalContext): Value {
  let text = node.quasis[0]?.value.cooked ?? '';
  for (let i = 0; i < node.expressions.length; i++) {
    const part = stringOf(evaluate(node.expressions[i] as Node, ctx));
    if (part === undefined) return unknownAt(node, ctx.file, true);
    text += part + (node.quasis[i + 1]?.value.cooked ?? '');
  }
  return { kind: 'string', value: text, node, file: ctx.file };
}

function logical(node: TSESTree.LogicalExpression, ctx: EvalContext): Value {
  const left = evaluate(node.left, ctx);
  const at = { node, file: ctx.file };
  if (node.operator === '??') {
    const nullish = isNullish(left);
    if (nullish === false) return left;
    if (nullish === true) return evaluate(node.right, ctx);
    return oneOf([withoutNullish(left), evaluate(node.right, ctx)], at);
  }
  const t = truthiness(left);
  if (node.operator === '||') {
    if (t === true) return left;
    if (t === false) return evaluate(node.right, ctx);
    return oneOf([withoutFalsy(left), evaluate(node.right, ctx)], at);
  }
  if (t === false) return left;
  if (t === true) return evaluate(node.right, ctx);
  return oneOf([evaluate(node.right, ctx), { kind: 'boolean', value: false, ...at }], at);
}

function binary(node: TSESTree.BinaryExpression, ctx: EvalContext): Value {
  const at = { node, file: ctx.file };
  if (node.left.type === T.PrivateIdentifier) return { kind: 'unknown', ...at };
  const left = evaluate(node.left, ctx);
  const right = evaluate(node.right, ctx);
  if (node.operator === '+') {
    const l = stringOf(left);
    const r = stringOf(right);
    if (left.kind === 'number' && right.kind === 'number') return { kind: 'number', value: left.value + right.value, ...at };
    if (l !== undefined && r !== undefined && (left.kind === 'string' || right.kind === 'string')) {
      return { kind: 'string', value: l + r, ...at };
    }
    return { kind: 'unknown', stringy: left.kind === 'string' || right.kind === 'string', ...at };
  }
  if (node.operator === 'instanceof' && node.right.type === T.Identifier && !lookup(node.right.name, node)) {
    if (node.right.name === 'RegExp') return { ...isKind(left, 'regexp'), ...at };
    if (node.right.name === 'Array') return { ...isKind(left, 'array'), ...at };
  }
  if (['===', '!==', '==', '!='].includes(node.operator)) {
    const l = primitive(left);
    const r = primitive(right);
    if (l === NONE || r === NONE) return { kind: 'unknown', ...at };
    const same = node.operator.length === 3 ? l === r : l == r; // eslint-disable-line eqeqeq
    return { kind: 'boolean', value: node.operator.startsWith('!') ? !same : same, ...at };
  }
  return { kind: 'unknown', ...at };
}

function objectValue(node: TSESTree.ObjectExpression, ctx: EvalContext): Value {
  const props = new Map<string, Value>();
  const written = new Map<string, Written>();
  let open = false;
  for (const prop of node.properties) {
    if (prop.type === T.SpreadElement) {
      const spread = evaluate(prop.argument, ctx);
      for (const alt of alternatives(spread)) {
        if (alt.kind === 'object') {
          for (const [k, v] of alt.props) {
            props.set(k, v);
            const w = alt.written?.get(k);
            if (w) written.set(k, w);
            else written.delete(k);
          }
          open ||= alt.open;
        } else if (alt.kind !== 'null' && alt.kind !== 'undefined') {
          open = true;
        }
      }
      continue;
    }
    const name = propertyName(prop);
    if (name === undefined) {
      open = true;
      continue;
    }
    if (prop.kind !== 'init') continue;
    const value = prop.method || isFunction(prop.value) ? functionValue(prop.value, ctx) : evaluate(prop.value, ctx);
    props.set(name, value);
    written.set(name, ctx.env && ctx.env.size > 0 ? { node: prop.value, file: ctx.file, env: ctx.env } : { node: prop.value, file: ctx.file });
  }
  return { kind: 'object', props, open, written, node, file: ctx.file };
}

function functionValue(node: Node, ctx: EvalContext): Value {
  return isFunction(node) ? { kind: 'function', fn: node, file: ctx.file, node } : evaluate(node, ctx);
}

function arrayValue(node: TSESTree.ArrayExpression, ctx: EvalContext): Value {
  const elements: Value[] = [];
  let open = false;
  for (const el of node.elements) {
    if (!el) continue;
    if (el.type === T.SpreadElement) {
      const spread = evaluate(el.argument, ctx);
      if (spread.kind === 'array') {
        elements.push(...spread.elements);
        open ||= spread.open;
      } else open = true;
      continue;
    }
    elements.push(evaluate(el, ctx));
  }
  return { kind: 'array', elements, open, node, file: ctx.file };
}

function member(node: TSESTree.MemberExpression, ctx: EvalContext): Value {
  const path = memberPath(node);
  if (path && path[0] === 'process' && path[1] === 'env' && path.length === 3 && !resolveIdentifierName('process', node)) {
    return { kind: 'env', name: path[2] as string, node, file: ctx.file };
  }
  const object = evaluate(node.object, ctx);
  const name = propertyName(node) ?? keyOf(node, ctx);
  // `allowed[i]` in a loop over a known list: one of its elements.
  if (name === undefined && node.computed && object.kind === 'array' && !object.open && object.elements.length > 0) return oneOf(object.elements, { node, file: ctx.file });
  if (name === undefined) return unknownAt(node, ctx.file);
  const result = property(object, name, ctx);
  return result.node ? result : { ...result, node, file: ctx.file };
}

function resolveIdentifierName(name: string, at: Node): boolean {
  return lookup(name, at) !== undefined;
}

function keyOf(node: TSESTree.MemberExpression, ctx: EvalContext): string | undefined {
  if (!node.computed) return undefined;
  const key = evaluate(node.property, ctx);
  return key.kind === 'string' || key.kind === 'number' ? String(key.value) : undefined;
}

/** `value[name]`, or unknown. */
export function property(value: Value, name: string, ctx: EvalContext): Value {
  switch (value.kind) {
    case 'object': {
      const found = value.props.get(name);
      if (found) return found;
      return value.open ? UNKNOWN : { kind: 'undefined' };
    }
    case 'array':
      if (name === 'length' && !value.open) return { kind: 'number', value: value.elements.length };
      return /^\d+$/.test(name) ? element(value, Number(name)) : UNKNOWN;
    case 'namespace':
      return exportValue(value.target, name, ctx);
    case 'module':
      return { kind: 'module', source: value.source, path: [...value.path, name] };
    case 'oneOf':
      return oneOf(value.options.map((o) => property(o, name, ctx)));
    case 'string':
      return name === 'length' ? { kind: 'number', value: value.value.length } : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

export function element(value: Value, index: number): Value {
  if (value.kind !== 'array') return UNKNOWN;
  const found = value.elements[index];
  return found ?? (value.open ? UNKNOWN : { kind: 'undefined' });
}

function call(node: TSESTree.CallExpression, ctx: EvalContext): Value {
  const callee = unwrap(node.callee);
  if (callee.type === T.Identifier && callee.name === 'require' && !lookup('require', node)) {
    const source = node.arguments[0] && stringOfNode(node.arguments[0], ctx);
    return source === undefined ? unknownAt(node, ctx.file) : requireValue(source, node, ctx);
  }
  if (callee.type === T.MemberExpression) {
    const method = propertyName(callee);
    if (method !== undefined) {
      const receiver = evaluate(callee.object, ctx);
      const result = callMethod(receiver, method, node, ctx);
      if (result) return result;
    }
  }
  const fn = evaluate(callee, ctx);
  if (fn.kind === 'function') return returnValue(fn, node.arguments, ctx) ?? unknownAt(node, ctx.file);
  if (fn.kind === 'module') return { kind: 'module', source: fn.source, path: [...fn.path, '()'], node, file: ctx.file };
  const path = memberPath(callee);
  if (path?.join('.') === 'Object.assign') return assignObjects(node, ctx);
  if (path?.length === 1 && path[0] === 'String' && node.arguments[0]) return evaluate(node.arguments[0], ctx);
  if (path?.join('.') === 'Array.isArray' && node.arguments[0] && !lookup('Array', node)) return { ...isKind(evaluate(node.arguments[0], ctx), 'array'), node, file: ctx.file };
  return unknownAt(node, ctx.file);
}

function assignObjects(node: TSESTree.CallExpression, ctx: EvalContext): Value {
  const props = new Map<string, Value>();
  let open = false;
  for (const arg of node.arguments) {
    const v = arg.type === T.SpreadElement ? UNKNOWN : evaluate(arg, ctx);
    if (v.kind === 'object') {
      for (const [k, p] of v.props) props.set(k, p);
      open ||= v.open;
    } else open = true;
  }
  return { kind: 'object', props, open, node, file: ctx.file };
}

function construct(node: TSESTree.NewExpression, ctx: EvalContext): Value {
  const path = memberPath(node.callee);
  const name = path?.length === 1 ? path[0] : undefined;
  if (name === 'RegExp' && node.arguments[0]) {
    const pattern = evaluate(node.arguments[0], ctx);
    const flags = node.arguments[1] ? evaluate(node.arguments[1], ctx) : { kind: 'string' as const, value: '' };
    if (pattern.kind === 'regexp') return { ...pattern, node, file: ctx.file };
    if (pattern.kind === 'string' && flags.kind === 'string') return { kind: 'regexp', pattern: pattern.value, flags: flags.value, node, file: ctx.file };
    return unknownAt(node, ctx.file);
  }
  if (name === 'Set' || name === 'Array') {
    const items = node.arguments[0] ? evaluate(node.arguments[0], ctx) : { kind: 'array' as const, elements: [], open: false };
    return items.kind === 'array' ? { ...items, node, file: ctx.file } : { kind: 'array', elements: [], open: true, node, file: ctx.file };
  }
  const callee = evaluate(node.callee, ctx);
  if (callee.kind === 'module') return { kind: 'module', source: callee.source, path: [...callee.path, '()'], node, file: ctx.file };
  return unknownAt(node, ctx.file);
}

function stringOfNode(node: Node, ctx: EvalContext): string | undefined {
  return stringOf(evaluate(node, ctx));
}
