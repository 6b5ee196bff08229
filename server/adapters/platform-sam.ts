// AWS SAM / CloudFormation templates (template.yaml/.yml/.json): each AWS::Serverless::Function's handler and its
// Api/HttpApi events, with whether the API answers CORS preflights itself. Semantics from the SAM specification:
// `Cors` on AWS::Serverless::Api (or Globals.Api) adds an OPTIONS method to every path; `CorsConfiguration` on
// AWS::Serverless::HttpApi (or Globals.HttpApi) makes API Gateway answer preflights; `FunctionUrlConfig.Cors`.
// Handler `users.update` is relative to the function's CodeUri (or Globals.Function.CodeUri).
import * as path from 'node:path';
import { field, isOn, recordOf, stringOfPlain, UNREAD, type ParsedConfig, type Plain, type PlatformConfig, type PlatformFunction, type PlatformRoute } from './platform-data';
import { splitHandler } from './platform-serverless';

/** Whether a template is a SAM/CloudFormation one at all (templates of other tools share the name). */
export function isCloudFormation(data: Plain): boolean {
  return recordOf(field(data, 'Resources')) !== undefined;
}

export function samConfig(file: string, parsed: ParsedConfig): PlatformConfig {
  const where = path.basename(file);
  const data = parsed.data;
  const globals = field(data, 'Globals');
  const resources = recordOf(field(data, 'Resources')) ?? {};
  const functions: PlatformFunction[] = [];
  let corsSomewhere = isOn(field(field(globals, 'Api'), 'Cors')) !== false || isOn(field(field(globals, 'HttpApi'), 'CorsConfiguration')) !== false;
  for (const resource of Object.values(resources)) {
    const type = stringOfPlain(field(resource, 'Type'));
    const props = field(resource, 'Properties');
    if (type === 'AWS::Serverless::Api' || type === 'AWS::Serverless::HttpApi') {
      if (isOn(field(props, type.endsWith('HttpApi') ? 'CorsConfiguration' : 'Cors')) !== false) corsSomewhere = true;
      continue;
    }
    if (type === 'AWS::ApiGateway::Method' && /^options$/i.test(stringOfPlain(field(props, 'HttpMethod')) ?? '')) corsSomewhere = true;
    if (type !== 'AWS::Serverless::Function') continue;
    const codeUri = field(props, 'CodeUri') ?? field(field(globals, 'Function'), 'CodeUri') ?? '.';
    const handler = stringOfPlain(field(props, 'Handler') ?? field(field(globals, 'Function'), 'Handler'));
    const base = stringOfPlain(codeUri);
    const split = base !== undefined ? splitHandler(handler) : {};
    const module = split.module !== undefined && base !== undefined ? path.posix.join(base, split.module) : undefined;
    const routes: PlatformRoute[] = [];
    for (const event of Object.values(recordOf(field(props, 'Events')) ?? {})) {
      const route = eventRoute(event, resources, globals, where);
      if (route) routes.push(route);
    }
    const url = field(props, 'FunctionUrlConfig');
    if (url !== undefined) routes.push({ api: 'function-url', method: '*', cors: isOn(field(url, 'Cors')), where });
    if (routes.some((r) => r.cors !== false)) corsSomewhere = true;
    functions.push({ ...(module !== undefined ? { module } : {}), ...(split.exportName ? { exportName: split.exportName } : {}), routes });
  }
  return { file, functions, corsSomewhere };
}

function eventRoute(event: Plain, resources: Readonly<Record<string, Plain>>, globals: Plain, where: string): PlatformRoute | undefined {
  const type = stringOfPlain(field(event, 'Type'));
  if (type !== 'Api' && type !== 'HttpApi') return undefined;
  const props = field(event, 'Properties');
  const api = type === 'Api' ? 'rest' : 'http-api';
  const m = stringOfPlain(field(props, 'Method'))?.toUpperCase();
  const p = stringOfPlain(field(props, 'Path'));
  return {
    api,
    ...(m ? { method: m === 'ANY' ? '*' : m } : type === 'HttpApi' && field(props, 'Path') === undefined ? { method: '*' } : {}),
    ...(p !== undefined ? { path: '/' + p.replace(/^\/+|\/+$/g, '') } : {}),
    cors: apiCors(field(props, api === 'rest' ? 'RestApiId' : 'ApiId'), api, resources, globals),
    where,
  };
}

/** CORS of the API an event is attached to: the implicit API takes the Globals; a referenced one its own. */
function apiCors(ref: Plain, api: 'rest' | 'http-api', resources: Readonly<Record<string, Plain>>, globals: Plain): boolean | 'unknown' {
  const key = api === 'rest' ? 'Cors' : 'CorsConfiguration';
  const global = isOn(field(field(globals, api === 'rest' ? 'Api' : 'HttpApi'), key));
  if (ref === undefined) return global;
  // `!Ref MyApi` reads as the text 'MyApi'; `{ Ref: MyApi }` in JSON templates.
  const name = stringOfPlain(ref) ?? stringOfPlain(field(ref, 'Ref'));
  const resource = name !== undefined ? resources[name] : undefined;
  if (resource === undefined || ref === UNREAD) return 'unknown';
  // A plain AWS::ApiGateway::RestApi / AWS::ApiGatewayV2::Api is configured by resources this reading skips.
  const type = stringOfPlain(field(resource, 'Type'));
  if (type !== (api === 'rest' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi')) return 'unknown';
  const props = field(resource, 'Properties');
  const own = isOn(field(props, key));
  if (own !== false) return own;
  // An OpenAPI definition may declare its own OPTIONS operations.
  if (field(props, 'DefinitionBody') !== undefined || field(props, 'DefinitionUri') !== undefined) return 'unknown';
  return global;
}
