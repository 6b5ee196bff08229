// The functions of a file that write CORS headers (calls, Response inits, workspace helpers), and which of them
// to read as a handler of their own: a helper called by another writer is read through that caller.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier } from '../engine/scope';
import { enclosingFunction, isFunction, propertyName, unwrap, type FunctionNode } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { alternatives, evaluate } from '../engine/values';
import { headerWritesIn, isCorsHeader, isHelperCall, WRITE_METHODS } from './header-writes';
import { responseHeaderObjects } from './response-writes';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

export interface WriterSet {
  /** Every function that writes CORS headers itself or through a helper. */
  readonly all: ReadonlySet<FunctionNode>;
  /** Those not called (with arguments) by another writer of the file: one handler each. */
  readonly outermost: readonly FunctionNode[];
}

/** Calls that may write a header, by name only: nothing is evaluated for the rest. */
export function mayWriteHeaders(call: Call): boolean {
  const callee = unwrap(call.callee);
  if (call.type === T.NewExpression) return callee.type === T.Identifier && (callee.name === 'Headers' || /Response$/.test(callee.name)) && call.arguments.length > 0;
  if (callee.type !== T.MemberExpression) return false;
  const name = propertyName(callee) ?? '';
  return WRITE_METHODS.has(name) || isEntriesLoop(callee, name) || ((name === 'json' || name === 'next' || name === 'rewrite') && /Response$/.test(textName(callee.object)));
}

/** `Object.entries(H).forEach(...)`: only that `forEach` may copy headers. */
function isEntriesLoop(callee: TSESTree.MemberExpression, name: string): boolean {
  const object = unwrap(callee.object);
  return name === 'forEach' && object.type === T.CallExpression && object.callee.type === T.MemberExpression && propertyName(object.callee) === 'entries';
}

/** Fetch-standard writes (`new Response(b, init)`, `headers.set(...)`), as opposed to Node's `res.setHeader`. */
export function isFetchStyleCall(call: Call): boolean {
  const callee = unwrap(call.callee);
  if (call.type === T.NewExpression) return mayWriteHeaders(call);
  if (callee.type !== T.MemberExpression) return false;
  const name = propertyName(callee) ?? '';
  if (name === 'set' || name === 'append') return /headers$/i.test(textName(callee.object));
  return isEntriesLoop(callee, name) || ((name === 'json' || name === 'next' || name === 'rewrite') && /Response$/.test(textName(callee.object)));
}

function textName(node: TSESTree.Node): string {
  const n = unwrap(node);
  if (n.type === T.Identifier) return n.name;
  if (n.type === T.MemberExpression) return propertyName(n) ?? '';
  return '';
}

const memo = new WeakMap<object, Map<string, WriterSet>>();

/** Cheap before reading the whole function: does this call name a CORS header, or write a headers object that has one? */
function mayWriteCors(call: Call, ctx: AnalysisContext): boolean {
  const callee = unwrap(call.callee);
  const name = callee.type === T.MemberExpression ? propertyName(callee) : undefined;
  if (call.type === T.CallExpression && name && /^(set|append|setHeader|appendHeader|header)$/.test(name) && call.arguments.length >= 2) {
    const first = call.arguments[0] as TSESTree.Node;
    const header = stringOf(evaluate(first, ctx));
    // An unreadable name may be a loop over a headers object (`for (const [k, v] of Object.entries(H))`).
    return header === undefined ? first.type === T.Identifier : isCorsHeader(header.toLowerCase());
  }
  const objects = responseHeaderObjects(call, ctx);
  if (objects.length > 0) return objects.some((o) => alternatives(o.value).some((v) => v.kind !== 'object' || v.open || [...v.props.keys()].some((k) => isCorsHeader(k.toLowerCase()))));
  return call.type === T.CallExpression && !!name && WRITE_METHODS.has(name);
}

/**
 * The function a call names in this file (`null`: a local name that is no function), or undefined when the callee
 * is imported (or reached through an imported namespace).
 */
function localCallee(call: TSESTree.CallExpression): FunctionNode | null | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== T.Identifier) return undefined;
  const binding = resolveIdentifier(callee);
  if (binding?.kind === 'function') return binding.node;
  if (binding?.kind === 'variable' && binding.path.length === 0 && binding.declarator.init) {
    const init = unwrap(binding.declarator.init);
    return isFunction(init) ? init : null;
  }
  return binding?.kind === 'import' ? undefined : null;
}

/**
 * Writers among the functions `accept` admits, found from calls that pass `select` (cheap, by name). Memoised per
 * file and selector name, as the claims and the adapters ask the same question.
 */
export function writerFunctions(
  ctx: AnalysisContext,
  key: string,
  select: (call: Call) => boolean,
  accept: (fn: FunctionNode) => boolean,
  /** Where a call of an imported function may be a writing helper (reading it loads that file). */
  importsIn: (fn: FunctionNode) => boolean = () => true,
): WriterSet {
  let byKey = memo.get(ctx.file);
  if (!byKey) memo.set(ctx.file, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return known;
  const all = new Set<FunctionNode>();
  for (const call of ctx.file.calls) {
    if (!select(call)) continue;
    const fn = enclosingFunction(call);
    if (!fn || all.has(fn) || !accept(fn) || !mayWriteCors(call, ctx)) continue;
    if (headerWritesIn(fn, ctx).some((w) => w.name !== 'vary')) all.add(fn);
  }
  // Without a writer here, only imported helpers can make one, and only where `importsIn` looks for them.
  const helperCalls = ctx.file.calls.filter((c): c is TSESTree.CallExpression => {
    if (c.type !== T.CallExpression || c.arguments.length === 0) return false;
    if (all.size === 0) {
      const fn = enclosingFunction(c);
      if (!fn || !importsIn(fn)) return false;
    }
    return isHelperCall(c, ctx);
  });
  const readThrough = new Set<FunctionNode>();
  const callees = new Map<TSESTree.CallExpression, ReturnType<typeof evaluate>>();
  // Helpers of helpers: a caller becomes a writer once its callee is one, whatever order they are written in.
  for (let round = 0, grew = true; grew && round < 4; round++) {
    grew = false;
    for (const call of helperCalls) {
      const caller = enclosingFunction(call);
      if (!caller || !accept(caller)) continue;
      const localFn = localCallee(call);
      // A local helper writes only if it is among the writers already: no evaluation needed to tell.
      if (localFn !== undefined) {
        if (!localFn || !all.has(localFn)) continue;
      } else if (round > 0 || (!all.has(caller) && !importsIn(caller))) continue;
      let callee = callees.get(call);
      if (!callee) callees.set(call, (callee = localFn ? ({ kind: 'function', fn: localFn, file: ctx.file } as const) : evaluate(call.callee, ctx)));
      if (callee.kind !== 'function') continue;
      const local = callee.file === ctx.file;
      const writes = local ? all.has(callee.fn) : headerWritesIn(callee.fn, { ...ctx, file: callee.file }).some((w) => w.name !== 'vary');
      if (!writes) continue;
      if (local && callee.fn !== caller) readThrough.add(callee.fn);
      if (!all.has(caller)) {
        all.add(caller);
        grew = true;
      }
    }
  }
  const result: WriterSet = { all, outermost: [...all].filter((fn) => !readThrough.has(fn)) };
  byKey.set(key, result);
  return result;
}
