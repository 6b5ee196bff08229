// The value of a name: what its declaration, assignments and later property writes make it, a parameter's
// argument while a call is followed, or an import's export in another workspace file.
import type { TSESTree } from '@typescript-eslint/types';
import { T } from './ast-types';
import { findExport, hasCommonJsDefault, importedFile } from './modules';
import { lookup, resolveIdentifier, type Binding, type PatternStep } from './scope';
import { parentOf, propertyName, unwrap, type Node, type SourceFile } from './source';
import { element, evaluate, oneOf, property, UNKNOWN, unknownAt, withBudget, type EvalContext, type Value, type Written } from './values';

export function identifier(node: TSESTree.Identifier, ctx: EvalContext): Value {
  if (node.name === 'undefined') return { kind: 'undefined', node, file: ctx.file };
  const binding = resolveIdentifier(node);
  if (!binding) return unknownAt(node, ctx.file);
  return bindingValue(binding, node, ctx);
}

// A binding's value does not depend on where it is read from unless parameters are bound, so adapters that
// ask about the same `app` or options object a hundred times pay once.
const bindingValues = new WeakMap<Binding, Value>();

export function bindingValue(binding: Binding, at: Node, ctx: EvalContext): Value {
  if (ctx.env && ctx.env.size > 0) return computeBindingValue(binding, at, ctx);
  let value = bindingValues.get(binding);
  if (!value) {
    const question = withBudget(ctx);
    value = computeBindingValue(binding, at, question);
    // A value cut short by the budget depends on what was asked before: not one to reuse.
    if (question.budget.steps >= 0) bindingValues.set(binding, value);
  }
  return value;
}

function computeBindingValue(binding: Binding, at: Node, ctx: EvalContext): Value {
  switch (binding.kind) {
    case 'variable': {
      const declarator = binding.declarator;
      const inits: Value[] = [];
      if (declarator.init) inits.push(applyPattern(evaluate(declarator.init, ctx), binding.path, binding.fallback, ctx));
      else if (binding.declKind === 'const') return unknownAt(at, ctx.file);
      if (binding.declKind !== 'const' && binding.path.length === 0) {
        for (const assigned of assignmentsTo(binding, ctx.file)) inits.push(evaluate(assigned, ctx));
      }
      if (inits.length === 0) return { kind: 'undefined', node: at, file: ctx.file };
      return withMutations(oneOf(inits), binding, ctx);
    }
    case 'param': {
      const bound = ctx.env?.get(binding);
      if (bound) return bound;
      // Not called from anywhere we analyse: the caller's value, or the default when it passes none.
      return binding.fallback ? oneOf([unknownAt(binding.id, ctx.file), evaluate(binding.fallback, ctx)]) : unknownAt(binding.id, ctx.file);
    }
    case 'function':
      return { kind: 'function', fn: binding.node, file: ctx.file, node: binding.node };
    case 'import':
      return importValue(binding.source, binding.imported, binding.id, ctx);
    case 'for-of': {
      const iterable = evaluate(binding.iterable, ctx);
      if (iterable.kind !== 'array' || binding.path.length > 0) return unknownAt(binding.id, ctx.file);
      const elements = iterable.open ? [...iterable.elements, unknownAt(binding.id, ctx.file)] : iterable.elements;
      return elements.length === 0 ? unknownAt(binding.id, ctx.file) : oneOf(elements);
    }
    default:
      return unknownAt(binding.id, ctx.file);
  }
}

function assignmentsTo(binding: Binding & { kind: 'variable' }, file: SourceFile): Node[] {
  return file.assignments
    .filter((a) => a.operator === '=' && a.left.type === T.Identifier && a.left.name === binding.id.name && resolveIdentifier(a.left) === binding)
    .map((a) => a.right);
}

/**
 * `const options = { origin: '*' }; options.credentials = true;`: later property writes join the object.
 * A write in the declaration's own block replaces the property; one under a branch adds an alternative.
 */
function withMutations(value: Value, binding: Binding & { kind: 'variable' }, ctx: EvalContext): Value {
  if (value.kind !== 'object' || binding.path.length > 0) return value;
  let props: Map<string, Value> | undefined;
  let written: Map<string, Written> | undefined;
  let open = value.open;
  const declBlock = parentOf(binding.declarator)?.parent;
  for (const a of ctx.file.assignments) {
    if (a.operator !== '=' || a.left.type !== T.MemberExpression || unwrap(a.left.object).type !== T.Identifier) continue;
    const target = unwrap(a.left.object) as TSESTree.Identifier;
    if (target.name !== binding.id.name || resolveIdentifier(target) !== binding) continue;
    props ??= new Map(value.props);
    written ??= new Map(value.written ?? []);
    const name = propertyName(a.left);
    if (name === undefined) {
      open = true;
      continue;
    }
    const assigned = evaluate(a.right, ctx);
    const statement = parentOf(a);
    const unconditional = statement?.type === T.ExpressionStatement && parentOf(statement) === declBlock;
    const previous = props.get(name);
    props.set(name, unconditional || !previous ? assigned : oneOf([previous, assigned]));
    written.set(name, { node: a.right, file: ctx.file });
  }
  return props ? { ...value, props, open, ...(written ? { written } : {}) } : value;
}

/** Follows a destructuring path: `const { cors: { origin } } = config`. */
export function applyPattern(value: Value, path: readonly PatternStep[], fallback: Node | undefined, ctx: EvalContext): Value {
  let v = value;
  for (const step of path) {
    if ('key' in step) v = property(v, step.key, ctx);
    else if ('index' in step) v = element(v, step.index);
    else return UNKNOWN;
  }
  if (fallback && (v.kind === 'undefined' || v.kind === 'unknown' || v.kind === 'env')) {
    const f = evaluate(fallback, ctx);
    return v.kind === 'undefined' ? f : oneOf([v, f]);
  }
  return v;
}

function importValue(source: string, imported: string, at: Node, ctx: EvalContext): Value {
  const target = importedFile(ctx.project, ctx.file, source);
  if (!target) {
    if (source.startsWith('.')) return unknownAt(at, ctx.file);
    return { kind: 'module', source, path: imported === '*' ? [] : [imported], node: at, file: ctx.file };
  }
  if (imported === '*') return { kind: 'namespace', target, node: at, file: ctx.file };
  return exportValue(target, imported, ctx);
}

/** The value of export `name` of a workspace file, CommonJS interop included. */
export function exportValue(target: SourceFile, name: string, ctx: EvalContext): Value {
  const found = findExport(ctx.project, target, name);
  const inner = { ...ctx, file: target, env: undefined };
  if (found?.kind === 'node') return evaluate(found.node, inner);
  if (found?.kind === 'namespace') return { kind: 'namespace', target: found.file };
  if (found?.kind === 'binding') {
    const binding = lookup(found.name, found.file.ast);
    return binding ? bindingValue(binding, found.file.ast, { ...inner, file: found.file }) : UNKNOWN;
  }
  // `import { corsOptions } from './cors'` where cors.js does `module.exports = { corsOptions }` via a variable.
  if (name !== 'default' && hasCommonJsDefault(target)) return property(exportValue(target, 'default', ctx), name, ctx);
  return UNKNOWN;
}

export function requireValue(source: string, node: Node, ctx: EvalContext): Value {
  const target = importedFile(ctx.project, ctx.file, source);
  if (target) return hasCommonJsDefault(target) ? exportValue(target, 'default', ctx) : { kind: 'namespace', target, node, file: ctx.file };
  if (source.startsWith('.')) return unknownAt(node, ctx.file);
  return { kind: 'module', source, path: [], node, file: ctx.file };
}
