// The Express adapter (Express, express.Router, node:http, the `cors` package): realistic snippets in, compact
// policy descriptions out (helpers/describe-policy). Expectations follow the libraries' real semantics:
// expressjs/cors lib/index.js (defaults, isOriginAllowed, configureOrigin's Vary, preflightContinue, options
// delegates, origin callbacks), the Express 4/5 router (an OPTIONS request no route handles gets an automatic
// 200 with Allow, after the middleware that matched ran), and node:http (nothing automatic).
import * as assert from 'node:assert/strict';
import { describeTree as policies, describeSingleFile as one, expectPolicy } from '../helpers/describe-policy';

/** A `cors(...)` middleware policy; defaults are the library's. */
const corsMw = expectPolicy({ framework: 'cors', label: 'cors() middleware', origin: ['wildcard'], preflight: 'answered' });

/** Hand-written headers in an Express handler or middleware. */
const handler = expectPolicy({ framework: 'express', label: 'This handler', origin: [], preflight: 'answered' });

/** Hand-written headers in an `http.createServer` handler. */
const server = expectPolicy({ framework: 'node:http', label: 'This handler', origin: [], preflight: 'unknown' });

const CORS_DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'];

describe('express adapter', () => {
  describe('the cors package: options and library defaults', () => {
    it('cors() without options sends its default Access-Control-Allow-Origin: *', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors());

app.get('/api/products', (req, res) => res.json([]));
app.listen(3000);
`;
      assert.deepEqual(one('app.js', code, ['methods', 'allowedHeaders']), [
        corsMw({ origin: ['wildcard'], methods: CORS_DEFAULT_METHODS, allowedHeaders: 'mirror' }),
      ]);
    });

    it("cors('*') is spread into the defaults as character keys: still the defaults", () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors('*'));
app.listen(3000);
`;
      assert.deepEqual(one('app.js', code, ['methods']), [corsMw({ origin: ['wildcard'], credentials: false, methods: CORS_DEFAULT_METHODS })]);
    });

    it('origin: true reflects every Origin, with credentials, options held in a variable', () => {
      const code = `const express = require('express');
const cors = require('cors');

const corsOptions = {
  origin: true,
  credentials: true,
  methods: 'GET,POST',
};

const app = express();
app.use(cors(corsOptions));
`;
      assert.deepEqual(one('app.js', code, ['methods']), [
        corsMw({ origin: ['reflect:always'], credentials: true, vary: true, methods: ['GET', 'POST'] }),
      ]);
    });

    it('an array allowlist with a RegExp: reflected when listed, and cors adds Vary: Origin', () => {
      const code = String.raw`const express = require('express');
const cors = require('cors');

const allowedOrigins = ['https://app.example.com', /^https:\/\/([a-z0-9-]+\.)?example\.org$/];

const app = express();
app.use(
  cors({
    origin: allowedOrigins,
    credentials: true,
    exposedHeaders: ['X-Total-Count'],
    maxAge: 600,
  }),
);
`;
      assert.deepEqual(one('app.js', code, ['matchers', 'exposedHeaders', 'maxAge']), [
        corsMw({
          origin: ['reflect:checked'],
          credentials: true,
          vary: true,
          matchers: ['equals:https://app.example.com', String.raw`regex:^https:\/\/([a-z0-9-]+\.)?example\.org$/`],
          exposedHeaders: ['X-Total-Count'],
          maxAge: 600,
        }),
      ]);
    });

    it('a RegExp origin on its own is a check; without /g or /y it is not stateful', () => {
      const code = String.raw`import express from 'express';
import cors from 'cors';

const app = express();
app.use(cors({ origin: /^https:\/\/(app|admin)\.example\.com$/i }));

export default app;
`;
      assert.deepEqual(one('app.ts', code, ['matchers']), [
        corsMw({ origin: ['reflect:checked'], vary: true, matchers: [String.raw`regex:^https:\/\/(app|admin)\.example\.com$/i`] }),
      ]);
    });

    it('a /g RegExp is stateful: cors calls .test() on the shared object and never resets lastIndex', () => {
      const code = String.raw`const express = require('express');
const cors = require('cors');

const ORIGIN_PATTERN = /^https:\/\/(app|admin)\.example\.com$/g;

const app = express();
app.use('/api', cors({ origin: ORIGIN_PATTERN }));
app.use('/assets', cors({ origin: [/^https:\/\/cdn\.example\.com$/gy, 'https://www.example.com'] }));
`;
      assert.deepEqual(one('app.js', code, ['matchers']), [
        corsMw({ origin: ['reflect:checked'], vary: true, matchers: [String.raw`regex:^https:\/\/(app|admin)\.example\.com$/g:stateful`] }),
        corsMw({
          origin: ['reflect:checked'],
          vary: true,
          matchers: [String.raw`regex:^https:\/\/cdn\.example\.com$/gy:stateful`, 'equals:https://www.example.com'],
        }),
      ]);
    });

    it("'*' inside an origin array is a dead entry (compared with ===), not a wildcard", () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: ['*', 'https://app.example.com'], credentials: true }));
`;
      assert.deepEqual(one('app.js', code, ['matchers']), [
        corsMw({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['equals:*', 'equals:https://app.example.com'] }),
      ]);
    });

    it('origin present but undefined: an unset variable is unknown (never the * default); a literal undefined turns CORS off', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use('/api', cors({ origin: process.env.FRONTEND_URL, credentials: true }));
app.use('/legacy', cors({ origin: undefined }));
app.use('/closed', cors({ origin: false }));
`;
      assert.deepEqual(one('app.js', code), [
        corsMw({ origin: ['unknown'], credentials: true }),
        corsMw({ origin: ['none'] }),
        corsMw({ origin: ['none'] }),
      ]);
    });

    it('environment allowlists: a split list is trusted configuration; a `|| "*"` fallback is a wildcard branch', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use('/api', cors({ origin: process.env.CORS_ORIGINS.split(',') }));
app.use('/public', cors({ origin: process.env.PUBLIC_ORIGIN || '*' }));
`;
      assert.deepEqual(one('app.js', code, ['matchers']), [
        corsMw({ origin: ['reflect:checked'], vary: true, matchers: ['trusted'] }),
        corsMw({ origin: ['unknown', 'wildcard'], matchers: [] }),
      ]);
    });

    it("'null' as the origin is a fixed grant of the literal null origin", () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'null', credentials: true }));
`;
      assert.deepEqual(one('app.js', code), [corsMw({ origin: ['fixed:null'], credentials: true })]);
    });

    it('options assembled with a spread keep the base origin', () => {
      const code = `const express = require('express');
const cors = require('cors');

const base = { origin: '*', methods: ['GET'] };
const withCookies = { ...base, credentials: true };

const app = express();
app.use(cors(withCookies));
`;
      assert.deepEqual(one('app.js', code, ['methods']), [corsMw({ origin: ['wildcard'], credentials: true, methods: ['GET'] })]);
    });

    it('origin callbacks: cb(null, true) reflects every Origin; cb(null, origin) echoes it as a fixed string', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use('/a', cors({ origin: (origin, callback) => callback(null, true), credentials: true }));
app.use('/b', cors({ origin: (origin, callback) => callback(null, origin) }));
`;
      assert.deepEqual(one('app.js', code), [
        corsMw({ origin: ['reflect:always'], credentials: true, vary: true }),
        corsMw({ origin: ['reflect:always'], vary: true }),
      ]);
    });

    it('origin callback answering a boolean expression: reflected when the check passes, no CORS otherwise', () => {
      const code = `const express = require('express');
const cors = require('cors');

const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

const app = express();
app.use(
  cors({
    origin: (origin, callback) => callback(null, ALLOWED.includes(origin)),
    credentials: true,
  }),
);
`;
      assert.deepEqual(one('app.js', code, ['matchers']), [
        corsMw({
          origin: ['reflect:checked', 'none'],
          credentials: true,
          vary: true,
          matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'],
        }),
      ]);
    });

    it("the README's origin function with an indexOf allowlist and an error for the rest", () => {
      const code = `const express = require('express');
const cors = require('cors');

const whitelist = ['https://app.example.com', 'https://admin.example.com'];
const corsOptions = {
  origin: function (origin, callback) {
    if (whitelist.indexOf(origin) !== -1) {
      callback(null, true);
    } else {
      callback(new Error('Not allowed by CORS'));
    }
  },
};

const app = express();
app.use(cors(corsOptions));
`;
      assert.deepEqual(one('app.js', code, ['matchers']), [
        corsMw({ origin: ['reflect:checked'], vary: true, matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'] }),
      ]);
    });

    it("the README's options delegate: { origin: true } for listed origins, { origin: false } for the rest", () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
const allowlist = ['https://app.example.com', 'https://admin.example.com'];

function corsOptionsDelegate(req, callback) {
  let corsOptions;
  if (allowlist.indexOf(req.header('Origin')) !== -1) {
    corsOptions = { origin: true, credentials: true };
  } else {
    corsOptions = { origin: false };
  }
  callback(null, corsOptions);
}

app.get('/products/:id', cors(corsOptionsDelegate), (req, res) => res.json({ id: req.params.id }));
app.listen(80);
`;
      assert.deepEqual(one('app.js', code, ['matchers']), [
        corsMw({
          route: 'GET /products/:id',
          origin: ['reflect:checked', 'none'],
          credentials: true,
          preflight: 'unanswered',
          vary: true,
          matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'],
        }),
      ]);
    });

    it('preflightContinue: true passes OPTIONS on, and Express still answers it automatically with the headers cors set', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
const corsOptions = { origin: 'https://app.example.com', preflightContinue: true };

app.use('/api', cors(corsOptions));
app.options('/uploads/:name', cors(corsOptions));
app.put('/uploads/:name', cors(corsOptions), (req, res) => res.sendStatus(204));
`;
      assert.deepEqual(one('app.js', code), [
        corsMw({ origin: ['fixed:https://app.example.com'] }),
        corsMw({ origin: ['fixed:https://app.example.com'] }),
        corsMw({ route: 'PUT /uploads/:name', origin: ['fixed:https://app.example.com'] }),
      ]);
    });
  });

  describe('the cors package under other names and in variables', () => {
    it('import corsMiddleware from "cors" (TypeScript, typed options, satisfies)', () => {
      const code = `import express, { Request, Response } from 'express';
import corsMiddleware, { CorsOptions } from 'cors';

const options = {
  origin: ['https://app.example.com'],
  methods: ['GET', 'PATCH'],
} satisfies CorsOptions;

const app = express();
app.patch('/api/profile', corsMiddleware(options), (req: Request, res: Response) => {
  res.sendStatus(204);
});

export default app;
`;
      assert.deepEqual(one('app.ts', code, ['methods']), [
        corsMw({
          route: 'PATCH /api/profile',
          origin: ['reflect:checked'],
          preflight: 'unanswered',
          vary: true,
          triggers: ['the route accepts PATCH requests'],
          methods: ['GET', 'PATCH'],
        }),
      ]);
    });

    it('const c = require("cors") on a DELETE route', () => {
      const code = `const express = require('express');
const c = require('cors');

const app = express();
app.delete('/api/sessions/:id', c({ origin: 'https://app.example.com', credentials: true }), (req, res) => {
  res.sendStatus(204);
});
`;
      assert.deepEqual(one('app.js', code), [
        corsMw({
          route: 'DELETE /api/sessions/:id',
          origin: ['fixed:https://app.example.com'],
          credentials: true,
          preflight: 'unanswered',
          triggers: ['the route accepts DELETE requests'],
        }),
      ]);
    });

    it('app.use(corsMw) where const corsMw = cors(opts): mounted globally, so it answers every preflight', () => {
      const code = `import express from 'express';
import cors, { CorsOptions } from 'cors';

const corsOptions: CorsOptions = { origin: 'https://app.example.com', credentials: true };
const corsMw = cors(corsOptions);

const app = express();
app.use(corsMw);
app.put('/api/me', express.json(), (req, res) => res.json(req.body));

export default app;
`;
      assert.deepEqual(one('app.ts', code), [corsMw({ origin: ['fixed:https://app.example.com'], credentials: true, preflight: 'answered' })]);
    });

    it('one middleware variable shared by a simple GET route and a preflighted PUT route', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
const corsMw = cors({ origin: 'https://app.example.com' });

app.get('/api/items', corsMw, (req, res) => res.json([]));
app.put('/api/items/:id', corsMw, (req, res) => res.sendStatus(204));
`;
      assert.deepEqual(one('app.js', code), [
        corsMw({ route: 'GET /api/items', origin: ['fixed:https://app.example.com'], preflight: 'unanswered', triggers: [] }),
        corsMw({
          route: 'PUT /api/items/:id',
          origin: ['fixed:https://app.example.com'],
          preflight: 'unanswered',
          triggers: ['the route accepts PUT requests'],
        }),
      ]);
    });
  });

  describe('options imported from other files', () => {
    it('named ESM export from a TypeScript config module, allowlist built from a constant', () => {
      const files = {
        'src/config/cors.ts': `import type { CorsOptions } from 'cors';

const allowed = ['https://app.example.com', 'https://admin.example.com'];

export const corsOptions: CorsOptions = {
  origin: allowed,
  credentials: true,
};
`,
        'src/app.ts': `import express from 'express';
import cors from 'cors';
import { corsOptions } from './config/cors';

const app = express();
app.use(cors(corsOptions));

export default app;
`,
      };
      assert.deepEqual(policies(files, 'src/app.ts', ['matchers']), [
        corsMw({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'] }),
      ]);
    });

    it('module.exports options required from CommonJS, origin from the environment', () => {
      const files = {
        'config/cors.js': `module.exports = {
  origin: process.env.FRONTEND_URL,
  methods: 'GET,POST',
};
`,
        'server.js': `const express = require('express');
const cors = require('cors');
const corsConfig = require('./config/cors');

const app = express();
app.use(cors(corsConfig));
app.listen(3000);
`,
      };
      assert.deepEqual(policies(files, 'server.js', ['methods']), [corsMw({ origin: ['unknown'], methods: ['GET', 'POST'] })]);
    });

    it('a default export of options, and an allowlist imported from an env module', () => {
      const files = {
        'config/cors-options.js': `export default { origin: true, credentials: true };
`,
        'config/env.js': `exports.ALLOWED_ORIGINS = process.env.ALLOWED_ORIGINS.split(',').map((o) => o.trim());
`,
        'app.js': `import express from 'express';
import cors from 'cors';
import openCors from './config/cors-options';
const { ALLOWED_ORIGINS } = require('./config/env');

const app = express();
app.use('/open', cors(openCors));
app.use('/api', cors({ origin: ALLOWED_ORIGINS }));
`,
      };
      assert.deepEqual(policies(files, 'app.js', ['matchers']), [
        corsMw({ origin: ['reflect:always'], credentials: true, vary: true, matchers: [] }),
        corsMw({ origin: ['reflect:checked'], vary: true, matchers: ['trusted'] }),
      ]);
    });

    it('per-route cors with imported options on a PUT route, no OPTIONS answer', () => {
      const files = {
        'lib/cors-options.ts': `export const uploadCors = { origin: 'https://app.example.com', maxAge: 3600 };
`,
        'lib/app.ts': `import express from 'express';
import cors from 'cors';
import { uploadCors } from './cors-options';

const app = express();
app.put('/uploads/:name', cors(uploadCors), (req, res) => res.sendStatus(201));
export default app;
`,
      };
      assert.deepEqual(policies(files, 'lib/app.ts', ['maxAge']), [
        corsMw({
          route: 'PUT /uploads/:name',
          origin: ['fixed:https://app.example.com'],
          preflight: 'unanswered',
          triggers: ['the route accepts PUT requests'],
          maxAge: 3600,
        }),
      ]);
    });
  });

  describe('routes and preflight', () => {
    it('per-route cors: PUT unanswered, GET simple, and an app.options route answers its own path', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
const corsOptions = { origin: 'https://app.example.com' };

app.get('/api/notes', cors(corsOptions), (req, res) => res.json([]));
app.options('/api/notes/:id', cors(corsOptions));
app.put('/api/notes/:id', cors(corsOptions), (req, res) => res.sendStatus(204));
app.delete('/api/tags/:id', cors(corsOptions), (req, res) => res.sendStatus(204));
`;
      const fixed = ['fixed:https://app.example.com' as const];
      assert.deepEqual(one('app.js', code), [
        corsMw({ route: 'GET /api/notes', origin: fixed, preflight: 'unanswered', triggers: [] }),
        corsMw({ origin: fixed }),
        corsMw({ route: 'PUT /api/notes/:id', origin: fixed, preflight: 'answered' }),
        corsMw({ route: 'DELETE /api/tags/:id', origin: fixed, preflight: 'unanswered', triggers: ['the route accepts DELETE requests'] }),
      ]);
    });

    it('app.all(path, cors()) answers OPTIONS for that path', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.all('/api/bookmarks', cors({ origin: 'https://app.example.com' }));
app.put('/api/bookmarks', cors({ origin: 'https://app.example.com' }), (req, res) => res.sendStatus(204));
`;
      const fixed = ['fixed:https://app.example.com' as const];
      assert.deepEqual(one('app.js', code), [
        corsMw({ origin: fixed }),
        corsMw({ route: 'PUT /api/bookmarks', origin: fixed, preflight: 'answered' }),
      ]);
    });

    it('preflight triggers: a global JSON parser, allowedHeaders with Authorization, a custom header read', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
app.use(express.json());

app.post('/api/orders', cors({ origin: 'https://shop.example.com' }), (req, res) => res.status(201).json(req.body));
app.get(
  '/api/me',
  cors({ origin: 'https://shop.example.com', allowedHeaders: ['Authorization'] }),
  (req, res) => res.json({ tenant: req.get('X-Tenant-Id') }),
);
`;
      const fixed = ['fixed:https://shop.example.com' as const];
      assert.deepEqual(one('app.js', code), [
        corsMw({ route: 'POST /api/orders', origin: fixed, preflight: 'unanswered', triggers: ['the app parses JSON request bodies'] }),
        corsMw({
          route: 'GET /api/me',
          origin: fixed,
          preflight: 'unanswered',
          triggers: ['allowedHeaders lists Authorization', 'the handler reads the X-Tenant-Id request header'],
        }),
      ]);
    });

    it('an exported express.Router(): how it is mounted is unknown here', () => {
      const code = `const express = require('express');
const cors = require('cors');

const router = express.Router();
router.put('/:id', cors({ origin: 'https://app.example.com' }), (req, res) => res.sendStatus(204));

module.exports = router;
`;
      assert.deepEqual(one('routes/items.js', code), [
        corsMw({ route: 'PUT /:id', origin: ['fixed:https://app.example.com'], preflight: 'unknown' }),
      ]);
    });

    it('a Router created and mounted in the file that creates the app: nothing answers OPTIONS', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
const api = express.Router();

api.put('/todos/:id', cors({ origin: 'https://app.example.com' }), (req, res) => res.sendStatus(204));

app.use('/api', api);
app.listen(3000);
`;
      assert.deepEqual(one('app.js', code), [
        corsMw({ route: 'PUT /api/todos/:id', origin: ['fixed:https://app.example.com'], preflight: 'unanswered', triggers: ['the route accepts PUT requests'] }),
      ]);
    });

    it('router.route(path).options(cors()).put(cors(), h): the chained route keeps its path and is answered', () => {
      const code = `const express = require('express');
const cors = require('cors');

const app = express();
const corsOptions = { origin: 'https://app.example.com' };

app
  .route('/albums/:id')
  .options(cors(corsOptions))
  .put(cors(corsOptions), (req, res) => res.sendStatus(204));

app.listen(3000);
`;
      const fixed = ['fixed:https://app.example.com' as const];
      assert.deepEqual(one('app.js', code), [
        corsMw({ origin: fixed }),
        corsMw({ route: 'PUT /albums/:id', origin: fixed, preflight: 'answered' }),
      ]);
    });
  });

  describe('hand-written headers', () => {
    it('a global middleware with an allowlist, credentials and res.vary: Express answers OPTIONS after it ran', () => {
      const code = `const express = require('express');

const app = express();
const ALLOWED = new Set(['https://app.example.com', 'https://admin.example.com']);

app.use((req, res, next) => {
  const origin = req.headers.origin;
  res.vary('Origin');
  if (ALLOWED.has(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
  }
  next();
});
`;
      assert.deepEqual(one('app.js', code, ['matchers', 'methods']), [
        handler({
          origin: ['reflect:checked'],
          credentials: true,
          vary: true,
          matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'],
          methods: ['GET', 'PUT'],
        }),
      ]);
    });

    it('an inline middleware on a PUT route only: the preflight never reaches it', () => {
      const code = `const express = require('express');

const app = express();
app.put(
  '/api/avatar',
  (req, res, next) => {
    res.set('Access-Control-Allow-Origin', 'https://app.example.com');
    next();
  },
  (req, res) => res.sendStatus(204),
);
`;
      assert.deepEqual(one('app.js', code), [
        handler({ route: 'PUT /api/avatar', origin: ['fixed:https://app.example.com'], preflight: 'unanswered', triggers: ['the route accepts PUT requests'] }),
      ]);
    });

    it('a named middleware function on a PUT route only, even with an OPTIONS branch (dead on a PUT route)', () => {
      const code = `import express, { NextFunction, Request, Response } from 'express';

const app = express();

function allowApp(req: Request, res: Response, next: NextFunction) {
  res.header('Access-Control-Allow-Origin', 'https://app.example.com');
  if (req.method === 'OPTIONS') return res.sendStatus(204);
  next();
}

app.put('/api/settings', allowApp, (req: Request, res: Response) => res.sendStatus(204));
export default app;
`;
      assert.deepEqual(one('app.ts', code), [
        handler({ route: 'PUT /api/settings', origin: ['fixed:https://app.example.com'], preflight: 'unanswered', triggers: ['the route accepts PUT requests'] }),
      ]);
    });

    it('a helper that writes the headers: the helper alone (origin unknown) and the middleware calling it with the Origin', () => {
      const code = `const express = require('express');

const app = express();

function setCorsHeaders(res, origin) {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
}

app.use((req, res, next) => {
  setCorsHeaders(res, req.headers.origin);
  next();
});
`;
      assert.deepEqual(one('app.js', code), [
        handler({ origin: ['unknown'], credentials: true, preflight: 'unknown' }),
        handler({ origin: ['reflect:always'], credentials: true, vary: false }),
      ]);
    });

    it('a later Vary write without Origin replaces the earlier res.vary("Origin")', () => {
      const code = `const express = require('express');

const app = express();
const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

app.use((req, res, next) => {
  const origin = req.get('origin');
  if (ALLOWED.includes(origin)) {
    res.vary('Origin');
    res.header('Access-Control-Allow-Origin', origin);
  }
  res.setHeader('Vary', 'Accept-Encoding');
  next();
});
`;
      assert.deepEqual(one('app.js', code, ['fixes']), [
        handler({ origin: ['reflect:checked'], vary: false, fixes: ["addVaryOrigin: Add 'Origin' to the Vary header"] }),
      ]);
    });

    it('one of several allowlisted constants picked by the Origin varies too', () => {
      const code = `import express from 'express';

const app = express();
const TRUSTED = ['https://app.example.com', 'https://partner.example.org'];

app.get('/api/catalog', (req, res) => {
  const allowOrigin = TRUSTED.find((o) => o === req.headers.origin);
  if (allowOrigin) res.set('Access-Control-Allow-Origin', allowOrigin);
  res.json([]);
});
export default app;
`;
      assert.deepEqual(one('app.ts', code), [
        handler({
          route: 'GET /api/catalog',
          origin: ['fixed:https://app.example.com', 'fixed:https://partner.example.org'],
          preflight: 'unanswered',
          vary: false,
        }),
      ]);
    });

    it('http.createServer: allowlist reflection with Vary, PUT dispatched and no OPTIONS branch', () => {
      const code = `const http = require('node:http');

const ALLOWED = new Set(['https://app.example.com']);

http
  .createServer((req, res) => {
    const origin = req.headers.origin;
    if (ALLOWED.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'PUT') {
      res.writeHead(204);
      return res.end();
    }
    res.end('ok');
  })
  .listen(8080);
`;
      assert.deepEqual(one('server.js', code, ['matchers']), [
        server({
          origin: ['reflect:checked'],
          credentials: true,
          preflight: 'unanswered',
          vary: true,
          route: 'PUT',
          triggers: ['the handler accepts PUT requests'],
          matchers: ['equals:https://app.example.com'],
        }),
      ]);
    });

    it('http.createServer with a switch that answers OPTIONS, headers in writeHead objects', () => {
      const code = `import { createServer } from 'node:http';

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': 'https://app.example.com',
  'Access-Control-Allow-Methods': 'GET, DELETE',
};

createServer((req, res) => {
  switch (req.method) {
    case 'OPTIONS':
      res.writeHead(204, CORS_HEADERS);
      return res.end();
    case 'DELETE':
      res.writeHead(204, CORS_HEADERS);
      return res.end();
    default:
      res.writeHead(405, CORS_HEADERS);
      res.end();
  }
}).listen(8080);
`;
      assert.deepEqual(one('server.ts', code, ['methods']), [
        server({
          origin: ['fixed:https://app.example.com'],
          preflight: 'answered',
          route: 'DELETE',
          methods: ['GET', 'DELETE'],
        }),
      ]);
    });

    it('http.createServer echoing the Origin unchecked; the `|| "*"` fallback only serves requests without an Origin', () => {
      const code = `const http = require('http');

http
  .createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
    res.end(JSON.stringify({ ok: true }));
  })
  .listen(8080);
`;
      assert.deepEqual(one('server.js', code), [server({ origin: ['reflect:always'], vary: false })]);
    });
  });
});
