// The deploy configs above a handler file (serverless.*, SAM templates, vercel.json), read through the FileHost so
// unsaved editor text counts, and what they decide about the handler's CORS preflight. Never executed: YAML and
// JSON are parsed; serverless.ts/.js are read with the engine's static values.
import * as path from 'node:path';
import type { AnalysisContext } from '../engine/origin-reads';
import { derivedFrom, loadFile } from '../engine/modules';
import { exportValue } from '../engine/binding-values';
import { parseYamlConfig, plainOfValue, type PlatformConfig, type PlatformRoute } from './platform-data';
import { isCloudFormation, samConfig } from './platform-sam';
import { serverlessConfig } from './platform-serverless';
import { vercelConfig } from './platform-vercel';

const DATA_CONFIGS = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'template.yaml', 'template.yml', 'template.json', 'vercel.json'];
const CODE_CONFIGS = ['serverless.ts', 'serverless.js'];
const MAX_LEVELS = 12;

export type PlatformVerdict =
  /** No config here says anything about this handler or about CORS. */
  | { readonly kind: 'none' }
  /** A config sets CORS up somewhere but does not name this handler: it may answer the preflight. */
  | { readonly kind: 'unknown'; readonly config: string }
  /** The config names this handler: these are the routes in front of it. */
  | { readonly kind: 'routes'; readonly config: PlatformConfig; readonly routes: readonly PlatformRoute[] };

/** What the deploy configs say about the handler exported as `exportName` (undefined: any export) from `file`. */
export function platformVerdict(ctx: AnalysisContext, file: string, exportName: string | undefined): PlatformVerdict {
  const module = file.replace(/\.[cm]?[jt]sx?$/, '');
  let mayAnswer: string | undefined;
  for (const config of configsAbove(ctx, file)) {
    const dir = path.dirname(config.file);
    const mapped = config.functions.filter(
      (f) => f.module !== undefined && path.resolve(dir, f.module) === module && (exportName === undefined || f.exportName === undefined || f.exportName === exportName),
    );
    if (mapped.length > 0) return { kind: 'routes', config, routes: mapped.flatMap((f) => f.routes) };
    if (config.coversFile ? config.coversFile(module) : config.corsSomewhere) mayAnswer ??= config.file;
  }
  return mayAnswer ? { kind: 'unknown', config: mayAnswer } : { kind: 'none' };
}

/**
 * Who answers an OPTIONS request for this route: the platform itself (`platform`), the function (`lambda`: the
 * route takes any method), nobody (`unanswered`: a single-method route without CORS, and no OPTIONS route for
 * the same path anywhere in the config), or `unknown`.
 */
export function routeAnswer(route: PlatformRoute, config: PlatformConfig): 'platform' | 'lambda' | 'unanswered' | 'unknown' {
  if (route.cors === true) return 'platform';
  if (route.cors === 'unknown' || route.method === undefined) return 'unknown';
  if (route.method === '*' || route.method === 'OPTIONS' || route.api === 'function-url') return 'lambda';
  if (route.path === undefined) return 'unknown';
  const other = config.functions.some((f) =>
    f.routes.some((r) => r !== route && r.api === route.api && (r.method === undefined || r.method === '*' || r.method === 'OPTIONS') && (r.path === undefined || r.path === route.path)),
  );
  return other ? 'unknown' : 'unanswered';
}

/** Configs from the handler's folder up to its package root (the folder with package.json), nearest first. */
function configsAbove(ctx: AnalysisContext, file: string): PlatformConfig[] {
  const out: PlatformConfig[] = [];
  let dir = path.dirname(file);
  for (let level = 0; level < MAX_LEVELS; level++) {
    for (const name of DATA_CONFIGS) {
      const config = dataConfig(ctx, path.join(dir, name));
      if (config) out.push(config);
    }
    for (const name of CODE_CONFIGS) {
      const config = codeConfig(ctx, path.join(dir, name));
      if (config) out.push(config);
    }
    if (ctx.project.host.readFile(path.join(dir, 'package.json')) !== undefined) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** A YAML/JSON config, parsed once per text. An unreadable one that mentions CORS may answer anything. */
function dataConfig(ctx: AnalysisContext, file: string): PlatformConfig | undefined {
  return derivedFrom(ctx.project, 'platform-config', file, (text) => {
    if (text === undefined) return undefined;
    const parsed = parseYamlConfig(text);
    if (!parsed) return /cors|access-control/i.test(text) ? { file, functions: [], corsSomewhere: true } : undefined;
    const name = path.basename(file);
    if (name.startsWith('serverless.')) return serverlessConfig(file, parsed);
    if (name === 'vercel.json') return vercelConfig(file, parsed);
    return isCloudFormation(parsed.data) ? samConfig(file, parsed) : undefined;
  });
}

/** serverless.ts / serverless.js: the exported configuration object, read statically. */
function codeConfig(ctx: AnalysisContext, file: string): PlatformConfig | undefined {
  if (ctx.project.host.readFile(file) === undefined || file === ctx.file.path) return undefined;
  const source = loadFile(ctx.project, file);
  if (!source) return { file, functions: [], corsSomewhere: true };
  const data = plainOfValue(exportValue(source, 'default', { ...ctx, file: source, env: undefined }), ctx);
  return serverlessConfig(file, { data });
}
