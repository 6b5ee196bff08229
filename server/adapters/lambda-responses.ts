// The responses a Lambda handler returns (`return { statusCode, headers, body }`, through variables, helpers and
// ternaries, or `callback(null, response)`), as header writes: each returned object is one response, so a Vary
// written on one never counts for another.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import { and } from '../model/check-logic';
import { checkOfGuards } from '../engine/checks';
import { contains, guardsAt, walkFunction, type Guard } from '../engine/flow';
import type { AnalysisContext } from '../engine/origin-reads';
import { boundModule, moduleTextMatches } from '../engine/modules';
import { resolveIdentifier } from '../engine/scope';
import { chainRoot, parentOf, propertyName, unwrap, type FunctionNode, type Node } from '../engine/source';
import { alternatives, evaluate, type ValueOf } from '../engine/values';
import { mayReachCorsHeader, objectWrites, type HeaderWrite } from './header-writes';

/** Every CORS or Vary header on the responses `fn` returns or passes to its callback. */
export function responseWrites(fn: FunctionNode, ctx: AnalysisContext): HeaderWrite[] {
  const out: HeaderWrite[] = [];
  if (!mayReachCorsHeader(ctx)) return out;
  const callback = fn.params[2]?.type === T.Identifier ? resolveIdentifier(fn.params[2]) : undefined;
  const isCallback = (n: Node | null | undefined): n is TSESTree.CallExpression =>
    !!n && n.type === T.CallExpression && n.callee.type === T.Identifier && !!callback && resolveIdentifier(n.callee) === callback;
  const collect = (expr: Node, guards: readonly Guard[]): void => {
    const n = unwrap(expr);
    if (n.type === T.ConditionalExpression) {
      collect(n.consequent, [...guards, { test: n.test, holds: true }]);
      collect(n.alternate, [...guards, { test: n.test, holds: false }]);
      return;
    }
    if (!mayBeResponse(n, 0, ctx)) return;
    alternatives(evaluate(n, ctx)).forEach((response, i) => {
      if (response.kind !== 'object' || !isResponse(response)) return;
      alternatives(response.props.get('headers') ?? { kind: 'undefined' }).forEach((headers, j) => {
        for (const w of objectWrites(headers, n, guards, ctx)) out.push({ ...underMutationGuards(w, fn, ctx), response: `${n.range[0]}:${i}:${j}` });
      });
    });
  };
  if (fn.body.type !== T.BlockStatement) {
    collect(fn.body, []);
    return out;
  }
  walkFunction(fn, (node, guards) => {
    const expr = node.type === T.ReturnStatement ? node.argument : node;
    if (isCallback(expr)) {
      const response = expr.arguments[1];
      if (response && response.type !== T.SpreadElement) collect(response, guards);
    } else if (node.type === T.ReturnStatement && node.argument) {
      collect(node.argument, guards);
    }
  });
  return out;
}

/**
 * `if (ALLOWED.has(origin)) headers['Access-Control-Allow-Origin'] = origin;`: a header added to the object by an
 * assignment in the handler happens only on that assignment's path.
 */
function underMutationGuards(w: HeaderWrite, fn: FunctionNode, ctx: AnalysisContext): HeaderWrite {
  const assignment = w.value && parentOf(w.value);
  if (assignment?.type !== T.AssignmentExpression || assignment.right !== w.value || w.file !== ctx.file || !contains(fn, assignment)) return w;
  const extra = guardsAt(fn, assignment);
  if (extra.length === 0) return w;
  return { ...w, when: and(w.when, checkOfGuards(extra, ctx)), guards: [...w.guards, ...extra] };
}

/** An API Gateway / function URL response object: headers beside a status code or a body. */
function isResponse(v: ValueOf<'object'>): boolean {
  return v.props.has('headers') && (v.props.has('statusCode') || v.props.has('body'));
}

/**
 * Whether an expression could evaluate to a `{ statusCode, headers }` object, decided before evaluating it: an
 * object literal with neither `headers` nor a spread (directly or through a variable) is none, nor is anything
 * reached from a module that never writes a response, since config builders return big objects made of imports.
 */
function mayBeResponse(node: Node, depth: number, ctx: AnalysisContext): boolean {
  const n = unwrap(node);
  if (depth > 8) return true;
  switch (n.type) {
    case T.ObjectExpression:
      return n.properties.some((p) => (p.type === T.SpreadElement ? mayBeResponse(p.argument, depth + 1, ctx) : propertyName(p) === 'headers'));
    case T.CallExpression:
    case T.MemberExpression:
      return rootMayRespond(n, ctx);
    case T.LogicalExpression:
      return mayBeResponse(n.left, depth + 1, ctx) || mayBeResponse(n.right, depth + 1, ctx);
    case T.ConditionalExpression:
      return mayBeResponse(n.consequent, depth + 1, ctx) || mayBeResponse(n.alternate, depth + 1, ctx);
    case T.SequenceExpression:
      return mayBeResponse(n.expressions[n.expressions.length - 1] as Node, depth + 1, ctx);
    case T.AssignmentExpression:
      return mayBeResponse(n.right, depth + 1, ctx);
    case T.Identifier: {
      const binding = resolveIdentifier(n);
      // A parameter spread in (`{ ...request, scopes }`) brings nothing this file can read.
      if (binding?.kind === 'param') return false;
      if (boundModule(binding) !== undefined) return rootMayRespond(n, ctx);
      return binding?.kind !== 'variable' || !binding.declarator.init || binding.path.length > 0 || mayBeResponse(binding.declarator.init, depth + 1, ctx);
    }
    default:
      // Comparisons, arithmetic, literals, functions, `new` instances: never a plain object.
      return false;
  }
}

// A response helper module writes its headers or status code somewhere in its text.
const RESPONSE_TEXT = /access-control-|statusCode/i;

/** Judges `a.b(c).d` by where `a` comes from: a package or a module that never writes a response cannot build one. */
function rootMayRespond(node: Node, ctx: AnalysisContext): boolean {
  const root = chainRoot(node);
  if (root.type !== T.Identifier) return true;
  const source = boundModule(resolveIdentifier(root));
  return source === undefined || moduleTextMatches(ctx.project, ctx.file, source, RESPONSE_TEXT);
}
