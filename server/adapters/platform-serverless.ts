// Serverless Framework configs (serverless.yml/.yaml/.json, or serverless.ts/.js read statically): each function's
// handler and the HTTP routes in front of it, with whether API Gateway answers their CORS preflight itself.
// Semantics from the Serverless docs (AWS events: "API Gateway REST API" `http` events with `cors: true`, which
// create an OPTIONS mock integration for the path; "HTTP API" `httpApi` events, whose CORS is the provider-level
// `httpApi.cors`; function URLs `url: { cors }`).
import * as path from 'node:path';
import type { Edit } from '../model/fix';
import { blockMapAt, field, isOn, listOf, OPEN, recordOf, stringOfPlain, UNREAD, type ParsedConfig, type Plain, type PlatformConfig, type PlatformFunction, type PlatformRoute } from './platform-data';

export function serverlessConfig(file: string, parsed: ParsedConfig): PlatformConfig {
  const where = path.basename(file);
  const data = parsed.data;
  const provider = field(data, 'provider');
  const httpApi = field(provider, 'httpApi');
  // An API created elsewhere (`provider.apiGateway.restApiId`, `provider.httpApi.id`) or OPTIONS methods declared
  // under `resources:` may answer preflights this config does not describe.
  const restElsewhere = field(field(provider, 'apiGateway'), 'restApiId') !== undefined || /\bOPTIONS\b/i.test(JSON.stringify(field(data, 'resources') ?? null));
  const httpApiCors = field(httpApi, 'id') !== undefined && isOn(field(httpApi, 'cors')) === false ? 'unknown' : isOn(field(httpApi, 'cors'));
  const functions: PlatformFunction[] = [];
  const fns = field(data, 'functions');
  for (const [key, def] of entriesOf(fns)) {
    const handler = stringOfPlain(field(def, 'handler'));
    const routes: PlatformRoute[] = [];
    listOf(field(def, 'events'))?.forEach((event, index) => {
      const route = eventRoute(event, where, httpApiCors, parsed, ['functions', key, 'events', index], file);
      if (route) routes.push(route.api === 'rest' && route.cors === false && restElsewhere ? { api: route.api, ...(route.method ? { method: route.method } : {}), ...(route.path ? { path: route.path } : {}), cors: 'unknown', where } : route);
    });
    const url = field(def, 'url');
    if (url !== undefined && isOn(url) !== false) {
      routes.push({ api: 'function-url', method: '*', cors: url === UNREAD ? 'unknown' : isOn(field(url, 'cors')), where });
    }
    if (field(def, 'events') === UNREAD) routes.push({ api: 'rest', cors: 'unknown', where });
    functions.push({ ...splitHandler(handler), routes });
  }
  const unreadFunctions = fns === UNREAD || !!recordOf(fns)?.[OPEN];
  const corsSomewhere =
    unreadFunctions || httpApiCors !== false || functions.some((f) => f.routes.some((r) => r.cors !== false));
  // Functions we could not list may answer anything: an unread function stands for that.
  return { file, functions: unreadFunctions ? [...functions, { routes: [{ api: 'rest', cors: 'unknown', where }] }] : functions, corsSomewhere };
}

function entriesOf(p: Plain): [string, Plain][] {
  const r = recordOf(p);
  if (r) return Object.entries(r).filter(([k]) => k !== OPEN);
  // `functions: [{ a: {...} }, { b: {...} }]` is accepted too.
  return (listOf(p) ?? []).flatMap((e) => Object.entries(recordOf(e) ?? {}).filter(([k]) => k !== OPEN));
}

/** `src/users.update` -> module `src/users`, export `update`. */
export function splitHandler(handler: string | undefined): Pick<PlatformFunction, 'module' | 'exportName'> {
  if (!handler) return {};
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return {};
  return { module: handler.slice(0, dot).replace(/^\.\//, ''), exportName: handler.slice(dot + 1) };
}

function eventRoute(event: Plain, where: string, httpApiCors: boolean | 'unknown', parsed: ParsedConfig, at: (string | number)[], file: string): PlatformRoute | undefined {
  if (event === UNREAD) return { api: 'rest', cors: 'unknown', where };
  const http = field(event, 'http');
  if (http !== undefined) {
    if (http === UNREAD) return { api: 'rest', cors: 'unknown', where };
    const short = stringOfPlain(http);
    // `http: GET users/create`: method and path in one string, no CORS.
    if (short !== undefined) return { api: 'rest', ...methodAndPath(short), cors: false, where };
    const cors = isOn(field(http, 'cors'));
    const enableCors = cors === false ? corsEdit(parsed, [...at, 'http'], file) : undefined;
    return { api: 'rest', ...method(field(http, 'method')), ...pathOf(field(http, 'path')), cors, where, ...(enableCors ? { enableCors } : {}) };
  }
  const httpApi = field(event, 'httpApi');
  if (httpApi !== undefined) {
    if (httpApi === UNREAD) return { api: 'http-api', cors: 'unknown', where };
    const short = stringOfPlain(httpApi);
    const route = short !== undefined ? (short.trim() === '*' ? { method: '*' } : methodAndPath(short)) : { ...method(field(httpApi, 'method')), ...pathOf(field(httpApi, 'path')) };
    return { api: 'http-api', ...route, cors: httpApiCors, where };
  }
  return undefined;
}

function methodAndPath(text: string): { method?: string; path?: string } {
  const [m, p] = text.trim().split(/\s+/);
  return { ...method(m), ...pathOf(p) };
}

function method(p: Plain): { method?: string } {
  const m = stringOfPlain(p)?.toUpperCase();
  if (!m) return {};
  return { method: m === 'ANY' ? '*' : m };
}

function pathOf(p: Plain): { path?: string } {
  const s = stringOfPlain(p);
  return s === undefined ? {} : { path: '/' + s.replace(/^\/+|\/+$/g, '') };
}

/** `cors: true` added to a block-style `http:` mapping, at its keys' indentation. */
function corsEdit(parsed: ParsedConfig, at: (string | number)[], file: string): Edit | undefined {
  const source = parsed.text;
  const map = blockMapAt(parsed.doc, at);
  const last = map?.items[map.items.length - 1];
  const first = map?.items[0];
  const keyStart = first && (first.key as { range?: [number, number, number] } | null)?.range?.[0];
  const end = last && ((last.value ?? last.key) as { range?: [number, number, number] } | null)?.range?.[1];
  if (keyStart === undefined || end === undefined || source === undefined) return undefined;
  const lineStart = source.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = source.slice(lineStart, keyStart);
  if (!/^[ \t]*(- )?[ \t]*$/.test(indent)) return undefined;
  const pad = ' '.repeat(indent.length);
  return { file, span: [end, end], text: `\n${pad}cors: true` };
}
