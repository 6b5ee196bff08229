// The Koa adapter: realistic snippets in, compact policy descriptions out (helpers/describe-policy). Expectations
// follow the packages' published sources: @koa/cors 5 index.js (`options.origin || '*'`, `*` echoed when
// credentials are on, origin and credentials functions of ctx, `ctx.vary('Origin')` always, 204 preflights),
// kcors 2.2 and koa2-cors 2.0 (request Origin by default), @koa/router (router.use runs only with a matched route;
// allowedMethods() answers OPTIONS with 200 + Allow), and Koa itself (404 for anything nobody answers).
import * as assert from 'node:assert/strict';
import { describeTree as policies, describeSingleFile as one, expectPolicy } from '../helpers/describe-policy';

const koaCors = expectPolicy({ framework: '@koa/cors', label: '@koa/cors middleware', origin: ['wildcard'], preflight: 'answered' });

const handWritten = expectPolicy({ framework: 'koa', label: 'This middleware', origin: [], preflight: 'unknown' });

const APP = `const Koa = require('koa');\nconst cors = require('@koa/cors');\nconst app = new Koa();\n`;

describe('koa adapter', () => {
  describe('@koa/cors options', () => {
    it('no options: the default origin * and methods, request headers mirrored, preflight answered', () => {
      assert.deepEqual(one('app.js', `${APP}app.use(cors());\napp.listen(3000);\n`, ['methods', 'allowedHeaders']), [
        koaCors({ methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'], allowedHeaders: 'mirror' }),
      ]);
    });

    it('credentials without an origin: v5 echoes the request Origin instead of *', () => {
      assert.deepEqual(one('app.js', `${APP}app.use(cors({ credentials: true }));\n`), [koaCors({ origin: ['reflect:always'], credentials: true, vary: true })]);
    });

    it("origin '*' with credentials is echoed too; without credentials it stays *", () => {
      const code = `${APP}app.use(cors({ origin: '*', credentials: true }));\napp.use(cors({ origin: '*' }));\n`;
      assert.deepEqual(one('app.js', code), [koaCors({ origin: ['reflect:always'], credentials: true, vary: true }), koaCors()]);
    });

    it('any falsy origin means the default, a string is the header itself, anything else goes out as text', () => {
      const code = `${APP}app.use(cors({ origin: false }));\napp.use(cors({ origin: 'https://app.example.com' }));\napp.use(cors({ origin: true }));\napp.use(cors({ origin: ['https://a.example.com', 'https://b.example.com'] }));\n`;
      assert.deepEqual(one('app.js', code), [koaCors(), koaCors({ origin: ['fixed:https://app.example.com'] }), koaCors({ origin: ['unknown'] }), koaCors({ origin: ['unknown'] })]);
    });

    it('an origin function of ctx answers the header: listed origins echoed, the rest get none', () => {
      const code = `import Koa, { type Context } from 'koa';
import cors from '@koa/cors';

const allowed = new Set((process.env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()));

async function pickOrigin(ctx: Context): Promise<string> {
  const origin = ctx.get('Origin');
  return allowed.has(origin) ? origin : '';
}

const app = new Koa();
app.use(cors({ origin: pickOrigin, credentials: true }));
export default app;
`;
      assert.deepEqual(one('app.ts', code, ['matchers']), [koaCors({ origin: ['reflect:checked', 'none'], credentials: true, vary: true, matchers: ['trusted'] })]);
    });

    it('ctx is the context, not the Origin: answering with it is not reflection; ctx.origin is the server itself', () => {
      const code = `${APP}app.use(cors({ origin: (ctx) => ctx.origin, credentials: true }));\n`;
      assert.deepEqual(one('app.js', code), [koaCors({ origin: ['unknown'], credentials: true })]);
    });

    it('a credentials function answering true turns credentials on (and * into the request Origin)', () => {
      const code = `${APP}app.use(cors({ credentials: (ctx) => ctx.path.startsWith('/api') }));\napp.use(cors({ credentials: async (ctx) => { if (ctx.state.public) return false; return true; } }));\n`;
      assert.deepEqual(one('app.js', code), [koaCors({ credentials: 'unknown' }), koaCors({ origin: ['reflect:always'], credentials: true, vary: true })]);
    });

    it('allowMethods, allowHeaders, exposeHeaders and maxAge under their Koa names', () => {
      const code = `${APP}app.use(cors({ allowMethods: 'GET,POST', allowHeaders: ['Authorization', 'Content-Type'], exposeHeaders: ['X-Total'], maxAge: 600 }));\n`;
      assert.deepEqual(one('app.js', code, ['methods', 'allowedHeaders', 'exposedHeaders', 'maxAge']), [
        koaCors({ methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type'], exposedHeaders: ['X-Total'], maxAge: 600 }),
      ]);
    });

    it('options imported from a TypeScript module typed with the package types', () => {
      const files = {
        'config/cors.ts': `import type { Options } from '@koa/cors';\n\nexport const corsOptions: Options = {\n  origin: (ctx) => ctx.get('Origin'),\n  credentials: true,\n};\n`,
        'server.ts': `import Koa from 'koa';\nimport cors from '@koa/cors';\nimport { corsOptions } from './config/cors.js';\n\nconst app = new Koa();\napp.use(cors(corsOptions));\napp.listen(3000);\n`,
      };
      assert.deepEqual(policies(files, 'server.ts'), [koaCors({ origin: ['reflect:always'], credentials: true, vary: true })]);
    });
  });

  describe('kcors and koa2-cors', () => {
    it('kcors echoes the request Origin by default, sets Vary itself, and does not await an async origin function', () => {
      const code = `const Koa = require('koa');\nconst kcors = require('kcors');\nconst app = new Koa();\napp.use(kcors());\napp.use(kcors({ origin: async (ctx) => ctx.get('Origin') }));\n`;
      assert.deepEqual(one('app.js', code), [
        koaCors({ framework: 'kcors', label: 'kcors middleware', origin: ['reflect:always'], vary: true }),
        koaCors({ framework: 'kcors', label: 'kcors middleware', origin: ['unknown'] }),
      ]);
    });

    it("koa2-cors: request Origin by default, credentials only for true itself, its own default methods, '*' kept", () => {
      const code = `const Koa = require('koa');\nconst cors = require('koa2-cors');\nconst app = new Koa();\napp.use(cors({ credentials: 'true' }));\napp.use(cors({ origin: '*', credentials: true }));\n`;
      assert.deepEqual(one('app.js', code, ['methods']), [
        koaCors({ framework: 'koa2-cors', label: 'koa2-cors middleware', origin: ['reflect:always'], vary: true, methods: ['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] }),
        koaCors({ framework: 'koa2-cors', label: 'koa2-cors middleware', origin: ['wildcard'], credentials: true, methods: ['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] }),
      ]);
    });
  });

  describe('where the middleware runs: preflight', () => {
    it('router.use(cors()) never sees a bare OPTIONS, and allowedMethods() answers it without CORS headers', () => {
      const code = `${APP}const Router = require('@koa/router');
const router = new Router({ prefix: '/api' });
router.use(cors({ origin: 'https://app.example.com' }));
router.get('/items', async (ctx) => { ctx.body = []; });
router.put('/items/:id', async (ctx) => { ctx.body = {}; });
app.use(router.routes()).use(router.allowedMethods());
`;
      assert.deepEqual(one('app.js', code), [
        koaCors({ origin: ['fixed:https://app.example.com'], route: 'GET /api/items', preflight: 'unanswered' }),
        koaCors({ origin: ['fixed:https://app.example.com'], route: 'PUT /api/items/:id', preflight: 'unanswered', triggers: ['the route accepts PUT requests'] }),
      ]);
    });

    it('per-route middleware: answered by an OPTIONS route for the path, not by one for another path', () => {
      const code = `${APP}const Router = require('koa-router');
const router = new Router();
const corsMw = cors({ origin: 'https://app.example.com' });
router.options('/a/:id', corsMw);
router.delete('/a/:id', corsMw, async (ctx) => { ctx.status = 204; });
router.delete('/b/:id', corsMw, async (ctx) => { ctx.status = 204; });
app.use(router.routes());
`;
      assert.deepEqual(one('app.js', code, ['fixes']), [
        koaCors({ origin: ['fixed:https://app.example.com'], fixes: [] }),
        koaCors({ origin: ['fixed:https://app.example.com'], route: 'DELETE /a/:id', fixes: [] }),
        koaCors({
          origin: ['fixed:https://app.example.com'],
          route: 'DELETE /b/:id',
          preflight: 'unanswered',
          triggers: ['the route accepts DELETE requests'],
          fixes: ["answerPreflight: Answer the preflight: add router.options('/b/:id', ...)"],
        }),
      ]);
    });

    it('koa-mount scopes app-level CORS to a prefix; koa-bodyparser makes POST bodies JSON', () => {
      const code = `${APP}const mount = require('koa-mount');
const bodyParser = require('koa-bodyparser');
const Router = require('@koa/router');
const router = new Router();
app.use(bodyParser());
app.use(mount('/api', cors({ origin: 'https://app.example.com' })));
router.post('/api/orders', cors({ origin: 'https://app.example.com' }), async (ctx) => { ctx.body = ctx.request.body; });
router.post('/webhooks', cors({ origin: 'https://hooks.example.com' }), async (ctx) => { ctx.status = 202; });
app.use(router.routes());
`;
      assert.deepEqual(one('app.js', code), [
        koaCors({ origin: ['fixed:https://app.example.com'] }),
        koaCors({ origin: ['fixed:https://app.example.com'], route: 'POST /api/orders' }),
        koaCors({ origin: ['fixed:https://hooks.example.com'], route: 'POST /webhooks', preflight: 'unanswered', triggers: ['the app parses JSON request bodies'] }),
      ]);
    });

    it('a router exported for another file to mount is not judged', () => {
      const code = `const Router = require('@koa/router');\nconst cors = require('@koa/cors');\nconst router = new Router();\nrouter.put('/x', cors(), async (ctx) => { ctx.body = 1; });\nmodule.exports = router;\n`;
      assert.deepEqual(one('routes.js', code), [koaCors({ route: 'PUT /x', preflight: 'unknown' })]);
    });

    it('middleware nobody can read in front of everything keeps the preflight unknown', () => {
      const code = `${APP}const { preflight } = require('./not-in-the-workspace');
const Router = require('@koa/router');
const router = new Router();
app.use(preflight);
router.put('/x', cors(), async (ctx) => { ctx.body = 1; });
app.use(router.routes());
`;
      assert.deepEqual(one('app.js', code), [koaCors({ route: 'PUT /x', preflight: 'unknown' })]);
    });
  });

  describe('hand-written headers', () => {
    it('app-level middleware without an OPTIONS branch: the PUT route behind it gets a 404 preflight', () => {
      const code = `const Koa = require('koa');
const Router = require('@koa/router');
const app = new Koa();
const router = new Router();
app.use(async (ctx, next) => {
  const origin = ctx.get('Origin');
  ctx.set('Access-Control-Allow-Origin', origin);
  ctx.set('Access-Control-Allow-Credentials', 'true');
  await next();
});
router.put('/me', async (ctx) => { ctx.body = {}; });
app.use(router.routes());
`;
      assert.deepEqual(one('app.js', code, ['fixes']), [
        handWritten({
          origin: ['reflect:always'],
          credentials: true,
          vary: false,
          route: 'PUT /me',
          preflight: 'unanswered',
          triggers: ['the route accepts PUT requests'],
          fixes: [
            'addVaryOrigin: Add Vary: Origin',
            'restrictOrigins: Echo the Origin only for origins listed in CORS_ALLOWED_ORIGINS',
            'dropCredentials: Stop allowing credentials',
            'answerPreflight: Answer the OPTIONS preflight with 204 and these headers',
          ],
        }),
      ]);
    });

    it('answered by its own OPTIONS branch, or by allowedMethods() carrying the app-level headers', () => {
      const branch = `const Koa = require('koa');
const app = new Koa();
app.use(async (ctx, next) => {
  ctx.set({ 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Methods': 'GET,PUT' });
  if (ctx.method === 'OPTIONS') { ctx.status = 204; return; }
  await next();
});
`;
      const allowed = `const Koa = require('koa');
const Router = require('koa-router');
const app = new Koa();
const router = new Router();
app.use(async (ctx, next) => { ctx.set('Access-Control-Allow-Origin', 'https://app.example.com'); await next(); });
router.put('/me', async (ctx) => { ctx.body = {}; });
app.use(router.routes());
app.use(router.allowedMethods());
`;
      assert.deepEqual(one('a.js', branch), [handWritten({ origin: ['fixed:https://app.example.com'], preflight: 'answered' })]);
      assert.deepEqual(one('b.js', allowed), [handWritten({ origin: ['fixed:https://app.example.com'], preflight: 'answered' })]);
    });

    it('a middleware module with no Koa import, written against ctx: Koa semantics, Vary through ctx.vary', () => {
      const code = `const ALLOWED = (process.env.ALLOWED_ORIGINS || '').split(',');

module.exports = async function cors(ctx, next) {
  const origin = ctx.request.header.origin;
  if (ALLOWED.includes(origin)) {
    ctx.vary('Origin');
    ctx.set('Access-Control-Allow-Origin', origin);
  }
  await next();
};
`;
      assert.deepEqual(one('cors.js', code), [handWritten({ label: 'This handler', origin: ['reflect:checked'], vary: true })]);
    });

    it('a later ctx.set of Vary replaces Origin; ctx.append keeps it', () => {
      const code = `const Koa = require('koa');
const app = new Koa();
const ok = new Set(['https://a.example.com']);
app.use(async (ctx, next) => {
  if (ok.has(ctx.get('Origin'))) ctx.set('Access-Control-Allow-Origin', ctx.get('Origin'));
  ctx.vary('Origin');
  ctx.set('Vary', 'Accept-Encoding');
  await next();
});
app.use(async (ctx, next) => {
  if (ok.has(ctx.get('Origin'))) ctx.set('Access-Control-Allow-Origin', ctx.get('Origin'));
  ctx.set('Vary', 'Accept-Encoding');
  ctx.append('Vary', 'Origin');
  await next();
});
`;
      assert.deepEqual(one('app.js', code), [handWritten({ origin: ['reflect:checked'], vary: false }), handWritten({ origin: ['reflect:checked'], vary: true })]);
    });
  });
});
