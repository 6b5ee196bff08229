// Fastify encapsulation within one file: `app.register(async (api) => { ... })` makes `api` a child context of
// `app` (hooks and plugins on `api` never reach `app`'s routes), while a plugin wrapped in fastify-plugin shares
// its parent's context (fastify-plugin sets skip-override). Each registration gets the chain of contexts it sits in.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier, type Binding } from '../engine/scope';
import { propertyName, unwrap, type FunctionNode, type Node } from '../engine/source';
import { stringOf } from '../engine/value-facts';
import { alternatives, evaluate, isModuleValue, property } from '../engine/values';

export interface Scopes {
  /** The contexts a registration on `receiver` belongs to, its own first, up to the root; empty when unreadable. */
  chainOf(receiver: Node): readonly Binding[];
  /** Whether a chain ends at an app made here by `Fastify()` (else it is a plugin registered elsewhere). */
  isOwned(chain: readonly Binding[]): boolean;
  /** The `prefix` options of the registers along a chain, joined (`/api` for routes of `register(fn, { prefix: '/api' })`). */
  prefixOf(chain: readonly Binding[]): string;
}

interface Link {
  readonly parent: Binding;
  /** Wrapped in fastify-plugin: the same context as the parent, not a child. */
  readonly shared: boolean;
  /** The register call's `prefix` option (ignored for fastify-plugin wrappers, which skip the override). */
  readonly prefix: string;
}

export function fastifyScopes(registers: readonly TSESTree.CallExpression[], ctx: AnalysisContext, isFactory: (n: Node) => boolean): Scopes {
  const links = new Map<FunctionNode, Link>();
  for (const call of registers) {
    const parent = call.callee.type === T.MemberExpression ? rootBinding(call.callee.object) : undefined;
    const arg = call.arguments[0];
    if (!parent || !arg || arg.type === T.SpreadElement) continue;
    const options = call.arguments[1] && call.arguments[1].type !== T.SpreadElement ? evaluate(call.arguments[1], ctx) : undefined;
    const prefix = (options && stringOf(property(options, 'prefix', ctx))) ?? '';
    for (const { fn, shared } of pluginFunctions(arg, ctx)) if (!links.has(fn)) links.set(fn, { parent, shared, prefix: shared ? '' : prefix });
  }
  const canonical = (b: Binding, depth = 0): Binding => {
    const link = b.kind === 'param' && b.index === 0 ? links.get(b.fn) : undefined;
    return link?.shared && depth < 8 ? canonical(link.parent, depth + 1) : b;
  };
  const chainOf = (receiver: Node): Binding[] => {
    const out: Binding[] = [];
    let b = rootBinding(receiver);
    for (let depth = 0; b && depth < 8; depth++) {
      const own = canonical(b);
      if (out[out.length - 1] !== own) out.push(own);
      const link = own.kind === 'param' && own.index === 0 ? links.get(own.fn) : undefined;
      b = link?.parent;
    }
    return out;
  };
  const isOwned = (chain: readonly Binding[]): boolean => {
    const root = chain[chain.length - 1];
    return root?.kind === 'variable' && !!root.declarator.init && isFactory(root.declarator.init);
  };
  const prefixOf = (chain: readonly Binding[]): string =>
    chain
      .map((b) => (b.kind === 'param' && b.index === 0 ? links.get(b.fn)?.prefix ?? '' : ''))
      .reverse()
      .join('');
  return { chainOf, isOwned, prefixOf };
}

/** The function(s) a `register` argument runs: `async (api) => {}`, a named plugin, `fp(async (app) => {})`. */
function pluginFunctions(arg: Node, ctx: AnalysisContext): { fn: FunctionNode; shared: boolean }[] {
  let n = unwrap(arg);
  // `const plugin = fp(async (app) => {...}); app.register(plugin)`
  const binding = n.type === T.Identifier ? resolveIdentifier(n) : undefined;
  if (binding?.kind === 'variable' && binding.declKind === 'const' && binding.path.length === 0 && binding.declarator.init) n = unwrap(binding.declarator.init);
  if (n.type === T.CallExpression && n.arguments[0] && isModuleValue(evaluate(n.callee, ctx), 'fastify-plugin', [])) {
    return functionsIn(n.arguments[0] as Node, ctx).map((fn) => ({ fn, shared: true }));
  }
  return functionsIn(n, ctx).map((fn) => ({ fn, shared: false }));
}

function functionsIn(node: Node, ctx: AnalysisContext): FunctionNode[] {
  return alternatives(evaluate(node, ctx)).flatMap((v) => (v.kind === 'function' && v.file === ctx.file ? [v.fn] : []));
}

/** `app` in `app.get(...)`, `fastify` in `fastify.server.get(...)`. */
function rootBinding(node: Node): Binding | undefined {
  let n = unwrap(node);
  while (n.type === T.MemberExpression) n = unwrap(n.object);
  return n.type === T.Identifier ? resolveIdentifier(n) : undefined;
}

/** Whether a call is `<something>.register(...)`. */
export function isRegisterCall(call: TSESTree.CallExpression): boolean {
  return call.callee.type === T.MemberExpression && propertyName(call.callee) === 'register';
}
