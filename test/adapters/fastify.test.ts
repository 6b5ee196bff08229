// The Fastify adapter: @fastify/cors (and the old fastify-cors) registered in every option shape, and headers
// written by hand in routes and hooks. Expectations follow the libraries' real semantics: fastify/fastify-cors
// index.js v11 (defaultOptions, normalizeCorsOptions's '*' in arrays, isRequestOriginAllowed resetting lastIndex,
// the Vary rule in addCorsHeadersHandler, the preflight answered in the hook unless `preflight: false`, options
// delegators), fastify-cors 6.0.3 for the old name, and Fastify itself (no automatic OPTIONS answer: 404).
import * as assert from 'node:assert/strict';
import { describeTree as policies, describeSingleFile as one, expectPolicy } from '../helpers/describe-policy';

/** A `register(@fastify/cors, ...)` policy; defaults are the library's. */
const plugin = expectPolicy({ framework: '@fastify/cors', label: '@fastify/cors', origin: ['wildcard'], preflight: 'answered' });

/** Hand-written headers in a Fastify route or hook. */
const manual = expectPolicy({ framework: 'fastify', label: 'This route handler', origin: [], preflight: 'unknown' });

describe('fastify adapter', () => {
  describe('@fastify/cors options and library defaults', () => {
    it('register(cors) without options sends the default Access-Control-Allow-Origin: * with GET,HEAD,POST', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify({ logger: true });
await app.register(cors);
app.get('/health', async () => ({ ok: true }));
`;
      assert.deepEqual(one('server.ts', code, ['methods', 'allowedHeaders']), [plugin({ methods: ['GET', 'HEAD', 'POST'], allowedHeaders: 'mirror' })]);
    });

    it("require('@fastify/cors') with origin: true and credentials reflects every Origin; the plugin adds Vary", () => {
      const code = `const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/cors'), {
  origin: true,
  credentials: true,
});
`;
      assert.deepEqual(one('server.js', code, ['fixes']), [
        plugin({
          origin: ['reflect:always'],
          credentials: true,
          vary: true,
          fixes: ['restrictOrigins: Allow only the origins listed in the environment', 'dropCredentials: Stop allowing credentials'],
        }),
      ]);
    });

    it("'*' anywhere in an origin array makes the whole option '*' (normalizeCorsOptions)", () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, { origin: ['https://app.example.com', '*'], credentials: true });
`;
      assert.deepEqual(one('server.ts', code), [plugin({ origin: ['wildcard'], credentials: true })]);
    });

    it("the old fastify-cors compares array entries with ===: '*' there is a dead entry, and it always sends Vary", () => {
      const code = `const fastify = require('fastify')();
const cors = require('fastify-cors');

fastify.register(cors, { origin: ['*', 'https://app.example.com'], credentials: true });
`;
      assert.deepEqual(one('server.js', code, ['matchers', 'methods']), [
        plugin({
          framework: 'fastify-cors',
          label: 'fastify-cors',
          origin: ['reflect:checked'],
          credentials: true,
          vary: true,
          matchers: ['equals:*', 'equals:https://app.example.com'],
          methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
        }),
      ]);
    });

    it('a /g RegExp is not stateful: isRequestOriginAllowed resets lastIndex before test()', () => {
      const code = String.raw`import Fastify from 'fastify';
import cors from '@fastify/cors';

const ORIGINS = /^https:\/\/(app|admin)\.example\.com$/g;
const app = Fastify();
app.register(cors, { origin: [ORIGINS, 'https://partner.example.org'] });
`;
      assert.deepEqual(one('server.ts', code, ['matchers']), [
        plugin({ origin: ['reflect:checked'], vary: true, matchers: [String.raw`regex:^https:\/\/(app|admin)\.example\.com$/g`, 'equals:https://partner.example.org'] }),
      ]);
    });

    it("credentials: 'true' counts: the plugin tests `if (corsOptions.credentials)`", () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, { origin: true, credentials: 'true' as unknown as boolean });
`;
      assert.deepEqual(one('server.ts', code), [plugin({ origin: ['reflect:always'], credentials: true, vary: true })]);
    });

    it('an origin callback with a loose test, and an async origin function answering with a membership test', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const ALLOWED = new Set((process.env.CORS_ORIGINS ?? '').split(','));
const app = Fastify();
app.register(cors, {
  origin: (origin, cb) => {
    if (!origin || origin.endsWith('example.com')) return cb(null, true);
    cb(new Error('Not allowed'), false);
  },
  credentials: true,
});
app.register(async (admin) => {
  await admin.register(cors, { origin: async (origin: string | undefined) => ALLOWED.has(origin ?? '') });
}, { prefix: '/admin' });
`;
      assert.deepEqual(one('server.ts', code, ['matchers']), [
        plugin({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['suffix:example.com'] }),
        plugin({ origin: ['reflect:checked', 'none'], vary: true, matchers: ['trusted'] }),
      ]);
    });

    it('an unset environment variable is unknown; an env allowlist split on commas is trusted configuration', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, { origin: process.env.FRONTEND_URL, credentials: true });
app.register(cors, { origin: (process.env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()) });
`;
      assert.deepEqual(one('server.ts', code, ['matchers']), [
        plugin({ origin: ['unknown'], credentials: true, matchers: [] }),
        // The `?? ''` fallback splits into one empty entry, which no Origin equals.
        plugin({ origin: ['reflect:checked'], vary: true, matchers: ['trusted', 'equals:'] }),
      ]);
    });

    it('options typed FastifyCorsOptions in another file, imported under another name', () => {
      const files = {
        'src/config/cors.ts': `import type { FastifyCorsOptions } from '@fastify/cors';

export const corsOptions: FastifyCorsOptions = {
  origin: [/\\.example\\.com$/, 'http://localhost:3000'],
  credentials: true,
  allowedHeaders: ['Content-Type', 'Authorization'],
};
`,
        'src/app.ts': `import Fastify from 'fastify';
import fastifyCors from '@fastify/cors';
import { corsOptions } from './config/cors.js';

export const app = Fastify();
app.register(fastifyCors, corsOptions);
`,
      };
      assert.deepEqual(policies(files, 'src/app.ts', ['matchers', 'allowedHeaders']), [
        plugin({
          origin: ['reflect:checked'],
          credentials: true,
          vary: true,
          matchers: ['regex:\\.example\\.com$/', 'equals:http://localhost:3000'],
          allowedHeaders: ['Content-Type', 'Authorization'],
        }),
      ]);
    });
  });

  describe('delegators and plugin shapes', () => {
    it('the README delegator: a function of the instance returning (req, callback) => callback(null, options)', () => {
      const code = `const fastify = require('fastify')();

fastify.register(require('@fastify/cors'), (instance) => {
  return (req, callback) => {
    const corsOptions = { origin: true, credentials: true };
    if (/^localhost$/m.test(req.headers.origin)) {
      corsOptions.origin = false;
    }
    callback(null, corsOptions);
  };
});
`;
      assert.deepEqual(one('server.js', code), [plugin({ origin: ['reflect:always', 'none'], credentials: true, vary: true })]);
    });

    it('the `delegator` key, and a plain function of the instance returning options', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const TRUSTED = ['https://app.example.com', 'https://admin.example.com'];
const app = Fastify();
app.register(cors, {
  hook: 'preHandler',
  delegator: (req, callback) => {
    let corsOptions;
    if (TRUSTED.indexOf(req.headers.origin) !== -1) {
      corsOptions = { origin: true, credentials: true };
    } else {
      corsOptions = { origin: false };
    }
    callback(null, corsOptions);
  },
});
app.register(cors, () => ({ origin: 'https://app.example.com' }));
`;
      assert.deepEqual(one('server.ts', code, ['matchers']), [
        plugin({ origin: ['reflect:checked', 'none'], credentials: true, vary: true, matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'] }),
        plugin({ origin: ['fixed:https://app.example.com'], matchers: [] }),
      ]);
    });

    it('a promise delegator (one parameter) returning options', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, () => async (req: { headers: Record<string, string | undefined> }) => ({ origin: req.headers.origin, credentials: true }));
`;
      assert.deepEqual(one('server.ts', code), [plugin({ origin: ['reflect:always'], credentials: true, vary: true })]);
    });

    it('inside a fastify-plugin wrapper, with import() of the plugin and named fastifyCors import', () => {
      const code = `import fp from 'fastify-plugin';
import { fastifyCors } from '@fastify/cors';

export default fp(async (app) => {
  await app.register(fastifyCors, { origin: /^https:\\/\\/.*$/, credentials: true });
  await app.register(import('@fastify/cors'), { origin: 'https://docs.example.com' });
});
`;
      assert.deepEqual(one('plugins/cors.ts', code), [
        plugin({ origin: ['reflect:checked'], credentials: true, vary: true }),
        plugin({ origin: ['fixed:https://docs.example.com'] }),
      ]);
    });
  });

  describe('preflight', () => {
    it('preflight: false leaves OPTIONS to the routes: a PUT route of an app made here has none', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, { origin: 'https://app.example.com', preflight: false });
app.put('/items/:id', async (request) => ({ id: (request.params as { id: string }).id }));
app.get('/items', async () => []);
`;
      assert.deepEqual(one('server.ts', code, ['fixes']), [
        plugin({
          origin: ['fixed:https://app.example.com'],
          route: 'PUT /items/:id',
          preflight: 'unanswered',
          triggers: ['the route accepts PUT requests'],
          fixes: ['answerPreflight: Let @fastify/cors answer preflights (preflight: true)'],
        }),
      ]);
    });

    it('preflight: false with an OPTIONS route for the path is answered; in a plugin file it is unknown', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, { origin: 'https://app.example.com', preflight: false });
app.options('/items/:id', async (request, reply) => reply.code(204).send());
app.put('/items/:id', async () => ({}));
`;
      const pluginFile = `import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export default async function routes(app: FastifyInstance) {
  app.register(cors, { origin: 'https://app.example.com', preflight: false });
  app.delete('/items/:id', async () => ({}));
}
`;
      assert.deepEqual(one('server.ts', code), [plugin({ origin: ['fixed:https://app.example.com'] })]);
      assert.deepEqual(one('routes.ts', pluginFile), [plugin({ origin: ['fixed:https://app.example.com'], preflight: 'unknown' })]);
    });
  });

  describe('hand-written headers', () => {
    it('reply.header reflection on a PUT route without OPTIONS: no Vary, and the preflight 404s', () => {
      const code = `import Fastify from 'fastify';

const app = Fastify();

app.put('/api/profile', async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', request.headers.origin);
  reply.header('Access-Control-Allow-Credentials', 'true');
  return { saved: true };
});

app.listen({ port: 3000 });
`;
      assert.deepEqual(one('server.ts', code, ['fixes']), [
        manual({
          route: 'PUT /api/profile',
          origin: ['reflect:always'],
          credentials: true,
          preflight: 'unanswered',
          vary: false,
          triggers: ['the route accepts PUT requests'],
          fixes: [
            'addVaryOrigin: Add Vary: Origin',
            'restrictOrigins: Echo the Origin only for origins listed in CORS_ALLOWED_ORIGINS',
            'dropCredentials: Stop allowing credentials',
          ],
        }),
      ]);
    });

    it('an OPTIONS route (fastify.options or route({ method: [..., "OPTIONS"] })) answers the preflight', () => {
      const code = `const fastify = require('fastify')();

const ALLOWED = ['https://app.example.com'];

function cors(request, reply) {
  const origin = request.headers.origin;
  if (ALLOWED.includes(origin)) reply.header('Access-Control-Allow-Origin', origin);
  reply.header('Vary', 'Origin');
}

fastify.options('/items/:id', async (request, reply) => { cors(request, reply); reply.code(204).send(); });
fastify.route({
  method: ['DELETE', 'OPTIONS'],
  url: '/orders/:id',
  handler: async (request, reply) => { cors(request, reply); return {}; },
});
`;
      assert.deepEqual(one('server.js', code), [
        manual({ label: 'This handler', origin: ['reflect:checked'], vary: true }),
        manual({ route: 'OPTIONS /items/:id', origin: ['reflect:checked'], preflight: 'answered', vary: true }),
        manual({ route: 'DELETE/OPTIONS /orders/:id', origin: ['reflect:checked'], preflight: 'answered', vary: true }),
      ]);
    });

    it('an onRequest hook without an OPTIONS branch: the PUT routes it covers get no preflight answer', () => {
      const code = `import Fastify from 'fastify';

const app = Fastify();
const allowed = new Set(['https://app.example.com']);

app.addHook('onRequest', async (request, reply) => {
  const origin = request.headers.origin;
  if (origin && allowed.has(origin)) {
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Vary', 'Origin');
  }
});

app.get('/items', async () => []);
app.patch('/items/:id', async () => ({}));
`;
      assert.deepEqual(one('server.ts', code, ['fixes']), [
        manual({
          label: 'This onRequest hook',
          route: 'PATCH /items/:id',
          origin: ['reflect:checked'],
          preflight: 'unanswered',
          vary: true,
          triggers: ['the route accepts PATCH requests'],
          fixes: ['answerPreflight: Answer the OPTIONS preflight with 204 and these headers'],
        }),
      ]);
    });

    it('a hook that answers OPTIONS itself answers for every route it reaches', () => {
      const code = `import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

const app = Fastify();

function corsHook(request: FastifyRequest, reply: FastifyReply, done: () => void) {
  reply.headers({ 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Methods': 'GET,PUT,DELETE' });
  if (request.method === 'OPTIONS') {
    reply.code(204).send();
    return;
  }
  done();
}

app.addHook('onRequest', corsHook);
app.delete('/items/:id', async () => ({}));
`;
      assert.deepEqual(one('server.ts', code), [
        manual({ label: 'This onRequest hook', origin: ['fixed:https://app.example.com'], preflight: 'answered' }),
      ]);
    });

    it('encapsulation: a hook in a child context does not reach the parent routes; the cors plugin on the parent reaches the child', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.put('/public/:id', async () => ({}));
app.register(async (api) => {
  api.addHook('onSend', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', 'https://app.example.com');
  });
  api.get('/status', async () => ({}));
}, { prefix: '/api' });

const admin = Fastify();
admin.register(cors, { origin: 'https://admin.example.com' });
admin.register(async (child) => {
  child.put('/users/:id', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', 'https://admin.example.com');
    return {};
  });
});
`;
      assert.deepEqual(one('server.ts', code), [
        manual({ label: 'This onSend hook', origin: ['fixed:https://app.example.com'], preflight: 'unanswered' }),
        plugin({ origin: ['fixed:https://admin.example.com'] }),
        manual({ route: 'PUT /users/:id', origin: ['fixed:https://admin.example.com'], preflight: 'answered' }),
      ]);
    });

    it('a prefix option names the full path; a plugin this file cannot see into makes the preflight unknown', () => {
      const files = {
        'src/plugins/cors.ts': `import fp from 'fastify-plugin';
import cors from '@fastify/cors';

export default fp(async (app) => {
  await app.register(cors, { origin: 'https://app.example.com' });
});
`,
        'src/server.ts': `import Fastify from 'fastify';
import autoload from '@fastify/autoload';
import helmet from '@fastify/helmet';
import corsPlugin from './plugins/cors.js';

const app = Fastify();
await app.register(helmet);
app.register(async (v1) => {
  v1.put('/items/:id', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', 'https://app.example.com');
    return {};
  });
}, { prefix: '/v1' });

const withCors = Fastify();
withCors.register(corsPlugin);
withCors.delete('/items/:id', async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', 'https://app.example.com');
  return {};
});

const loaded = Fastify();
loaded.register(autoload, { dir: 'plugins' });
loaded.patch('/items/:id', async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', 'https://app.example.com');
  return {};
});
`,
      };
      assert.deepEqual(policies(files, 'src/server.ts'), [
        manual({ route: 'PUT /v1/items/:id', origin: ['fixed:https://app.example.com'], preflight: 'unanswered', triggers: ['the route accepts PUT requests'] }),
        manual({ route: 'DELETE /items/:id', origin: ['fixed:https://app.example.com'] }),
        manual({ route: 'PATCH /items/:id', origin: ['fixed:https://app.example.com'] }),
      ]);
    });

    it('a helper in another file writes the headers for an async route; the Vary fix goes into the helper', () => {
      const files = {
        'src/lib/cors.ts': `import type { FastifyReply } from 'fastify';

const TRUSTED = (process.env.TRUSTED_ORIGINS ?? '').split(',');

export function applyCors(reply: FastifyReply, origin: string | undefined): void {
  if (origin && TRUSTED.includes(origin)) {
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Allow-Credentials', 'true');
  }
}
`,
        'src/server.ts': `import Fastify from 'fastify';
import { applyCors } from './lib/cors.js';

const app = Fastify();
app.put<{ Body: { name: string } }>('/profile', async (request, reply) => {
  applyCors(reply, request.headers.origin);
  return { name: request.body.name };
});
`,
      };
      assert.deepEqual(policies(files, 'src/server.ts', ['fixes']), [
        manual({
          route: 'PUT /profile',
          origin: ['reflect:checked'],
          credentials: true,
          preflight: 'unanswered',
          vary: false,
          triggers: ['the route accepts PUT requests', 'the route reads a JSON request body'],
          // Removing a credentials header is offered only in the linted file.
          fixes: ['addVaryOrigin: Add Vary: Origin'],
        }),
      ]);
    });

    it('a POST route reading a JSON body is preflighted; with @fastify/formbody registered it need not be', () => {
      const json = `import Fastify from 'fastify';

const app = Fastify();
app.post('/comments', {
  schema: { body: { type: 'object', properties: { text: { type: 'string' } } } },
}, async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', '*');
  return { text: (request.body as { text: string }).text };
});
`;
      const form = `import Fastify from 'fastify';
import formbody from '@fastify/formbody';

const app = Fastify();
app.register(formbody);
app.post('/comments', async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', '*');
  return { ok: Boolean(request.body) };
});
`;
      assert.deepEqual(one('server.ts', json), [
        manual({ route: 'POST /comments', origin: ['wildcard'], preflight: 'unanswered', triggers: ['the route reads a JSON request body'] }),
      ]);
      assert.deepEqual(one('server.ts', form), [manual({ route: 'POST /comments', origin: ['wildcard'], preflight: 'unanswered' })]);
    });

    it('routes in a plugin registered by another file: the preflight is unknown (@fastify/cors may sit around it)', () => {
      const code = `import type { FastifyPluginAsync } from 'fastify';

const routes: FastifyPluginAsync = async (fastify) => {
  fastify.delete('/items/:id', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', request.headers.origin ?? '*');
    reply.header('Vary', 'Origin');
    return {};
  });
};

export default routes;
`;
      // A CORS request always carries an Origin, so the `?? '*'` fallback never answers one.
      assert.deepEqual(one('routes/items.ts', code), [manual({ route: 'DELETE /items/:id', origin: ['reflect:always'], vary: true })]);
    });

    it('credentials from the cors plugin apply to a route writing its own Access-Control-Allow-Origin; the plugin Vary covers it', () => {
      const code = `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
app.register(cors, { origin: ['https://app.example.com'], credentials: true });
app.get('/embed', async (request, reply) => {
  reply.header('Access-Control-Allow-Origin', request.headers.origin);
  return 'ok';
});
`;
      assert.deepEqual(one('server.ts', code), [
        plugin({ origin: ['reflect:checked'], credentials: true, vary: true }),
        manual({ route: 'GET /embed', origin: ['reflect:always'], credentials: true, preflight: 'answered', vary: true }),
      ]);
    });

    it('reply.raw.setHeader and a Vary fix in the same idiom', () => {
      const code = `const fastify = require('fastify')();

fastify.get('/stream', (request, reply) => {
  reply.raw.setHeader('Access-Control-Allow-Origin', request.headers.origin || 'https://app.example.com');
  reply.send('ok');
});
`;
      assert.deepEqual(one('server.js', code, ['fixes']), [
        manual({ route: 'GET /stream', origin: ['reflect:always'], preflight: 'unanswered', vary: false, fixes: ['addVaryOrigin: Add Vary: Origin'] }),
      ]);
    });
  });
});
