// Recognises the request's Origin header in code: `req.headers.origin`, `req.get('Origin')`,
// `request.headers.get('origin')`, `event.headers.Origin`, and variables, destructuring and helper parameters
// that carry it, plus the parts of `new URL(origin)`. JavaScript-level, so every adapter shares it.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import type { OriginPart } from '../model/origin-check';
import { resolveIdentifier } from './scope';
import { childNodes, propertyName, stringLiteral, unwrap, type Node, type SourceFile } from './source';
import type { EvalContext } from './values';

export interface AnalysisContext extends EvalContext {
  /** Parameters that hold the request's Origin itself (the first argument of an origin callback). */
  readonly originParams?: ReadonlySet<Node>;
  /** The project's trusted origins (cors-lint.json), for fixes that write an allowlist. */
  readonly trustedOrigins?: readonly string[];
}

type Step = { readonly prop: string } | { readonly call: string; readonly arg?: string };

interface AccessPath {
  readonly root: Node;
  readonly file: SourceFile;
  readonly steps: readonly Step[];
}

const HEADER_GETTERS = new Set(['get', 'header', 'getHeader', 'headers']);
const TRANSPARENT_CALLS = new Set(['toLowerCase', 'toUpperCase', 'trim', 'toString', 'valueOf', 'normalize']);
const URL_PARTS: Record<string, OriginPart> = { origin: 'origin', hostname: 'hostname', host: 'host', protocol: 'protocol' };

/** Is `node` the request's Origin header (possibly lower-cased or trimmed)? */
export function isOriginExpr(node: Node, ctx: AnalysisContext): boolean {
  const path = accessPath(node, ctx, 0);
  return !!path && isOriginPath(path, ctx);
}

/** The request header `node` reads (`req.headers.authorization` -> 'authorization'), lower-cased. */
export function headerReadName(node: Node, ctx: AnalysisContext): string | undefined {
  const path = accessPath(node, ctx, 0);
  return path && headerOfSteps(withoutTransparent(path.steps));
}

function headerOfSteps(steps: readonly Step[]): string | undefined {
  const last = steps[steps.length - 1];
  if (!last) return undefined;
  if ('call' in last) return HEADER_GETTERS.has(last.call) ? last.arg?.toLowerCase() : undefined;
  const previous = steps[steps.length - 2];
  // `ctx.origin` in Koa is the server's own origin; only header bags hold request headers.
  return previous && 'prop' in previous && /^(headers|header|multiValueHeaders)$/.test(previous.prop) ? last.prop.toLowerCase() : undefined;
}

/** Which part of the Origin `node` is: the origin itself, or a field of `new URL(origin)`. */
export function originPartOf(node: Node, ctx: AnalysisContext): OriginPart | undefined {
  const path = accessPath(node, ctx, 0);
  if (!path) return undefined;
  if (isOriginPath(path, ctx)) return 'origin';
  const root = unwrap(path.root);
  const steps = withoutTransparent(path.steps);
  if (steps.length !== 1) return undefined;
  const step = steps[0] as Step;
  if (!('prop' in step) || !URL_PARTS[step.prop]) return undefined;
  const parsed = urlArgument(root);
  return parsed && isOriginExpr(parsed, { ...ctx, file: path.file }) ? URL_PARTS[step.prop] : undefined;
}

/** `new URL(x)`, `URL.parse(x)`, `url.parse(x)` -> x */
function urlArgument(node: Node): Node | undefined {
  if (node.type === T.NewExpression && node.callee.type === T.Identifier && node.callee.name === 'URL') return node.arguments[0];
  if (node.type === T.CallExpression && node.callee.type === T.MemberExpression && propertyName(node.callee) === 'parse') {
    const object = unwrap(node.callee.object);
    if (object.type === T.Identifier && /^(URL|url)$/.test(object.name)) return node.arguments[0];
  }
  return undefined;
}

function isOriginPath(path: AccessPath, ctx: AnalysisContext): boolean {
  const steps = withoutTransparent(path.steps);
  if (steps.length === 0) return !!ctx.originParams?.has(path.root);
  return headerOfSteps(steps) === 'origin';
}

function withoutTransparent(steps: readonly Step[]): readonly Step[] {
  let end = steps.length;
  while (end > 0) {
    const step = steps[end - 1] as Step;
    if ('call' in step && TRANSPARENT_CALLS.has(step.call)) end--;
    else break;
  }
  return end === steps.length ? steps : steps.slice(0, end);
}

/** Expresses `node` as a root plus property/call steps, seeing through variables and bound parameters. */
function accessPath(node: Node, ctx: AnalysisContext, depth: number): AccessPath | undefined {
  if (depth > 12) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case T.Identifier:
      return identifierPath(n, ctx, depth);
    case T.MemberExpression: {
      const name = propertyName(n);
      const base = name === undefined ? undefined : accessPath(n.object, ctx, depth + 1);
      return base && name !== undefined ? { ...base, steps: [...base.steps, { prop: name }] } : undefined;
    }
    case T.CallExpression: {
      if (n.callee.type !== T.MemberExpression) return undefined;
      const method = propertyName(n.callee);
      const base = method === undefined ? undefined : accessPath(n.callee.object, ctx, depth + 1);
      if (!base || method === undefined) return undefined;
      const arg = stringLiteral(n.arguments[0]);
      return { ...base, steps: [...base.steps, arg === undefined ? { call: method } : { call: method, arg }] };
    }
    case T.LogicalExpression:
      // `req.headers.origin || ''`: the fallback is a constant; the value that matters is the header.
      return n.operator === '&&' ? undefined : accessPath(n.left, ctx, depth + 1);
    case T.NewExpression:
    case T.ThisExpression:
      return { root: n, file: ctx.file, steps: [] };
    default:
      return undefined;
  }
}

function identifierPath(id: TSESTree.Identifier, ctx: AnalysisContext, depth: number): AccessPath | undefined {
  const binding = resolveIdentifier(id);
  if (!binding) return { root: id, file: ctx.file, steps: [] };
  const keys = 'path' in binding ? binding.path : [];
  const steps: Step[] = [];
  for (const step of keys) {
    if (!('key' in step)) return undefined;
    steps.push({ prop: step.key });
  }
  if (binding.kind === 'param') {
    const bound = ctx.env?.get(binding);
    if (bound?.node && bound.file) {
      const base = accessPath(bound.node, { ...ctx, file: bound.file, env: undefined }, depth + 1);
      return base && { ...base, steps: [...base.steps, ...steps] };
    }
    // A destructured parameter `({ headers }) => ...` is rooted at the parameter itself.
    return { root: steps.length > 0 ? binding.fn.params[binding.index] ?? binding.id : binding.id, file: ctx.file, steps };
  }
  if (binding.kind === 'variable' && binding.declarator.init && (binding.declKind === 'const' || !isReassigned(binding.id, ctx))) {
    const base = accessPath(binding.declarator.init, ctx, depth + 1);
    return base && { ...base, steps: [...base.steps, ...steps] };
  }
  return { root: binding.id, file: ctx.file, steps: [] };
}

function isReassigned(id: TSESTree.Identifier, ctx: AnalysisContext): boolean {
  return ctx.file.assignments.some((a) => a.left.type === T.Identifier && a.left.name === id.name && resolveIdentifier(a.left)?.id === id);
}

/** Does anything in `node` read the request's Origin? (Decides whether an unreadable condition protects.) */
export function mentionsOrigin(node: Node, ctx: AnalysisContext, depth = 0): boolean {
  if (depth > 6) return false;
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === T.Identifier || n.type === T.MemberExpression || n.type === T.CallExpression) {
      if (isOriginExpr(n, ctx) || originPartOf(n, ctx)) return true;
    }
    if (n.type === T.Identifier) {
      const binding = resolveIdentifier(n);
      if (binding?.kind === 'variable' && binding.declarator.init && mentionsOrigin(binding.declarator.init, ctx, depth + 1)) return true;
      if (binding?.kind === 'param' && ctx.env?.get(binding)?.node) {
        const bound = ctx.env.get(binding);
        if (bound?.node && bound.file && mentionsOrigin(bound.node, { ...ctx, file: bound.file, env: undefined }, depth + 1)) return true;
      }
      continue;
    }
    stack.push(...childNodes(n));
  }
  return false;
}
