// Deploy configs as plain data: YAML/JSON texts parsed without executing anything, and `serverless.ts`/`.js`
// objects read through the engine's static values. What cannot be read is UNREAD, never a guess.
import { isMap, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { Edit } from '../model/fix';
import type { AnalysisContext } from '../engine/origin-reads';
import { alternatives, type Value } from '../engine/values';

export const UNREAD: unique symbol = Symbol('unread');
export type Plain = string | number | boolean | null | undefined | typeof UNREAD | readonly Plain[] | { readonly [key: string]: Plain };
export type PlainRecord = { readonly [key: string]: Plain };

/** One way a deploy config routes HTTP requests to a function. */
export interface PlatformRoute {
  readonly api: 'rest' | 'http-api' | 'function-url';
  /** Upper-case method; `*` for any (`ANY`, `'*'`); undefined when unreadable. */
  readonly method?: string;
  readonly path?: string;
  /** Whether the platform answers OPTIONS for this route itself, with CORS headers. */
  readonly cors: boolean | 'unknown';
  /** Where the route is declared, for messages (`serverless.yml`). */
  readonly where: string;
  /** An edit turning the platform's CORS on for this route (Serverless `cors: true`), when one is safe to write. */
  readonly enableCors?: Edit;
}

export interface PlatformFunction {
  /** The handler module, relative to the config's folder and without extension (`src/users`); undefined when unreadable. */
  readonly module?: string;
  /** The export the platform calls (`update` in `src/users.update`). */
  readonly exportName?: string;
  readonly routes: readonly PlatformRoute[];
}

export interface PlatformConfig {
  readonly file: string;
  readonly functions: readonly PlatformFunction[];
  /** CORS is configured somewhere here (a route, the provider, response headers): it may answer preflights. */
  readonly corsSomewhere: boolean;
  /** Vercel-style header rules: the handler files (absolute, without extension) they may cover. */
  readonly coversFile?: (fileWithoutExt: string) => boolean;
}

export interface ParsedConfig {
  readonly data: Plain;
  /** The YAML document and its text, for edits that need positions (absent for configs read from code). */
  readonly doc?: Document;
  readonly text?: string;
}

/**
 * YAML (JSON is YAML too). CloudFormation tags (`!Ref MyApi`) resolve to their scalar text; a syntax error
 * makes the whole file unreadable rather than half-read.
 */
export function parseYamlConfig(text: string): ParsedConfig | undefined {
  try {
    const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
    if (doc.errors.length > 0) return undefined;
    return { data: plainOf(doc.toJS({ maxAliasCount: 100 })), doc, text };
  } catch {
    return undefined;
  }
}

function plainOf(v: unknown, depth = 0): Plain {
  if (depth > 40) return UNREAD;
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number') return v;
  // `${self:custom.cors}`, `${file(...)}`: Serverless variables are resolved at deploy time.
  if (typeof v === 'string') return v.includes('${') ? UNREAD : v;
  if (Array.isArray(v)) return v.map((e) => plainOf(e, depth + 1));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, plainOf(e, depth + 1)]));
  return UNREAD;
}

/** A statically known value from code (`serverless.ts`), with unknown parts UNREAD. */
export function plainOfValue(value: Value, ctx: AnalysisContext, depth = 0): Plain {
  const alts = alternatives(value);
  if (alts.length !== 1 || depth > 12) return UNREAD;
  const v = alts[0] as Value;
  switch (v.kind) {
    case 'string':
      return v.value.includes('${') ? UNREAD : v.value;
    case 'number':
    case 'boolean':
      return v.value;
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'array':
      return v.open ? UNREAD : v.elements.map((e) => plainOfValue(e, ctx, depth + 1));
    case 'object': {
      const out: Record<string, Plain> = {};
      for (const [k, e] of v.props) out[k] = plainOfValue(e, ctx, depth + 1);
      // An object with properties we could not see might hold `cors` anywhere.
      return v.open ? { ...out, [OPEN]: true } : out;
    }
    default:
      return UNREAD;
  }
}

/** Marks an object read from code that may hold more keys than listed. */
export const OPEN = '\u0000open';

export function recordOf(p: Plain): PlainRecord | undefined {
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as PlainRecord) : undefined;
}

export function listOf(p: Plain): readonly Plain[] | undefined {
  return Array.isArray(p) ? (p as readonly Plain[]) : undefined;
}

export function stringOfPlain(p: Plain): string | undefined {
  return typeof p === 'string' ? p : undefined;
}

/** A key of a record: the value, or UNREAD when the record is unreadable or may hold the key unseen. */
export function field(p: Plain, key: string): Plain {
  if (p === UNREAD) return UNREAD;
  const r = recordOf(p);
  if (!r) return undefined;
  return key in r ? r[key] : r[OPEN] ? UNREAD : undefined;
}

/** Whether a setting is on: absent/false/null are off, anything else readable is on. */
export function isOn(p: Plain): boolean | 'unknown' {
  if (p === UNREAD) return 'unknown';
  return !(p === undefined || p === null || p === false || p === 'false' || p === '');
}

/** The YAML mapping node at `path`, for edits (block mappings only: a flow `{ ... }` is left alone). */
export function blockMapAt(doc: Document | undefined, path: readonly (string | number)[]): YAMLMap | undefined {
  const node = doc?.getIn(path, true);
  return isMap(node) && !node.flow ? node : undefined;
}
