// The Hono adapter: snippets in, compact policy descriptions out. Expectations follow hono/cors
// (honojs/hono src/middleware/cors/index.ts, v4.13: default origin '*', a string or a list compared exactly, a
// function `(origin, c)` whose answer is the header, `Vary: Origin` whenever the origin option is not '*', 204 for
// OPTIONS wherever it runs) and Hono's routing (no automatic OPTIONS answer: 404 unless a handler responds).
import * as assert from 'node:assert/strict';
import { describeTree as policies, describeSingleFile as one, expectPolicy, type PolicyDescription } from '../helpers/describe-policy';

const honoCors = expectPolicy({ framework: 'hono/cors', label: 'hono/cors middleware', origin: ['wildcard'], preflight: 'answered' });

const handWritten = expectPolicy({ framework: 'hono', label: 'This middleware', origin: [], preflight: 'unknown' });

const APP = `import { Hono } from 'hono';\nimport { cors } from 'hono/cors';\n\nconst app = new Hono();\n`;

describe('hono adapter', () => {
  describe('hono/cors options', () => {
    it("no options: '*', the default methods, request headers mirrored; use() answers the preflight", () => {
      assert.deepEqual(one('index.ts', `${APP}app.use('/api/*', cors());\nexport default app;\n`, ['methods', 'allowedHeaders']), [
        honoCors({ methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'], allowedHeaders: 'mirror' }),
      ]);
    });

    it('a string is compared exactly (one fixed origin); a list echoes its entries, where * is just a dead entry', () => {
      const code = `${APP}app.use('*', cors({ origin: 'https://app.example.com' }));\napp.use('/b/*', cors({ origin: ['https://a.example.com', '*'] }));\nexport default app;\n`;
      assert.deepEqual(one('index.ts', code, ['matchers']), [
        honoCors({ origin: ['fixed:https://app.example.com'], matchers: [] }),
        honoCors({ origin: ['reflect:checked'], vary: true, matchers: ['equals:https://a.example.com', 'equals:*'] }),
      ]);
    });

    it('credentials without an origin keep the default *', () => {
      assert.deepEqual(one('index.ts', `${APP}app.use('*', cors({ credentials: true }));\nexport default app;\n`), [honoCors({ credentials: true })]);
    });

    it('an origin function answers the header: the echoed Origin, a fallback origin, or null for none', () => {
      const code = `${APP}app.use('*', cors({ origin: (origin) => origin, credentials: true }));
app.use('/x/*', cors({ origin: (origin) => (origin.endsWith('.example.com') ? origin : 'https://example.com') }));
app.use('/y/*', cors({ origin: async (origin, c) => (c.env.ALLOWED.split(',').includes(origin) ? origin : null) }));
export default app;
`;
      assert.deepEqual(one('index.ts', code, ['matchers']), [
        honoCors({ origin: ['reflect:always'], credentials: true, vary: true, matchers: [] }),
        honoCors({ origin: ['reflect:checked', 'fixed:https://example.com'], vary: true, matchers: ['suffix:.example.com'] }),
        honoCors({ origin: ['reflect:checked', 'none'], vary: true, matchers: ['trusted'] }),
      ]);
    });

    it('allowMethods, allowHeaders, exposeHeaders and maxAge under their Hono names, options from a typed module', () => {
      const files = {
        'cors-options.ts': `import type { cors } from 'hono/cors';\n\nexport const corsOptions: Parameters<typeof cors>[0] = {\n  origin: ['https://app.example.com'],\n  allowMethods: ['GET', 'POST'],\n  allowHeaders: ['Authorization'],\n  exposeHeaders: ['X-Total'],\n  maxAge: 86400,\n  credentials: true,\n};\n`,
        'index.ts': `${APP}import { corsOptions } from './cors-options';\napp.use('*', cors(corsOptions));\nexport default app;\n`,
      };
      assert.deepEqual(policies(files, 'index.ts', ['methods', 'allowedHeaders', 'exposedHeaders', 'maxAge']), [
        honoCors({ origin: ['reflect:checked'], credentials: true, vary: true, methods: ['GET', 'POST'], allowedHeaders: ['Authorization'], exposedHeaders: ['X-Total'], maxAge: 86400 }),
      ]);
    });
  });

  describe('preflight', () => {
    it('per-route cors() on a POST reading JSON, in an app served here, leaves the preflight to a 404', () => {
      const code = `${APP}app.post('/events', cors({ origin: 'https://app.example.com' }), async (c) => c.json(await c.req.json()));\nexport default { fetch: app.fetch };\n`;
      assert.deepEqual(one('worker.ts', code, ['fixes']), [
        honoCors({
          origin: ['fixed:https://app.example.com'],
          route: 'POST /events',
          preflight: 'unanswered',
          triggers: ['the handler reads a JSON request body'],
          fixes: ["answerPreflight: Answer the preflight: add app.options('/events', ...)"],
        }),
      ]);
    });

    it("answered by use() on a covering path, by on(['PUT', 'OPTIONS']), by an options route with the headers; not by a bare 204", () => {
      const code = `${APP}const mw = cors({ origin: 'https://app.example.com' });
app.use('/api/*', mw);
app.put('/api/a', mw, (c) => c.text('a'));
app.on(['PUT', 'OPTIONS'], '/b', mw, (c) => c.text('b'));
app.options('/c', mw);
app.put('/c', mw, (c) => c.text('c'));
app.options('/d', (c) => c.body(null, 204));
app.put('/d', mw, (c) => c.text('d'));
export default app;
`;
      const fixed = { origin: ['fixed:https://app.example.com'] as PolicyDescription['origin'] };
      assert.deepEqual(one('index.ts', code), [
        honoCors(fixed),
        honoCors({ ...fixed, route: 'PUT /api/a' }),
        honoCors(fixed),
        honoCors(fixed),
        honoCors({ ...fixed, route: 'PUT /c' }),
        honoCors({ ...fixed, route: 'PUT /d', preflight: 'unanswered', triggers: ['the route accepts PUT requests'] }),
      ]);
    });

    it('sub-apps mounted with route() and basePath() get the full path; an app only exported is not judged', () => {
      const served = `${APP}const books = new Hono();
books.delete('/:id', cors({ origin: 'https://app.example.com' }), (c) => c.body(null, 204));
app.route('/books', books);
const v2 = app.basePath('/v2');
v2.patch('/me', cors({ origin: 'https://app.example.com' }), (c) => c.json({}));
Deno.serve(app.fetch);
`;
      const exported = `${APP}app.delete('/:id', cors({ origin: 'https://app.example.com' }), (c) => c.body(null, 204));\nexport default app;\n`;
      const fixed = { origin: ['fixed:https://app.example.com'] as PolicyDescription['origin'], preflight: 'unanswered' as const };
      assert.deepEqual(one('main.ts', served), [
        honoCors({ ...fixed, route: 'DELETE /books/:id', triggers: ['the route accepts DELETE requests'] }),
        honoCors({ ...fixed, route: 'PATCH /v2/me', triggers: ['the route accepts PATCH requests'] }),
      ]);
      assert.deepEqual(one('routes/users.ts', exported), [honoCors({ origin: ['fixed:https://app.example.com'], route: 'DELETE /:id', preflight: 'unknown' })]);
    });

    it("Hono's own middleware passes OPTIONS on; an unreadable one in front keeps the preflight unknown", () => {
      const known = `${APP}import { logger } from 'hono/logger';\napp.use(logger());\napp.put('/x', cors(), (c) => c.text('x'));\nexport default app;\n`;
      const unknown = `${APP}import { preflight } from './gateway-not-in-workspace';\napp.use('*', preflight);\napp.put('/x', cors(), (c) => c.text('x'));\nexport default app;\n`;
      assert.deepEqual(one('index.ts', known), [honoCors({ route: 'PUT /x', preflight: 'unanswered', triggers: ['the route accepts PUT requests'] })]);
      assert.deepEqual(one('server.ts', unknown), [honoCors({ route: 'PUT /x', preflight: 'unknown' })]);
    });
  });

  describe('hand-written headers', () => {
    it('c.header reflecting the Origin with credentials, no Vary, no OPTIONS branch before a PUT route', () => {
      const code = `import { Hono } from 'hono';
const app = new Hono();
app.use('*', async (c, next) => {
  const origin = c.req.header('Origin');
  if (origin) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Allow-Credentials', 'true');
  }
  await next();
});
app.put('/me', (c) => c.json({}));
export default app;
`;
      assert.deepEqual(one('index.ts', code, ['fixes']), [
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

    it('createMiddleware in a module of its own: c.res.headers after next(), Vary appended', () => {
      const code = `import { createMiddleware } from 'hono/factory';
const ALLOWED = new Set(['https://app.example.com']);
export const corsHeaders = createMiddleware(async (c, next) => {
  await next();
  const origin = c.req.header('origin') ?? '';
  if (ALLOWED.has(origin)) {
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.append('Vary', 'Origin');
  }
});
`;
      assert.deepEqual(one('cors.ts', code), [handWritten({ label: 'This handler', origin: ['reflect:checked'], vary: true })]);
    });

    it("an Express helper writing res.header(...) is not taken for Hono's c.header", () => {
      const code = `const express = require('express');
const app = express();
function setCors(res, origin) {
  res.header('Access-Control-Allow-Origin', origin);
}
app.get('/x', (req, res) => {
  setCors(res, req.headers.origin);
  res.json({});
});
app.listen(3000);
`;
      assert.deepEqual(
        one('app.js', code).map((p) => p.framework),
        ['express', 'express'],
      );
    });

    it("c.header('Vary', 'Origin') without append replaces; { append: true } adds", () => {
      const code = `import { Hono } from 'hono';
const app = new Hono();
app.use('*', async (c, next) => {
  const o = c.req.header('Origin');
  if (o === 'https://a.example.com' || o === 'https://b.example.com') c.header('Access-Control-Allow-Origin', o);
  c.header('Vary', 'Origin');
  c.header('Vary', 'Accept-Encoding');
  if (c.req.method === 'OPTIONS') return c.body(null, 204);
  await next();
});
app.use('/x/*', async (c, next) => {
  const o = c.req.header('Origin');
  if (o === 'https://a.example.com' || o === 'https://b.example.com') c.header('Access-Control-Allow-Origin', o);
  c.header('Vary', 'Origin', { append: true });
  await next();
});
export default app;
`;
      assert.deepEqual(one('index.ts', code), [
        handWritten({ origin: ['reflect:checked'], vary: false, preflight: 'answered' }),
        handWritten({ origin: ['reflect:checked'], vary: true, preflight: 'unknown' }),
      ]);
    });
  });
});
