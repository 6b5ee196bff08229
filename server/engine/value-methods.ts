// Built-in methods that shape allowlists: `'a,b'.split(',')`, `.map(s => s.trim())`, `.filter(Boolean)`, `.concat()`.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { callWithValues } from './function-calls';
import { stringOf } from './value-facts';
import { alternatives, evaluate, oneOf, type EvalContext, type Value } from './values';

const STRING_IDENTITY = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toString', 'valueOf', 'normalize']);
const ARRAY_SUBSET = new Set(['filter', 'slice', 'reverse', 'sort', 'toSorted', 'toReversed', 'flat']);

/** The result of `receiver.method(...args)` for the built-ins we model; undefined for everything else. */
export function callMethod(receiver: Value, method: string, node: TSESTree.CallExpression, ctx: EvalContext): Value | undefined {
  const at = { node, file: ctx.file };
  if (receiver.kind === 'oneOf') {
    const results = receiver.options.map((o) => callMethod(o, method, node, ctx));
    return results.every((r): r is Value => r !== undefined) ? oneOf(results, at) : undefined;
  }
  if (receiver.kind === 'string') {
    if (STRING_IDENTITY.has(method)) return { kind: 'string', value: stringMethod(receiver.value, method), ...at };
    if (method === 'split') {
      const sep = node.arguments[0] ? stringOf(evaluate(node.arguments[0], ctx)) : undefined;
      if (sep === undefined) return { kind: 'array', elements: [], open: true, ...at };
      return { kind: 'array', elements: receiver.value.split(sep).map((value) => ({ kind: 'string', value, ...at })), open: false, ...at };
    }
    return undefined;
  }
  if (receiver.kind === 'env' || (receiver.kind === 'unknown' && receiver.stringy)) {
    if (STRING_IDENTITY.has(method)) return receiver;
    // A list read from the environment: its entries are configuration, not code.
    if (method === 'split') return { kind: 'array', elements: [], open: true, ...at };
    return undefined;
  }
  if (receiver.kind === 'array') return arrayMethod(receiver, method, node, ctx);
  return undefined;
}

function stringMethod(value: string, method: string): string {
  switch (method) {
    case 'trim':
      return value.trim();
    case 'trimStart':
      return value.trimStart();
    case 'trimEnd':
      return value.trimEnd();
    case 'toLowerCase':
      return value.toLowerCase();
    case 'toUpperCase':
      return value.toUpperCase();
    default:
      return value;
  }
}

function arrayMethod(receiver: Value & { kind: 'array' }, method: string, node: TSESTree.CallExpression, ctx: EvalContext): Value | undefined {
  const at = { node, file: ctx.file };
  // Removing entries never adds an origin: for "who may pass" a subset is as good as the whole.
  if (ARRAY_SUBSET.has(method)) return { ...receiver, ...at };
  if (method === 'map') {
    const fn = node.arguments[0] && node.arguments[0].type !== T.SpreadElement ? evaluate(node.arguments[0], ctx) : undefined;
    if (!fn || fn.kind !== 'function') return { kind: 'array', elements: [], open: true, ...at };
    const elements = receiver.elements.map((el) => mapElement(fn, el, ctx) ?? ({ kind: 'unknown' } as Value));
    return { kind: 'array', elements, open: receiver.open, ...at };
  }
  if (method === 'concat') {
    const elements = [...receiver.elements];
    let open = receiver.open;
    for (const arg of node.arguments) {
      const v = arg.type === T.SpreadElement ? undefined : evaluate(arg, ctx);
      if (v?.kind === 'array') {
        elements.push(...v.elements);
        open ||= v.open;
      } else if (v && v.kind !== 'unknown') elements.push(v);
      else open = true;
    }
    return { kind: 'array', elements, open, ...at };
  }
  if (method === 'join') {
    const sep = node.arguments[0] ? stringOf(evaluate(node.arguments[0], ctx)) : ',';
    const parts = receiver.elements.map(stringOf);
    if (sep === undefined || receiver.open || parts.some((p) => p === undefined)) return { kind: 'unknown', stringy: true, ...at };
    return { kind: 'string', value: parts.join(sep), ...at };
  }
  if (method === 'find' || method === 'at') {
    const options = receiver.open ? [...receiver.elements, { kind: 'undefined' } as Value] : receiver.elements;
    return options.length === 0 ? { kind: 'undefined', ...at } : oneOf([...options, { kind: 'undefined' }], at);
  }
  return undefined;
}

function mapElement(fn: Value & { kind: 'function' }, element: Value, ctx: EvalContext): Value | undefined {
  const results = alternatives(element).map((el) => callWithValues(fn, [el], ctx));
  return results.every((r): r is Value => !!r) ? oneOf(results) : undefined;
}
