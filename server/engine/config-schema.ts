// Checks parsed cors-lint.json against its schema and turns it into a ResolvedConfig, or into one message
// that names the bad key and says what would be accepted.
import { ruleIds } from '../../rules/index';
import type { ResolvedConfig, RuleSetting } from './config';

const TOP_LEVEL_KEYS = ['rules', 'trustedOrigins', 'ignore'];
const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

/** `value` is the parsed JSON; errors are returned without the file name, which the caller prefixes. */
export function validateConfig(value: unknown, configPath: string): { config: ResolvedConfig } | { error: string } {
  if (!isPlainObject(value)) return { error: `must be a JSON object, got ${kindOf(value)}` };
  for (const key of Object.keys(value)) {
    if (key !== '$schema' && !TOP_LEVEL_KEYS.includes(key)) {
      return { error: `unknown key ${JSON.stringify(key)} (allowed: ${TOP_LEVEL_KEYS.join(', ')})` };
    }
  }
  if (value.$schema !== undefined && typeof value.$schema !== 'string') {
    return { error: `"$schema" must be a string, got ${kindOf(value.$schema)}` };
  }
  const rules = readRules(value.rules);
  if ('error' in rules) return rules;
  const trustedOrigins = readOrigins(value.trustedOrigins);
  if ('error' in trustedOrigins) return trustedOrigins;
  const ignore = readGlobs(value.ignore);
  if ('error' in ignore) return ignore;
  return {
    config: { rules: rules.value, trustedOrigins: trustedOrigins.value, ignore: ignore.value, path: configPath },
  };
}

/**
 * A serialized origin as browsers send it: lowercase scheme://host[:port], no default port, no path, no
 * trailing slash. For http(s) it must also round-trip through the URL parser (punycode hosts, normalized IPs).
 */
export function isSerializedOrigin(s: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::([1-9][0-9]{0,4}))?$/.exec(s);
  if (!m) return false;
  if (m[3] !== undefined && Number(m[3]) > 65535) return false;
  if (m[1] === 'http' || m[1] === 'https') {
    try {
      return new URL(s).origin === s;
    } catch {
      return false;
    }
  }
  return true;
}

type Read<T> = { value: T } | { error: string };

function readRules(raw: unknown): Read<Record<string, RuleSetting>> {
  if (raw === undefined) return { value: {} };
  if (!isPlainObject(raw)) {
    return { error: `"rules" must be an object mapping rule ids to ${quoteList(RULE_SETTINGS)}, got ${kindOf(raw)}` };
  }
  const out: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(raw)) {
    if (!ruleIds.includes(id)) {
      return { error: `"rules.${id}" is not a rule (known: ${ruleIds.join(', ')})` };
    }
    if (typeof setting !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
      return { error: `"rules.${id}" must be one of ${quoteList(RULE_SETTINGS)}, got ${show(setting)}` };
    }
    out[id] = setting as RuleSetting;
  }
  return { value: out };
}

function readOrigins(raw: unknown): Read<string[]> {
  if (raw === undefined) return { value: [] };
  if (!Array.isArray(raw)) return { error: `"trustedOrigins" must be an array of origins, got ${kindOf(raw)}` };
  const out: string[] = [];
  for (const [i, item] of raw.entries()) {
    if (typeof item !== 'string' || !isSerializedOrigin(item)) {
      return {
        error: `"trustedOrigins[${i}]" must be an origin such as https://app.example.com (no path or trailing slash), got ${show(item)}`,
      };
    }
    out.push(item);
  }
  return { value: out };
}

function readGlobs(raw: unknown): Read<string[]> {
  if (raw === undefined) return { value: [] };
  if (!Array.isArray(raw)) return { error: `"ignore" must be an array of glob strings, got ${kindOf(raw)}` };
  const out: string[] = [];
  for (const [i, item] of raw.entries()) {
    if (typeof item !== 'string' || item.trim() === '') {
      return { error: `"ignore[${i}]" must be a non-empty glob string, got ${show(item)}` };
    }
    out.push(item);
  }
  return { value: out };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : kindOf(v);
}

function quoteList(items: readonly string[]): string {
  return items.map((s) => JSON.stringify(s)).join(', ');
}
