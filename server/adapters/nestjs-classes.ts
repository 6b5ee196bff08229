// NestJS classes as routing facts: `@Controller(prefix)` classes and the routes their `@Get/@Put/...(path)`
// handlers declare, and middleware classes (`implements NestMiddleware`, or `@Injectable()` with `use(req, res, next)`).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { stringOf } from '../engine/value-facts';
import { evaluate, property, type Value } from '../engine/values';

type Class = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
type Method = TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression };

export interface NestRoute {
  /** Upper-case; `ALL` for @All(). */
  readonly method: string;
  readonly path: string;
}

const ROUTE_DECORATORS: Record<string, string> = {
  Get: 'GET', Post: 'POST', Put: 'PUT', Delete: 'DELETE', Patch: 'PATCH', Options: 'OPTIONS', Head: 'HEAD', All: 'ALL', Search: 'SEARCH',
};

/** A decorator call `@Name(...)` of @nestjs/common, by name, before evaluating anything. */
function decoratorCall(d: TSESTree.Decorator, names: readonly string[], ctx: AnalysisContext): { name: string; call: TSESTree.CallExpression } | undefined {
  const call = d.expression;
  if (call.type !== T.CallExpression || call.callee.type !== T.Identifier) return undefined;
  const v = evaluate(call.callee, ctx);
  const name = v.kind === 'module' && v.source === '@nestjs/common' && v.path.length === 1 ? v.path[0] : undefined;
  return name !== undefined && names.includes(name) ? { name, call } : undefined;
}

/** `@Controller('items')` -> 'items', `@Controller({ path: 'items' })` -> 'items', `@Controller()` -> ''; not a controller: undefined. */
export function controllerPrefix(cls: Class, ctx: AnalysisContext): string | undefined {
  for (const d of cls.decorators ?? []) {
    const found = decoratorCall(d, ['Controller'], ctx);
    if (!found) continue;
    const arg = found.call.arguments[0];
    if (!arg || arg.type === T.SpreadElement) return '';
    const v = evaluate(arg, ctx);
    return firstPath(v.kind === 'object' ? property(v, 'path', ctx) : v) ?? '';
  }
  return undefined;
}

export function isMiddlewareClass(cls: Class, ctx: AnalysisContext): boolean {
  if ((cls.implements ?? []).some((i) => i.expression.type === T.Identifier && i.expression.name === 'NestMiddleware')) return true;
  const injectable = (cls.decorators ?? []).some((d) => decoratorCall(d, ['Injectable'], ctx));
  return injectable && methodsOf(cls).some((m) => m.key.type === T.Identifier && m.key.name === 'use' && m.value.params.length >= 3);
}

export function methodsOf(cls: Class): Method[] {
  return cls.body.body.filter((m): m is Method => m.type === T.MethodDefinition && m.kind === 'method' && m.value.type === T.FunctionExpression);
}

/** The routes a handler declares: `@Put(':id')` in `@Controller('items')` -> PUT /items/:id. */
export function routesOf(method: Method, prefix: string, ctx: AnalysisContext): NestRoute[] {
  const out: NestRoute[] = [];
  for (const d of method.decorators ?? []) {
    const found = decoratorCall(d, Object.keys(ROUTE_DECORATORS), ctx);
    if (!found) continue;
    const arg = found.call.arguments[0];
    const paths = !arg || arg.type === T.SpreadElement ? [''] : pathsOf(evaluate(arg, ctx));
    for (const p of paths) out.push({ method: ROUTE_DECORATORS[found.name] as string, path: join(prefix, p) });
  }
  return out;
}

function pathsOf(v: Value): string[] {
  if (v.kind === 'array') return v.elements.map(stringOf).filter((s): s is string => s !== undefined);
  const s = stringOf(v);
  return s === undefined ? [''] : [s];
}

function firstPath(v: Value): string | undefined {
  return pathsOf(v)[0];
}

function join(prefix: string, path: string): string {
  const parts = [prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return '/' + parts.join('/');
}
