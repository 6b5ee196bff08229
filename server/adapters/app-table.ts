// The routing table of a Koa or Hono app in one file, in the one shape both adapters' preflight logic reads:
// middleware and routes with their methods, full paths (router prefixes and mounts applied) and handlers.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import { resolveIdentifier, type Binding } from '../engine/scope';
import { stringLiteral, unwrap, type Node } from '../engine/source';

export interface Mount {
  readonly call: TSESTree.CallExpression;
  /** 'use': middleware; 'route': a route for `methods`. */
  readonly kind: 'use' | 'route';
  /** Upper-case methods of a route ('ALL' for every method); empty for middleware. */
  readonly methods: readonly string[];
  /** The path with router prefixes and mount paths applied; undefined: every path. */
  readonly path?: string;
  /** The path argument as written, for fixes that add a route beside this one. */
  readonly pathNode?: Node;
  readonly handlers: readonly Node[];
  /** Source text of the app or router it is registered on (`router`, `app`), for fixes. */
  readonly receiver: string;
  /** The app or router variable it is registered on. */
  readonly router?: Binding;
  /** The app serving it is made here, so what is registered here is the whole story. */
  readonly owned: boolean;
  /** Whether OPTIONS requests reach this middleware (Koa's `app.use`, Hono's `use`; not koa-router's `router.use`). */
  readonly seesOptions: boolean;
  /** Whether the mount applies to a route path. */
  readonly covers: (path: string | undefined) => boolean;
}

/** `'/items/:id'`, `['/a', '/b']` (the first), or undefined for anything else. */
export function pathArg(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.ArrayExpression) return n.elements[0] ? stringLiteral(n.elements[0]) : undefined;
  return stringLiteral(n);
}

export function isPathLike(node: Node | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return stringLiteral(n) !== undefined || (n.type === T.ArrayExpression && n.elements.every((e) => !!e && stringLiteral(e) !== undefined));
}

/** `/api` + `/items` -> `/api/items`; a prefix alone stays itself. */
export function joinPaths(prefix: string | undefined, path: string | undefined): string | undefined {
  if (!prefix) return path;
  if (path === undefined) return prefix;
  return (prefix.replace(/\/$/, '') + '/' + path.replace(/^\//, '')).replace(/(.)\/$/, '$1');
}

/** The variable a receiver expression starts from (`router` in `router.get(...).post(...)`). */
export function rootBinding(node: Node): Binding | undefined {
  let n = unwrap(node);
  while (n.type === T.MemberExpression || (n.type === T.CallExpression && n.callee.type === T.MemberExpression)) {
    n = unwrap(n.type === T.MemberExpression ? n.object : (n.callee as TSESTree.MemberExpression).object);
  }
  return n.type === T.Identifier ? resolveIdentifier(n) : undefined;
}

/** The middleware and handlers of a registration, arrays flattened (`router.get('/x', [a, b], c)`). */
export function handlersOf(args: readonly Node[]): Node[] {
  return args.flatMap((a) => {
    const n = unwrap(a);
    return n.type === T.ArrayExpression ? (n.elements.filter((e) => e && e.type !== T.SpreadElement) as Node[]) : n.type === T.SpreadElement ? [] : [a];
  });
}

/** The handler is this call (`use(cors())`), or a const initialised with it (`const mw = cors(); use(mw)`). */
export function refersTo(handler: Node, call: Node): boolean {
  let n = unwrap(handler);
  if (n.type === T.Identifier) {
    const binding = resolveIdentifier(n);
    if (binding?.kind !== 'variable' || !binding.declarator.init || binding.path.length > 0) return false;
    n = unwrap(binding.declarator.init);
  }
  return n === call;
}
