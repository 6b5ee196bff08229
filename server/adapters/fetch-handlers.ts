// Fetch-style entry points: the function a platform hands every request to and whose Response it sends back.
// Cloudflare Workers and Bun/Deno default exports (`export default { fetch(request, env, ctx) {} }`), service
// workers (`addEventListener('fetch', e => e.respondWith(handle(e.request)))`), `Deno.serve(handler)`,
// `Bun.serve({ fetch })`, deno std `serve(handler)`, and a default-exported `(request) => Response` function
// (Netlify Functions v2, Vercel Edge). None of these platforms answers OPTIONS on its own.
import { T } from '../engine/ast-types';
import { findExport } from '../engine/modules';
import type { AnalysisContext } from '../engine/origin-reads';
import { enclosingFunction, isFunction, memberPath, propertyName, stringLiteral, unwrap, type FunctionNode } from '../engine/source';
import { exportValue } from '../engine/binding-values';
import { returnStatements } from '../engine/function-calls';
import { alternatives, evaluate, property, type Value } from '../engine/values';

export interface FetchEntries {
  /** Entry points, each with the platform that calls it (for messages). */
  readonly entries: ReadonlyMap<FunctionNode, string>;
  /**
   * For each function whose preflight another one decides, that one: a workspace function an entry hands the
   * request to (`return handleRequest(request)`) -> the entry; a service worker's listener -> its handler.
   */
  readonly decidedBy: ReadonlyMap<FunctionNode, FunctionNode>;
}

const memo = new WeakMap<object, FetchEntries>();

export function fetchEntries(ctx: AnalysisContext): FetchEntries {
  const known = memo.get(ctx.file);
  if (known) return known;
  const entries = new Map<FunctionNode, string>();
  const listeners = new Map<FunctionNode, FunctionNode>();
  const add = (v: Value | undefined, platform: string) => {
    for (const alt of v ? alternatives(v) : []) if (alt.kind === 'function' && alt.file === ctx.file) entries.set(alt.fn, platform);
  };
  defaultExportEntries(ctx, add);
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression) continue;
    const path = memberPath(call.callee)?.join('.');
    if (path === 'Deno.serve' || path === 'Bun.serve') {
      for (const arg of call.arguments) {
        const v = arg.type === T.SpreadElement ? undefined : evaluate(arg, ctx);
        if (v?.kind === 'function') add(v, path);
        else if (v) add(property(v, path === 'Bun.serve' ? 'fetch' : 'handler', ctx), path);
      }
    } else if (/^(self\.|globalThis\.)?addEventListener$/.test(path ?? '') && stringLiteral(call.arguments[0]) === 'fetch') {
      const cb = call.arguments[1] && evaluate(call.arguments[1], ctx);
      if (cb?.kind !== 'function' || cb.file !== ctx.file) continue;
      const targets = respondWithTargets(cb.fn, ctx);
      targets.forEach((fn) => entries.set(fn, 'service worker'));
      if (targets.length === 1 && targets[0] !== cb.fn) listeners.set(cb.fn, targets[0] as FunctionNode);
    } else if (call.callee.type === T.Identifier && call.callee.name === 'serve' && isStdServe(evaluate(call.callee, ctx))) {
      add(call.arguments[0] && call.arguments[0].type !== T.SpreadElement ? evaluate(call.arguments[0], ctx) : undefined, 'Deno');
    }
  }
  const decidedBy = new Map<FunctionNode, FunctionNode>(listeners);
  for (const entry of entries.keys()) {
    for (const fn of handedTheRequest(entry, ctx)) if (!entries.has(fn) && !decidedBy.has(fn)) decidedBy.set(fn, entry);
  }
  const result = { entries, decidedBy };
  memo.set(ctx.file, result);
  return result;
}

/** `export default { fetch }` (Workers, Bun, `deno serve`); `export default (request: Request) => new Response(...)`. */
function defaultExportEntries(ctx: AnalysisContext, add: (v: Value | undefined, platform: string) => void): void {
  // Cheap first: an exported object literal without `fetch`, or a call (a bundle's exports), is no entry.
  const found = findExport(ctx.project, ctx.file, 'default');
  const node = found?.kind === 'node' ? unwrap(found.node) : undefined;
  if (!found || (node && node.type !== T.Identifier && !isFunction(node) && !(node.type === T.ObjectExpression && node.properties.some((p) => p.type === T.Property && propertyName(p) === 'fetch')))) return;
  for (const alt of alternatives(exportValue(ctx.file, 'default', ctx))) {
    if (alt.kind === 'object') add(alt.props.get('fetch'), 'fetch handler');
    else if (alt.kind === 'function' && returnsResponse(alt.fn)) add(alt, 'fetch handler');
  }
}

/** Whether a function returns `new Response(...)` / `Response.json(...)` somewhere: a Request -> Response handler. */
export function returnsResponse(fn: FunctionNode): boolean {
  const returned = fn.body.type === T.BlockStatement ? returnStatements(fn.body).map((r) => r.argument) : [fn.body];
  return returned.some((r) => {
    const n = r && unwrap(r);
    if (!n) return false;
    if (n.type === T.NewExpression) return n.callee.type === T.Identifier && /Response$/.test(n.callee.name);
    return n.type === T.CallExpression && n.callee.type === T.MemberExpression && /Response$/.test(memberPath(n.callee.object)?.join('.') ?? '');
  });
}

function isStdServe(v: Value): boolean {
  return v.kind === 'module' && /(^|\/)(std(@[^/]*)?\/http\/server\.ts|@std\/http(@[^/]*)?(\/server)?)$|^jsr:@std\/http/.test(v.source) && v.path.join('.') === 'serve';
}

/** The handlers a service worker's fetch listener passes the request to: `e.respondWith(handle(e.request))`. */
function respondWithTargets(listener: FunctionNode, ctx: AnalysisContext): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || call.callee.type !== T.MemberExpression || propertyName(call.callee) !== 'respondWith') continue;
    if (enclosingFunction(call) !== listener) continue;
    const arg = call.arguments[0] && unwrap(call.arguments[0]);
    const inner = arg?.type === T.CallExpression ? evaluate(arg.callee, ctx) : undefined;
    if (inner?.kind === 'function' && inner.file === ctx.file) out.push(inner.fn);
  }
  return out.length > 0 ? out : [listener];
}

/** Workspace functions of this file an entry calls with its request (`handleOptions(request)`). */
function handedTheRequest(entry: FunctionNode, ctx: AnalysisContext): FunctionNode[] {
  const request = entry.params[0];
  if (request?.type !== T.Identifier) return [];
  const out: FunctionNode[] = [];
  for (const call of ctx.file.calls) {
    if (call.type !== T.CallExpression || enclosingFunction(call) !== entry) continue;
    if (!call.arguments.some((a) => a.type === T.Identifier && a.name === request.name)) continue;
    const callee = unwrap(call.callee);
    if (callee.type !== T.Identifier) continue;
    const v = evaluate(callee, ctx);
    if (v.kind === 'function' && v.file === ctx.file && isFunction(v.fn)) out.push(v.fn);
  }
  return out;
}
