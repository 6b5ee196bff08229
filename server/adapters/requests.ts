// What a handler does with requests that decides whether browsers preflight them: the methods it dispatches on,
// whether it answers OPTIONS, and the request headers it reads (Authorization, X-*). Framework-neutral.
import { T } from '../engine/ast-types';
import type { PreflightTrigger } from '../model/policy';

import { headerReadName, type AnalysisContext } from '../engine/origin-reads';
import { childNodes, propertyName, siteOf, stringLiteral, unwrap, type Node } from '../engine/source';

export const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);

// Headers browsers set themselves or that are CORS-safelisted: reading them says nothing about preflight.
const BROWSER_HEADERS = new Set([
  'accept', 'accept-language', 'accept-encoding', 'content-language', 'content-type', 'content-length', 'range', 'origin',
  'referer', 'user-agent', 'host', 'cookie', 'connection', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host',
  'x-real-ip', 'x-request-id', 'if-none-match', 'if-modified-since', 'cache-control', 'pragma', 'upgrade',
  'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest', 'access-control-request-method', 'access-control-request-headers',
]);

/** HTTP methods the code compares `something.method` with (`req.method === 'PUT'`, `case 'DELETE':`). */
export function dispatchedMethods(root: Node): string[] {
  const found = new Set<string>();
  forEachNode(root, (n) => {
    if (n.type === T.BinaryExpression && ['===', '==', '!==', '!='].includes(n.operator)) {
      for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as const) {
        const method = stringLiteral(b as Node);
        if (method && isMethodRead(a as Node)) found.add(method.toUpperCase());
      }
    }
    if (n.type === T.SwitchStatement && isMethodRead(n.discriminant)) {
      for (const c of n.cases) {
        const method = stringLiteral(c.test);
        if (method) found.add(method.toUpperCase());
      }
    }
    if (n.type === T.CallExpression && n.callee.type === T.MemberExpression && propertyName(n.callee) === 'includes' && n.arguments[0] && isMethodRead(n.arguments[0] as Node)) {
      const list = unwrap(n.callee.object);
      if (list.type === T.ArrayExpression) for (const el of list.elements) el && stringLiteral(el) && found.add((stringLiteral(el) as string).toUpperCase());
    }
  });
  return [...found];
}

export function isMethodRead(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === T.MemberExpression) return propertyName(n) === 'method' || propertyName(n) === 'httpMethod';
  if (n.type === T.CallExpression && n.callee.type === T.MemberExpression) {
    const name = propertyName(n.callee);
    return (name === 'toUpperCase' || name === 'toLowerCase') && isMethodRead(n.callee.object);
  }
  if (n.type === T.Identifier) return /^(method|httpMethod|verb)$/i.test(n.name);
  return false;
}

/** Whether the handler has an OPTIONS branch (it answers preflights itself). */
export function answersOptions(root: Node): boolean {
  return dispatchedMethods(root).includes('OPTIONS');
}

/** Triggers from request headers the handler reads that browsers would only send after a preflight. */
export function headerTriggers(root: Node, ctx: AnalysisContext): PreflightTrigger[] {
  const seen = new Set<string>();
  const out: PreflightTrigger[] = [];
  forEachNode(root, (n) => {
    if (n.type !== T.MemberExpression && n.type !== T.CallExpression) return;
    // `request.headers.get` / `response.headers.set` as a callee is a method of a Headers object, not a header.
    if (n.type === T.MemberExpression && n.parent?.type === T.CallExpression && n.parent.callee === n) return;
    const name = headerReadName(n, ctx);
    // Response headers read back (`res.get('Access-Control-Allow-Origin')`) say nothing about the request, nor do
    // those a CDN in front adds (Cloudflare's `CF-Connecting-IP`, `CF-IPCountry`).
    if (!name || BROWSER_HEADERS.has(name) || /^(sec-|access-control-allow-|vary$|cf-)/.test(name) || seen.has(name)) return;
    seen.add(name);
    out.push({ reason: `the handler reads the ${displayHeader(name)} request header`, site: siteOf(n, ctx) });
  });
  return out;
}

export function displayHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function forEachNode(root: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    visit(n);
    stack.push(...childNodes(n));
  }
}
