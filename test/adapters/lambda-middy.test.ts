// @middy/http-cors on Lambda handlers: options in, policies out, per major version. Expectations follow the
// published packages' index.js (v2.5.7 ... v7.9.2): default origin '*' up to v5 and none from v6; `origin: '*'`
// with credentials echoes the request Origin; `origins` matched exactly (v5+: `*` entries as one-label wildcards,
// a '*' entry admits all); Vary per version; OPTIONS answered only with disableBeforePreflightResponse: false.
import * as assert from 'node:assert/strict';
import { expectPolicy } from '../helpers/describe-policy';
import { virtualPolicies } from '../helpers/virtual-project';

const pkg = (range: string) => JSON.stringify({ name: 'api', dependencies: { '@middy/core': range, '@middy/http-cors': range } });

const mw = expectPolicy({ framework: '@middy/http-cors', label: 'cors() middleware', origin: ['wildcard'], preflight: 'unknown' });

const handler = (options: string, extra = '') => `import middy from '@middy/core';
import cors from '@middy/http-cors';
${extra}
const base = async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.pathParameters.id }) });

export const handler = middy(base).use(cors(${options}));
`;

function run(code: string, range: string | undefined, extra: ('matchers' | 'fixes')[] = [], more: Record<string, string> = {}) {
  return virtualPolicies({ ...(range ? { 'package.json': pkg(range) } : {}), 'h.js': code, ...more }, 'h.js', extra);
}

describe('lambda adapter: @middy/http-cors', () => {
  it('cors() with no options: * up to v5, no header from v6, unknown when the version is unknown', () => {
    assert.deepEqual(run(handler(''), '^5.4.0'), [mw({ origin: ['wildcard'] })]);
    assert.deepEqual(run(handler(''), '^6.0.0'), [mw({ origin: ['none'] })]);
    assert.deepEqual(run(handler(''), undefined), [mw({ origin: ['unknown'] })]);
  });

  it("credentials without an origin (v5): the default '*' turns into the echoed request Origin", () => {
    assert.deepEqual(run(handler('{ credentials: true }'), '^5.1.0'), [mw({ origin: ['reflect:always'], credentials: true, vary: true })]);
    assert.deepEqual(run(handler('{ credentials: true }'), '^6.1.0'), [mw({ origin: ['none'], credentials: true })]);
  });

  it("origin: '*' with credentials echoes every origin in every version (Vary from v3)", () => {
    assert.deepEqual(run(handler("{ origin: '*', credentials: true }"), undefined), [mw({ origin: ['reflect:always'], credentials: true, vary: 'unknown' })]);
    assert.deepEqual(run(handler("{ origin: '*', credentials: true }"), '^7.0.0'), [mw({ origin: ['reflect:always'], credentials: true, vary: true })]);
  });

  it('an origins list: exact matches, a one-label wildcard entry, nothing otherwise (v5+)', () => {
    const code = handler("{ origins: ['https://app.example.com', 'https://*.example.org'], credentials: true }");
    assert.deepEqual(run(code, '^5.0.0', ['matchers']), [
      mw({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['equals:https://app.example.com', 'regex:^https://[^.]*\\.example\\.org$/'] }),
    ]);
  });

  it('v4: a non-matching origin gets origins[0]', () => {
    assert.deepEqual(run(handler("{ origins: ['https://a.example.com', 'https://b.example.com'] }"), '4.7.0'), [
      mw({ origin: ['reflect:checked', 'fixed:https://a.example.com'], vary: true }),
    ]);
  });

  it("a '*' entry in origins admits every origin: echoed with credentials", () => {
    assert.deepEqual(run(handler("{ origins: ['https://app.example.com', '*'], credentials: true }"), '^5.0.0'), [
      mw({ origin: ['reflect:checked', 'reflect:always'], credentials: true, vary: true }),
    ]);
  });

  it('one listed origin: v6 sends no Vary (a safe fix adds the vary option), v7 does', () => {
    const code = handler("{ origins: ['https://app.example.com'] }");
    assert.deepEqual(run(code, '^6.4.0', ['fixes']), [mw({ origin: ['reflect:checked'], vary: false, fixes: ['addVaryOrigin: Add Vary: Origin'] })]);
    assert.deepEqual(run(code, '^7.1.0'), [mw({ origin: ['reflect:checked'], vary: true })]);
  });

  it('the installed version in node_modules wins over the declared range', () => {
    const more = { 'node_modules/@middy/http-cors/package.json': '{ "name": "@middy/http-cors", "version": "6.4.5" }' };
    assert.deepEqual(run(handler('{ credentials: true }'), '^5.0.0', [], more), [mw({ origin: ['none'], credentials: true })]);
  });

  it('options from the environment and an imported module', () => {
    const options = `export const corsOptions = { origins: (process.env.ALLOWED_ORIGINS ?? '').split(','), credentials: true };\n`;
    const code = handler('corsOptions', "import { corsOptions } from './cors-options';");
    assert.deepEqual(run(code, '^5.0.0', ['matchers'], { 'cors-options.js': options }), [mw({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['trusted'] })]);
  });

  it('a getOrigin function returning the request origin when allowed', () => {
    const code = handler("{ getOrigin: (incoming) => (ALLOWED.includes(incoming) ? incoming : null), credentials: true }", "const ALLOWED = ['https://app.example.com'];");
    assert.deepEqual(run(code, '^5.0.0'), [mw({ origin: ['reflect:checked', 'none'], credentials: true, vary: true })]);
  });

  it('disableBeforePreflightResponse: false answers OPTIONS that reach the function', () => {
    assert.equal(run(handler("{ origin: 'https://app.example.com', disableBeforePreflightResponse: false }"), '^5.0.0')[0]?.preflight, 'answered');
  });

  it('behind a PUT route without API Gateway CORS, nothing answers, whatever the middleware does', () => {
    const yml = `functions:\n  update:\n    handler: h.handler\n    events:\n      - http:\n          path: items/{id}\n          method: put\n`;
    const code = handler("{ origin: 'https://app.example.com', disableBeforePreflightResponse: false }");
    assert.deepEqual(run(code, '^5.0.0', ['fixes'], { 'serverless.yml': yml }), [
      mw({
        route: 'PUT /items/{id}',
        origin: ['fixed:https://app.example.com'],
        preflight: 'unanswered',
        triggers: ['serverless.yml routes PUT requests to this handler'],
        fixes: ['answerPreflight: Let API Gateway answer the preflight: add cors: true to the http event in serverless.yml'],
      }),
    ]);
  });
});
