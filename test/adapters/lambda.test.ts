// The AWS Lambda adapter: handlers returning `{ statusCode, headers, body }` and the deploy configs in front of
// them (serverless.yml/.ts, SAM templates, vercel.json), read from an in-memory FileHost. Expectations follow
// API Gateway's behaviour: REST `cors: true` / HTTP API `cors` / SAM `Cors` answer OPTIONS themselves; a route
// for one method without CORS answers OPTIONS with 403/404 and no CORS headers; ANY routes pass OPTIONS on.
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/engine/config';
import { lintText } from '../../server/engine/lint';
import { createProject } from '../../server/engine/modules';
import { expectPolicy } from '../helpers/describe-policy';
import { virtualPolicies } from '../helpers/virtual-project';

const PACKAGE = '{ "name": "api", "private": true }';

const handler = expectPolicy({ framework: 'aws-lambda', label: 'This handler', origin: [], preflight: 'unknown' });

const PUT_HANDLER = `const { CORS_HEADERS } = require('./cors');

exports.handler = async (event) => {
  const item = JSON.parse(event.body);
  return { statusCode: 200, headers: { ...CORS_HEADERS, 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: JSON.stringify(item) };
};
`;
const SHARED = `module.exports.CORS_HEADERS = { 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'GET,PUT' };\n`;

describe('lambda adapter', () => {
  describe('responses and their headers', () => {
    it('an inline headers object with a literal *', () => {
      const code = `export const handler = async () => ({
  statusCode: 200,
  headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
  body: JSON.stringify({ ok: true }),
});
`;
      assert.deepEqual(virtualPolicies({ 'src/health.js': code }, 'src/health.js'), [handler({ origin: ['wildcard'] })]);
    });

    it("event.headers.origin / .Origin / ['origin'] echoed with credentials, in exports.handler", () => {
      for (const read of ['event.headers.origin', 'event.headers.Origin', "event.headers['origin']", 'event.headers?.origin']) {
        const code = `exports.handler = async function (event, context) {
  return {
    statusCode: 200,
    headers: { 'Access-Control-Allow-Origin': ${read}, 'Access-Control-Allow-Credentials': true },
    body: '{}',
  };
};
`;
        assert.deepEqual(virtualPolicies({ 'me.js': code }, 'me.js'), [handler({ origin: ['reflect:always'], credentials: true, vary: false })], read);
      }
    });

    it('a shared CORS_HEADERS constant imported from another module and spread into the response', () => {
      const cors = `export const CORS_HEADERS = {\n  'Access-Control-Allow-Origin': process.env.FRONTEND_URL,\n  'Access-Control-Allow-Headers': 'Content-Type,Authorization',\n};\n`;
      const code = `import { CORS_HEADERS } from './lib/cors';

export const handler = async () => ({ statusCode: 200, headers: { ...CORS_HEADERS, 'Content-Type': 'application/json' }, body: '[]' });
`;
      assert.deepEqual(virtualPolicies({ 'lib/cors.js': cors, 'list.js': code }, 'list.js', ['allowedHeaders']), [
        handler({ origin: ['unknown'], allowedHeaders: ['Content-Type', 'Authorization'] }),
      ]);
    });

    it('a response helper in another file: respond(200, body) spreads the shared headers', () => {
      const http = `const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' };
function respond(statusCode, body) {
  return { statusCode, headers: { ...CORS_HEADERS, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
module.exports = { respond, CORS_HEADERS };
`;
      // (The handler file must mention CORS somewhere to pass the engine's text prefilter: here the module name.)
      const code = `const { respond } = require('./cors-response');
module.exports.handler = async (event) => {
  if (!event.pathParameters) return respond(400, { error: 'id required' });
  return respond(200, { id: event.pathParameters.id });
};
`;
      assert.deepEqual(virtualPolicies({ 'cors-response.js': http, 'get.js': code }, 'get.js'), [handler({ origin: ['wildcard'], credentials: true })]);
      // The helper's own file: `respond` builds responses (its statusCode is a parameter); it is no handler.
      assert.deepEqual(virtualPolicies({ 'cors-response.js': http }, 'cors-response.js'), []);
    });

    it('an allowlisted origin picked per request, with and without Vary', () => {
      const code = (vary: string) => `const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];
export const handler = async (event) => {
  const origin = event.headers.origin;
  const allowOrigin = ALLOWED.includes(origin) ? origin : ALLOWED[0];
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': allowOrigin${vary} }, body: '' };
};
`;
      const expected = (vary: boolean) => [handler({ origin: ['reflect:checked', 'fixed:https://app.example.com'], vary, matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'] })];
      assert.deepEqual(virtualPolicies({ 'a.js': code('') }, 'a.js', ['matchers']), expected(false));
      assert.deepEqual(virtualPolicies({ 'a.js': code(", Vary: 'Origin'") }, 'a.js', ['matchers']), expected(true));
    });

    it('headers built by a helper from the request origin: corsHeaders(event.headers.origin)', () => {
      const cors = `const ALLOWED = new Set((process.env.ALLOWED_ORIGINS ?? '').split(','));
export function corsHeaders(origin) {
  return { 'Access-Control-Allow-Origin': ALLOWED.has(origin) ? origin : '', 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}
`;
      const code = `import { corsHeaders } from './cors';
export const handler = async (event) => ({ statusCode: 200, headers: corsHeaders(event.headers.origin), body: '{}' });
`;
      assert.deepEqual(virtualPolicies({ 'cors.js': cors, 'h.js': code }, 'h.js'), [handler({ origin: ['reflect:checked', 'none'], credentials: true, vary: true })]);
    });

    it('TypeScript: APIGatewayProxyHandler types, a typed headers constant, an async function declaration', () => {
      const code = `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const headers: Record<string, string> = { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Credentials': 'true' };

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return { statusCode: 200, headers, body: JSON.stringify({ id: event.pathParameters?.id }) };
}
`;
      assert.deepEqual(virtualPolicies({ 'item.ts': code }, 'item.ts'), [handler({ origin: ['fixed:https://app.example.com'], credentials: true })]);
    });

    it('callback style: callback(null, response)', () => {
      const code = `module.exports.handler = (event, context, callback) => {
  callback(null, { statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.Origin, 'Access-Control-Allow-Credentials': 'true' }, body: '' });
};
`;
      assert.deepEqual(virtualPolicies({ 'cb.js': code }, 'cb.js'), [handler({ origin: ['reflect:always'], credentials: true, vary: false })]);
    });

    it('a Vary on one returned response does not count for another', () => {
      const code = `export const handler = async (event) => {
  const origin = event.headers.origin;
  try {
    const data = await load();
    return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: JSON.stringify(data) };
  } catch (error) {
    return { statusCode: 500, headers: { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }, body: '' };
  }
};
`;
      // (The catch path is one the analysis cannot read, hence the second, checked-looking grant.)
      assert.deepEqual(virtualPolicies({ 'v.js': code }, 'v.js'), [handler({ origin: ['reflect:always', 'reflect:checked'], vary: false })]);
    });

    it('exports that return no response objects (Express route modules) are not handlers', () => {
      const code = `exports.list = (req, res) => { res.setHeader('Access-Control-Allow-Origin', '*'); res.json([]); };\n`;
      assert.deepEqual(
        virtualPolicies({ 'routes.js': code }, 'routes.js').filter((p) => p.framework === 'aws-lambda'),
        [],
      );
    });
  });

  describe('preflight: the handler and the deploy config', () => {
    it('an OPTIONS branch answers the preflight (REST event.httpMethod)', () => {
      const code = `const headers = { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Methods': 'PUT' };
exports.handler = async (event) => {
  if (event.httpMethod === 'OPTIONS') return { statusCode: 204, headers };
  return { statusCode: 200, headers, body: '' };
};
`;
      assert.deepEqual(virtualPolicies({ 'u.js': code }, 'u.js'), [handler({ origin: ['fixed:https://app.example.com'], preflight: 'answered' })]);
    });

    it('an OPTIONS case in a switch on event.requestContext.http.method (HTTP API v2)', () => {
      const code = `const headers = { 'Access-Control-Allow-Origin': '*' };
export const handler = async (event) => {
  switch (event.requestContext.http.method) {
    case 'OPTIONS':
      return { statusCode: 204, headers };
    case 'DELETE':
      return { statusCode: 204, headers };
    default:
      return { statusCode: 405, headers };
  }
};
`;
      assert.deepEqual(virtualPolicies({ 'd.js': code }, 'd.js'), [handler({ origin: ['wildcard'], preflight: 'answered' })]);
    });

    it('no deploy config in the project: unknown, whatever the handler accepts', () => {
      assert.deepEqual(virtualPolicies({ 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED }, 'src/update.js'), [
        handler({ origin: ['fixed:https://app.example.com'], credentials: true }),
      ]);
    });

    it('serverless.yml: `cors: true` on the http event answers it; a PUT event without CORS does not', () => {
      const yml = (cors: string) => `service: api
functions:
  update:
    handler: src/update.handler
    events:
      - http:
          path: items/{id}
          method: put${cors}
`;
      const files = { 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED };
      assert.deepEqual(virtualPolicies({ ...files, 'serverless.yml': yml('\n          cors: true') }, 'src/update.js'), [
        handler({ origin: ['fixed:https://app.example.com'], credentials: true, preflight: 'answered' }),
      ]);
      assert.deepEqual(virtualPolicies({ ...files, 'serverless.yml': yml('') }, 'src/update.js', ['fixes']), [
        handler({
          route: 'PUT /items/{id}',
          origin: ['fixed:https://app.example.com'],
          credentials: true,
          preflight: 'unanswered',
          triggers: ['serverless.yml routes PUT requests to this handler', 'the handler parses a JSON request body', 'Access-Control-Allow-Methods lists PUT'],
          // Credentials are set in the shared module: dropping them there is left to a person.
          fixes: ['answerPreflight: Let API Gateway answer the preflight: add cors: true to the http event in serverless.yml'],
        }),
      ]);
    });

    it('serverless.yml naming other handlers, with CORS set for some: the platform may answer (unknown)', () => {
      const yml = `functions:\n  other:\n    handler: src/other.handler\n    events:\n      - http: { path: other, method: get, cors: true }\n`;
      assert.deepEqual(virtualPolicies({ 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED, 'serverless.yml': yml }, 'src/update.js')[0]?.preflight, 'unknown');
    });

    it('an API made elsewhere (provider.apiGateway.restApiId, OPTIONS under resources:) may answer: unknown', () => {
      const route = `functions:\n  update:\n    handler: src/update.handler\n    events:\n      - http: { path: items, method: put }\n`;
      const files = { 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED };
      const shared = `provider:\n  name: aws\n  apiGateway:\n    restApiId: abc123\n${route}`;
      assert.equal(virtualPolicies({ ...files, 'serverless.yml': shared }, 'src/update.js')[0]?.preflight, 'unknown');
      const options = `${route}resources:\n  Resources:\n    ItemsOptions:\n      Type: AWS::ApiGateway::Method\n      Properties:\n        HttpMethod: OPTIONS\n`;
      assert.equal(virtualPolicies({ ...files, 'serverless.yml': options }, 'src/update.js')[0]?.preflight, 'unknown');
    });

    it('HTTP API: provider.httpApi.cors answers every httpApi route; without it a PUT route is unanswered', () => {
      const yml = (cors: string) => `provider:\n  name: aws\n  httpApi:\n    cors: ${cors}\nfunctions:\n  update:\n    handler: src/update.handler\n    events:\n      - httpApi: 'PUT /items/{id}'\n`;
      const files = { 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED };
      assert.equal(virtualPolicies({ ...files, 'serverless.yml': yml('true') }, 'src/update.js')[0]?.preflight, 'answered');
      const off = virtualPolicies({ ...files, 'serverless.yml': yml('false') }, 'src/update.js')[0];
      assert.equal(off?.preflight, 'unanswered');
      assert.equal(off?.route, 'PUT /items/{id}');
    });

    it('a route taking any method hands OPTIONS to the function: its method dispatch sends it to the fallback', () => {
      const yml = `functions:\n  items:\n    handler: items.handler\n    events:\n      - http:\n          path: items/{proxy+}\n          method: any\n`;
      const code = `const headers = { 'Access-Control-Allow-Origin': 'https://app.example.com' };
exports.handler = async (event) => {
  if (event.httpMethod === 'DELETE') return { statusCode: 204, headers };
  return { statusCode: 405, headers, body: '' };
};
`;
      assert.deepEqual(virtualPolicies({ 'items.js': code, 'serverless.yml': yml }, 'items.js', ['fixes']), [
        handler({
          route: 'DELETE /items/{proxy+}',
          origin: ['fixed:https://app.example.com'],
          preflight: 'unanswered',
          triggers: ['the handler accepts DELETE requests'],
          fixes: ['answerPreflight: Answer the OPTIONS preflight with 204 and these headers'],
        }),
      ]);
    });

    it('serverless.ts is read statically, never executed', () => {
      const ts = `import type { AWS } from '@serverless/typescript';
const serverlessConfiguration: AWS = {
  service: 'api',
  provider: { name: 'aws', runtime: 'nodejs20.x' },
  functions: {
    update: { handler: 'src/update.handler', events: [{ http: { method: 'put', path: 'items/{id}', cors: true } }] },
  },
};
module.exports = serverlessConfiguration;
`;
      assert.equal(virtualPolicies({ 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED, 'serverless.ts': ts }, 'src/update.js')[0]?.preflight, 'answered');
    });

    it('SAM: Globals.Api.Cors answers; an Api event without it is unanswered; CodeUri prefixes the handler', () => {
      const sam = (globals: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
${globals}Resources:
  UpdateFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: update.handler
      Events:
        Update:
          Type: Api
          Properties:
            Path: /items/{id}
            Method: put
`;
      const files = { 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED };
      assert.equal(virtualPolicies({ ...files, 'template.yaml': sam("Globals:\n  Api:\n    Cors: \"'https://app.example.com'\"\n") }, 'src/update.js')[0]?.preflight, 'answered');
      const off = virtualPolicies({ ...files, 'template.yaml': sam('') }, 'src/update.js')[0];
      assert.equal(off?.preflight, 'unanswered');
      assert.equal(off?.route, 'PUT /items/{id}');
    });

    it('SAM: an event on a plain AWS::ApiGateway::RestApi (configured by resources this reading skips): unknown', () => {
      const sam = `Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: items\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/update.handler\n      Events:\n        Put:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /items\n            Method: put\n`;
      assert.equal(virtualPolicies({ 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED, 'template.yaml': sam }, 'src/update.js')[0]?.preflight, 'unknown');
    });

    it('SAM: an HttpApi resource with CorsConfiguration, referenced with !Ref', () => {
      const sam = `Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['https://app.example.com']
  UpdateFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/update.handler
      Events:
        Update:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /items/{id}
            Method: PUT
`;
      assert.equal(virtualPolicies({ 'src/update.js': PUT_HANDLER, 'src/cors.js': SHARED, 'template.yml': sam }, 'src/update.js')[0]?.preflight, 'answered');
    });

    it('vercel.json headers covering the function: unknown, never unanswered', () => {
      const vercel = `{ "headers": [{ "source": "/api/(.*)", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] }] }`;
      const code = `const { CORS_HEADERS } = require('../cors');\nexports.handler = async (event) => ({ statusCode: 200, headers: { ...CORS_HEADERS, 'Access-Control-Allow-Origin': '*' }, body: JSON.parse(event.body) });\n`;
      assert.equal(virtualPolicies({ 'api/items.js': code, 'cors.js': SHARED, 'vercel.json': vercel }, 'api/items.js')[0]?.preflight, 'unknown');
    });

    it("the walk stops at the package root: a serverless.yml above package.json is not this package's", () => {
      const yml = `functions:\n  update:\n    handler: pkg/src/update.handler\n    events:\n      - http: { path: items, method: put }\n`;
      const files = { 'serverless.yml': yml, 'pkg/package.json': PACKAGE, 'pkg/src/update.js': PUT_HANDLER, 'pkg/src/cors.js': SHARED };
      assert.equal(virtualPolicies(files, 'pkg/src/update.js')[0]?.preflight, 'unknown');
    });

    it('an edited serverless.yml (unsaved in the editor) is read again through the host, in the same project', () => {
      const yml = (cors: string) => `functions:\n  update:\n    handler: src/update.handler\n    events:\n      - http:\n          path: items\n          method: put${cors}\n`;
      const texts = new Map([
        ['/ws/package.json', PACKAGE],
        ['/ws/src/cors.js', SHARED],
        ['/ws/serverless.yml', yml('')],
      ]);
      const project = createProject({ readFile: (p) => texts.get(p) });
      const rules = () => {
        const result = lintText('/ws/src/update.js', PUT_HANDLER, { config: DEFAULT_CONFIG, project });
        return result.kind === 'linted' ? result.findings.map((f) => f.rule) : [];
      };
      assert.deepEqual(rules(), ['missing-preflight']);
      texts.set('/ws/serverless.yml', yml('\n          cors: true'));
      assert.deepEqual(rules(), []);
    });
  });
});
