// What can be said for certain about a value without more evaluation: its string, its truthiness, its type.
import { alternatives, oneOf, UNKNOWN, type Value } from './values';

/** The string a value certainly is, converting numbers and booleans like template literals do. */
export function stringOf(value: Value): string | undefined {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number' || value.kind === 'boolean') return String(value.value);
  return undefined;
}

/** What `typeof` gives for a value, when every alternative agrees. */
export function typeOf(value: Value): string | undefined {
  const types = new Set(
    alternatives(value).map((v) => {
      switch (v.kind) {
        case 'string':
        case 'number':
        case 'boolean':
        case 'undefined':
        case 'function':
          return v.kind;
        case 'null':
        case 'object':
        case 'array':
        case 'regexp':
          return 'object';
        default:
          return undefined;
      }
    }),
  );
  return types.size === 1 ? [...types][0] : undefined;
}

/** `Array.isArray(x)`, `x instanceof RegExp`: certain when every alternative of `x` is known. */
export function isKind(value: Value, kind: 'array' | 'regexp'): Value {
  const all = alternatives(value).map((v) => (v.kind === kind ? true : v.kind === 'unknown' || v.kind === 'env' || v.kind === 'module' || v.kind === 'namespace' ? undefined : false));
  return all.every((x) => x === true) ? { kind: 'boolean', value: true } : all.every((x) => x === false) ? { kind: 'boolean', value: false } : UNKNOWN;
}

/** true / false when the value's truthiness is certain, undefined otherwise. */
export function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'string':
      return value.value !== '';
    case 'number':
      return value.value !== 0 && !Number.isNaN(value.value);
    case 'boolean':
      return value.value;
    case 'null':
    case 'undefined':
      return false;
    case 'object':
    case 'array':
    case 'function':
    case 'regexp':
    case 'namespace':
      return true;
    case 'oneOf': {
      const all = value.options.map(truthiness);
      return all.every((t) => t === true) ? true : all.every((t) => t === false) ? false : undefined;
    }
    default:
      return undefined;
  }
}

export function isNullish(value: Value): boolean | undefined {
  const all = alternatives(value).map((v) =>
    v.kind === 'null' || v.kind === 'undefined' ? true : v.kind === 'unknown' || v.kind === 'env' ? undefined : false,
  );
  return all.every((x) => x === true) ? true : all.every((x) => x === false) ? false : undefined;
}

// In `a || b`, the left side is only chosen when it is truthy, so its falsy alternatives drop out.
export function withoutFalsy(value: Value): Value {
  const kept = alternatives(value).filter((v) => truthiness(v) !== false);
  return kept.length === 0 ? value : oneOf(kept);
}

export function withoutNullish(value: Value): Value {
  const kept = alternatives(value).filter((v) => v.kind !== 'null' && v.kind !== 'undefined');
  return kept.length === 0 ? value : oneOf(kept);
}

export const NONE = Symbol('none');

export function primitive(value: Value): string | number | boolean | null | undefined | typeof NONE {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    default:
      return NONE;
  }
}
