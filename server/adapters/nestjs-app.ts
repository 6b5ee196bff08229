// Which HTTP platform a NestJS app runs on, read from `NestFactory.create(Module, adapter?, options?)`, its
// type argument, or the app's type annotation: CORS options follow `cors` on Express (the default platform) and
// @fastify/cors on Fastify (@nestjs/platform-express and -fastify `enableCors`).
import type { TSESTree } from '@typescript-eslint/types';
import { T } from '../engine/ast-types';
import type { AnalysisContext } from '../engine/origin-reads';
import { resolveIdentifier } from '../engine/scope';
import { unwrap, type Node, type SourceFile } from '../engine/source';
import { evaluate, isModuleValue } from '../engine/values';

export type Platform = 'express' | 'fastify' | 'unknown';

/** Whether the file belongs to a NestJS app (an import from @nestjs/*). */
export function importsNest(file: SourceFile): boolean {
  return /@nestjs\//.test(file.text) && file.ast.body.some((s) => s.type === T.ImportDeclaration && String(s.source.value).startsWith('@nestjs/'));
}

/** `NestFactory.create(...)` (also `createApplicationContext`-free: only create makes an HTTP app). */
export function isCreateCall(node: Node, ctx: AnalysisContext): node is TSESTree.CallExpression {
  const n = unwrap(node);
  return n.type === T.CallExpression && isModuleValue(evaluate(n.callee, ctx), '@nestjs/core', ['NestFactory', 'create']);
}

/** The options argument of a create call: the second unless an HTTP adapter comes first. */
export function createOptions(call: TSESTree.CallExpression, ctx: AnalysisContext): Node | undefined {
  const [, second, third] = call.arguments as readonly (Node | undefined)[];
  if (third) return third;
  if (!second) return undefined;
  return adapterPlatform(second, ctx) === undefined ? second : undefined;
}

export function platformOfCreate(call: TSESTree.CallExpression, ctx: AnalysisContext): Platform {
  const fromType = platformOfType(call.typeArguments?.params[0]);
  const second = call.arguments[1] as Node | undefined;
  const adapter = second ? adapterPlatform(second, ctx) : undefined;
  if (adapter) return adapter;
  if (call.arguments.length >= 3) return fromType ?? 'unknown';
  // No adapter: NestFactory loads @nestjs/platform-express.
  if (!second || evaluate(second, ctx).kind === 'object') return fromType ?? 'express';
  return fromType ?? 'unknown';
}

/** `new FastifyAdapter()` / `new ExpressAdapter(server)`, directly or through a variable. */
function adapterPlatform(node: Node, ctx: AnalysisContext): Platform | undefined {
  const v = evaluate(node, ctx);
  if (isModuleValue(v, '@nestjs/platform-fastify', ['FastifyAdapter', '()'])) return 'fastify';
  if (isModuleValue(v, '@nestjs/platform-express', ['ExpressAdapter', '()'])) return 'express';
  return undefined;
}

/** The platform of the app `receiver` names: its create call, or its type (`app: NestFastifyApplication`). */
export function platformOfApp(receiver: Node, ctx: AnalysisContext): Platform {
  const n = unwrap(receiver);
  const binding = n.type === T.Identifier ? resolveIdentifier(n) : undefined;
  if (!binding) return 'unknown';
  if (binding.kind === 'variable' && binding.declarator.init && isCreateCall(binding.declarator.init, ctx)) {
    return platformOfCreate(unwrap(binding.declarator.init) as TSESTree.CallExpression, ctx);
  }
  const annotation = binding.id.typeAnnotation?.typeAnnotation;
  return platformOfType(annotation) ?? 'unknown';
}

function platformOfType(type: TSESTree.TypeNode | undefined): Platform | undefined {
  if (type?.type !== T.TSTypeReference || type.typeName.type !== T.Identifier) return undefined;
  if (type.typeName.name === 'NestFastifyApplication') return 'fastify';
  if (type.typeName.name === 'NestExpressApplication') return 'express';
  return undefined;
}
