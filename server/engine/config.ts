// cors-lint.json: rule severities, trusted origins and ignore globs, read as JSON (never executed).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../model/rule';
import { validateConfig } from './config-schema';
import { findJsonSyntaxError } from './json-syntax';
import { createLineIndex, positionAt } from './positions';

export type RuleSetting = Severity | 'off';

export interface ResolvedConfig {
  /** Rule id -> severity or 'off'. Rules not listed keep their default severity. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Origins the project trusts; quick-fixes build allowlists from them. */
  readonly trustedOrigins: readonly string[];
  /** Extra ignore globs, relative to the config file's folder. */
  readonly ignore: readonly string[];
  /** The cors-lint.json this came from, if any. */
  readonly path?: string;
}

export const DEFAULT_CONFIG: ResolvedConfig = { rules: {}, trustedOrigins: [], ignore: [] };

// ---- Loader: the nearest cors-lint.json above a file wins; results are cached per directory. ----

export const CONFIG_FILE_NAME = 'cors-lint.json';

export type ConfigLookup = { readonly config: ResolvedConfig } | { readonly error: string };

/** Directory -> the config file that governs it (null: none up to the root). */
const governingFile = new Map<string, string | null>();
/** Config file -> its parsed result, so every directory under one config shares one object. */
const parsedConfigs = new Map<string, ConfigLookup>();

/** The config for a file: its nearest ancestor cors-lint.json, DEFAULT_CONFIG when there is none. */
export function loadConfigFor(filePath: string): ConfigLookup {
  return loadConfigForDirectory(path.dirname(path.resolve(filePath)));
}

export function loadConfigForDirectory(directory: string): ConfigLookup {
  const configPath = findConfigFile(path.resolve(directory));
  if (configPath === null) return { config: DEFAULT_CONFIG };
  let result = parsedConfigs.get(configPath);
  if (!result) {
    result = readConfigFile(configPath);
    parsedConfigs.set(configPath, result);
  }
  return result;
}

/** Forgets every lookup; call when any cors-lint.json is created, changed or deleted. */
export function clearConfigCache(): void {
  governingFile.clear();
  parsedConfigs.clear();
}

/** Parses config text; `configPath` names the file in messages and becomes `config.path`. */
export function parseConfigText(text: string, configPath: string): ConfigLookup {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const offsetShift = text.length - body.length;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const syntax = findJsonSyntaxError(body);
    if (!syntax) return { error: `${configPath}: invalid JSON` };
    const at = positionAt(createLineIndex(text), syntax.offset + offsetShift);
    return { error: `${configPath}:${at.line}:${at.column}: invalid JSON: ${syntax.message}` };
  }
  const checked = validateConfig(value, configPath);
  return 'error' in checked ? { error: `${configPath}: ${checked.error}` } : checked;
}

function findConfigFile(start: string): string | null {
  const visited: string[] = [];
  let dir = start;
  let found: string | null = null;
  for (;;) {
    const cached = governingFile.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) {
      found = candidate;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of visited) governingFile.set(d, found);
  return found;
}

function readConfigFile(configPath: string): ConfigLookup {
  let text: string;
  try {
    if (!fs.statSync(configPath).isFile()) return { error: `${configPath}: is not a file` };
    text = fs.readFileSync(configPath, 'utf8');
  } catch (e) {
    return { error: `${configPath}: cannot be read (${errorCode(e)})` };
  }
  return parseConfigText(text, configPath);
}

function errorCode(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return e.code;
  return e instanceof Error ? e.message : String(e);
}
