// The Next.js / Vercel adapter: route handlers, pages API routes, Vercel functions, middleware and next.config
// headers(), written into small project trees (the adapter reads paths and neighbouring files). Expectations
// follow Next.js itself: the automatic OPTIONS of route handlers (route-modules/app-route/helpers/
// auto-implement-methods.ts: 204 + Allow, nothing else), the pages API resolver (no automatic OPTIONS), middleware
// running for every method, and header rules with `has` captures (shared/lib/router/utils/prepare-destination.ts).
import * as assert from 'node:assert/strict';
import { describeTree as policies, expectPolicy } from '../helpers/describe-policy';

const route = expectPolicy({ framework: 'Next.js', label: 'This route handler', origin: [], preflight: 'unanswered' });

const apiRoute = expectPolicy({ framework: 'Next.js', label: 'This API route', origin: [], preflight: 'answered' });

const SHARED_HEADERS = `import { NextResponse } from 'next/server';

const corsHeaders = {
  'Access-Control-Allow-Origin': 'https://app.example.com',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
};
`;

describe('nextjs adapter', () => {
  describe('app-router route handlers', () => {
    it('a route file with CORS headers and no OPTIONS export: Next answers the preflight with only Allow', () => {
      const code = `${SHARED_HEADERS}
export async function GET() {
  return NextResponse.json({ items: [] }, { headers: corsHeaders });
}

export async function PUT(request: Request) {
  const item = await request.json();
  return new Response(JSON.stringify(item), { status: 200, headers: corsHeaders });
}
`;
      const triggers = ['Access-Control-Allow-Methods lists PUT', 'Access-Control-Allow-Headers lists Content-Type, Authorization'];
      assert.deepEqual(policies({ 'app/api/items/route.ts': code }, 'app/api/items/route.ts', ['fixes']), [
        // A GET is preflighted for its Authorization header, not because the headers list PUT.
        route({ route: 'GET /api/items', origin: ['fixed:https://app.example.com'], triggers: triggers.slice(1), fixes: ['answerPreflight: Answer the preflight: export an OPTIONS handler with these CORS headers'] }),
        route({
          route: 'PUT /api/items',
          origin: ['fixed:https://app.example.com'],
          triggers: ['the route accepts PUT requests', 'the handler reads a JSON request body', ...triggers],
          fixes: ['answerPreflight: Answer the preflight: export an OPTIONS handler with these CORS headers'],
        }),
      ]);
    });

    it('an OPTIONS export returning the same headers answers every preflight of the file', () => {
      const code = `${SHARED_HEADERS}
export async function OPTIONS() {
  return new Response(null, { status: 204, headers: corsHeaders });
}

export async function PUT(request: Request) {
  return NextResponse.json(await request.json(), { headers: corsHeaders });
}
`;
      assert.deepEqual(policies({ 'src/app/api/items/[id]/route.ts': code }, 'src/app/api/items/[id]/route.ts'), [
        route({ route: 'OPTIONS /api/items/[id]', origin: ['fixed:https://app.example.com'], preflight: 'answered' }),
        route({ route: 'PUT /api/items/[id]', origin: ['fixed:https://app.example.com'], preflight: 'answered' }),
      ]);
    });

    it('an OPTIONS export that answers without Access-Control-Allow-Origin fails the preflight all the same', () => {
      const code = `${SHARED_HEADERS}
export function OPTIONS() {
  return new Response(null, { status: 204 });
}

export async function DELETE() {
  return new Response(null, { status: 204, headers: corsHeaders });
}
`;
      const [policy] = policies({ 'app/(admin)/api/items/route.ts': code }, 'app/(admin)/api/items/route.ts', ['fixes']);
      assert.equal(policy?.route, 'DELETE /api/items');
      assert.equal(policy?.preflight, 'unanswered');
      // A second OPTIONS export would not compile: no fix is offered.
      assert.deepEqual(policy?.fixes, []);
    });

    it('a middleware that sends CORS headers may answer or decorate the preflight: unknown', () => {
      const files = {
        'app/api/items/route.ts': `${SHARED_HEADERS}
export async function PUT(request: Request) {
  return NextResponse.json(await request.json(), { headers: corsHeaders });
}
`,
        'middleware.ts': `import { NextResponse, type NextRequest } from 'next/server';

export function middleware(request: NextRequest) {
  const response = NextResponse.next();
  response.headers.set('Access-Control-Allow-Origin', 'https://app.example.com');
  return response;
}
`,
      };
      assert.deepEqual(policies(files, 'app/api/items/route.ts'), [route({ route: 'PUT /api/items', origin: ['fixed:https://app.example.com'], preflight: 'unknown' })]);
    });

    it('next.config.js header rules reach Next\'s own OPTIONS answer: unknown', () => {
      const files = {
        'src/app/api/items/route.ts': `${SHARED_HEADERS}
export async function PATCH() {
  return NextResponse.json({ ok: true }, { headers: corsHeaders });
}
`,
        'next.config.js': `module.exports = {
  async headers() {
    return [{ source: '/api/:path*', headers: [{ key: 'Access-Control-Allow-Origin', value: 'https://app.example.com' }] }];
  },
};
`,
      };
      assert.deepEqual(policies(files, 'src/app/api/items/route.ts'), [route({ route: 'PATCH /api/items', origin: ['fixed:https://app.example.com'], preflight: 'unknown' })]);
    });

    it('an allowlist from the environment, reflected with Vary through response.headers.set', () => {
      const code = `import { NextResponse, type NextRequest } from 'next/server';

const allowed = (process.env.ALLOWED_ORIGINS ?? '').split(',');

export const GET = async (request: NextRequest) => {
  const origin = request.headers.get('origin') ?? '';
  const response = NextResponse.json({ ok: true });
  if (allowed.includes(origin)) {
    response.headers.set('Access-Control-Allow-Origin', origin);
    response.headers.set('Access-Control-Allow-Credentials', 'true');
  }
  response.headers.append('Vary', 'Origin');
  return response;
};
`;
      assert.deepEqual(policies({ 'app/api/me/route.ts': code }, 'app/api/me/route.ts', ['matchers']), [
        route({ route: 'GET /api/me', origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['trusted', 'equals:'] }),
      ]);
    });

    it('headers built by a helper in another file, with its allowlist check, followed across the import', () => {
      const files = {
        'lib/cors.ts': `const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

export function corsHeaders(origin: string | null): Record<string, string> {
  if (origin && ALLOWED.includes(origin)) {
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
  }
  return {};
}
`,
        'app/api/session/route.ts': `import { corsHeaders } from '../../../lib/cors';

export async function GET(request: Request) {
  return Response.json({ user: null }, { headers: corsHeaders(request.headers.get('origin')) });
}
`,
      };
      assert.deepEqual(policies(files, 'app/api/session/route.ts', ['matchers']), [
        route({ route: 'GET /api/session', origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'] }),
      ]);
    });

    it('one handler exported under two method names, and a route without CORS headers yields nothing', () => {
      const code = `async function handler(request: Request) {
  return new Response('ok', { headers: { 'Access-Control-Allow-Origin': '*' } });
}

export { handler as GET, handler as POST };
`;
      assert.deepEqual(policies({ 'app/ping/route.js': code }, 'app/ping/route.js'), [
        route({ route: 'GET /ping', origin: ['wildcard'] }),
        route({ route: 'POST /ping', origin: ['wildcard'] }),
      ]);
      assert.deepEqual(policies({ 'app/health/route.ts': `export function GET() { return Response.json({ ok: true, origin: 'n/a' }) }\n` }, 'app/health/route.ts'), []);
    });
  });

  describe('pages API routes and Vercel functions', () => {
    it("the Next.js docs' switch on req.method: OPTIONS falls into the 405 default", () => {
      const code = `import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
  res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
  switch (req.method) {
    case 'GET':
      return res.status(200).json({ name: 'Ada' });
    case 'PUT':
      return res.status(200).json({ ok: true });
    default:
      res.setHeader('Allow', ['GET', 'PUT']);
      res.status(405).end(\`Method \${req.method} Not Allowed\`);
  }
}
`;
      assert.deepEqual(policies({ 'pages/api/user.ts': code }, 'pages/api/user.ts', ['fixes']), [
        apiRoute({
          route: 'GET/PUT /api/user',
          origin: ['fixed:https://app.example.com'],
          preflight: 'unanswered',
          triggers: ['the handler accepts PUT requests', 'Access-Control-Allow-Methods lists PUT'],
          fixes: ['answerPreflight: Answer the OPTIONS preflight with 204 and these headers'],
        }),
      ]);
    });

    it('an OPTIONS branch answers; a handler that ignores the method answers too (every method runs it)', () => {
      const withBranch = `export default function handler(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  if (req.method === 'OPTIONS') {
    return res.status(204).end();
  }
  if (req.method === 'DELETE') {
    return res.status(200).json({ deleted: true });
  }
  res.status(405).end();
}
`;
      assert.deepEqual(policies({ 'src/pages/api/items/[id].js': withBranch }, 'src/pages/api/items/[id].js'), [
        apiRoute({ route: 'DELETE /api/items/[id]', origin: ['reflect:always'], credentials: true, vary: false }),
      ]);
      const agnostic = `export default async function handler(req, res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.json({ time: Date.now() });
}
`;
      assert.deepEqual(policies({ 'pages/api/time/index.js': agnostic }, 'pages/api/time/index.js'), [apiRoute({ origin: ['wildcard'] })]);
    });

    it("Vercel's allowCors wrapper: a literal * with credentials, answered by the wrapper", () => {
      const code = `const allowCors = (fn) => async (req, res) => {
  res.setHeader('Access-Control-Allow-Credentials', true);
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET,OPTIONS,PATCH,DELETE,POST,PUT');
  if (req.method === 'OPTIONS') {
    res.status(200).end();
    return;
  }
  return await fn(req, res);
};

const handler = (req, res) => {
  res.json({ date: new Date().toString() });
};

module.exports = allowCors(handler);
`;
      assert.deepEqual(policies({ 'api/date.js': code }, 'api/date.js'), [apiRoute({ framework: 'Vercel', origin: ['wildcard'], credentials: true })]);
    });

    it('an Express router in an api/ folder stays the Express reading', () => {
      const code = `const express = require('express');
const router = express.Router();

router.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
});

module.exports = router;
`;
      const found = policies({ 'api/users.js': code }, 'api/users.js');
      assert.deepEqual(found.map((p) => p.framework), ['express']);
    });
  });

  describe('middleware', () => {
    it("the Next.js docs' CORS middleware: answers OPTIONS itself, allowlisted, but no Vary: Origin", () => {
      const code = `import { NextRequest, NextResponse } from 'next/server';

const allowedOrigins = ['https://acme.com', 'https://my-app.org'];

const corsOptions = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
};

export function middleware(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const isAllowedOrigin = allowedOrigins.includes(origin);
  const isPreflight = request.method === 'OPTIONS';

  if (isPreflight) {
    const preflightHeaders = {
      ...(isAllowedOrigin && { 'Access-Control-Allow-Origin': origin }),
      ...corsOptions,
    };
    return NextResponse.json({}, { headers: preflightHeaders });
  }

  const response = NextResponse.next();
  if (isAllowedOrigin) {
    response.headers.set('Access-Control-Allow-Origin', origin);
  }
  Object.entries(corsOptions).forEach(([key, value]) => {
    response.headers.set(key, value);
  });
  return response;
}

export const config = {
  matcher: '/api/:path*',
};
`;
      assert.deepEqual(policies({ 'middleware.ts': code }, 'middleware.ts', ['matchers', 'methods']), [
        {
          framework: 'Next.js',
          label: 'This middleware',
          origin: ['reflect:checked'],
          credentials: false,
          preflight: 'answered',
          vary: false,
          triggers: [],
          // One grant for the preflight answer, one for the other responses: the same allowlist.
          matchers: ['equals:https://acme.com', 'equals:https://my-app.org', 'equals:https://acme.com', 'equals:https://my-app.org'],
          methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
        },
      ]);
    });

    it('a plain middleware.ts without next/server is not Next.js middleware', () => {
      const code = `export function middleware(req, res, next) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
}
`;
      assert.deepEqual(policies({ 'middleware.ts': code }, 'middleware.ts').map((p) => p.framework), ['express']);
    });
  });

  describe('next.config headers()', () => {
    it('a literal * with credentials in a header rule', () => {
      const code = `/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [
      {
        source: '/api/:path*',
        headers: [
          { key: 'Access-Control-Allow-Credentials', value: 'true' },
          { key: 'Access-Control-Allow-Origin', value: '*' },
          { key: 'Access-Control-Allow-Methods', value: 'GET,OPTIONS,PATCH,DELETE,POST,PUT' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
`;
      assert.deepEqual(policies({ 'next.config.js': code }, 'next.config.js', ['methods', 'fixes']), [
        {
          framework: 'Next.js',
          label: 'This headers() rule',
          origin: ['wildcard'],
          credentials: true,
          preflight: 'unknown',
          vary: 'n/a',
          triggers: [],
          methods: ['GET', 'OPTIONS', 'PATCH', 'DELETE', 'POST', 'PUT'],
          fixes: ['dropCredentials: Stop allowing credentials'],
        },
      ]);
    });

    it('a has capture of the Origin header echoes it: unchecked without a value, checked by the anchored regex with one', () => {
      const code = `import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  async headers() {
    return [
      {
        source: '/api/public/:path*',
        has: [{ type: 'header', key: 'Origin' }],
        headers: [{ key: 'Access-Control-Allow-Origin', value: ':origin' }],
      },
      {
        source: '/api/:path*',
        has: [{ type: 'header', key: 'origin', value: '(?<origin>https://.*\\\\.example\\\\.com)' }],
        headers: [
          { key: 'Access-Control-Allow-Origin', value: ':origin' },
          { key: 'Access-Control-Allow-Credentials', value: 'true' },
          { key: 'Vary', value: 'Origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
`;
      const base = { framework: 'Next.js', label: 'This headers() rule', preflight: 'unknown' as const, triggers: [] };
      assert.deepEqual(policies({ 'next.config.ts': code }, 'next.config.ts', ['matchers', 'fixes']), [
        { ...base, origin: ['reflect:always'], credentials: false, vary: 'unknown', matchers: [], fixes: [] },
        { ...base, origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['regex:^(?<origin>https://.*\\.example\\.com)$/'], fixes: ['dropCredentials: Stop allowing credentials'] },
      ]);
    });

    it('a config wrapped in a plugin is still read', () => {
      const code = `const withBundleAnalyzer = require('@next/bundle-analyzer')({ enabled: process.env.ANALYZE === 'true' });

module.exports = withBundleAnalyzer({
  async headers() {
    return [{ source: '/:path*', headers: [{ key: 'Access-Control-Allow-Origin', value: 'https://app.example.com' }] }];
  },
});
`;
      assert.deepEqual(policies({ 'next.config.js': code }, 'next.config.js').map((p) => p.origin), [['fixed:https://app.example.com']]);
    });
  });
});
