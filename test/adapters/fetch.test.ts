// The fetch-style adapter (Cloudflare Workers, Deno, Bun, service workers, any Request -> Response code). None of
// these platforms answers OPTIONS, so an entry point's own OPTIONS path decides the preflight (a 405 or a 2xx
// without Access-Control-Allow-Origin fails it); functions no entry reaches stay unknown.
import * as assert from 'node:assert/strict';
import { describeTree as policies, describeSingleFile as one, expectPolicy } from '../helpers/describe-policy';

const handler = expectPolicy({ framework: 'fetch', label: 'This fetch handler', origin: [], preflight: 'unknown' });

describe('fetch adapter', () => {
  it('a Worker that reflects the Origin with credentials and rejects OPTIONS with 405', () => {
    const code = `export interface Env { DB: D1Database }

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const origin = request.headers.get('Origin');
    const headers = new Headers({ 'Content-Type': 'application/json' });
    headers.set('Access-Control-Allow-Origin', origin ?? '*');
    headers.set('Access-Control-Allow-Credentials', 'true');
    if (request.method !== 'GET' && request.method !== 'PUT') {
      return new Response('Method Not Allowed', { status: 405 });
    }
    return new Response(JSON.stringify({ ok: true }), { headers });
  },
} satisfies ExportedHandler<Env>;
`;
    assert.deepEqual(one('src/index.ts', code, ['fixes']), [
      handler({
        route: 'PUT',
        origin: ['reflect:always'],
        credentials: true,
        preflight: 'unanswered',
        vary: false,
        triggers: ['the handler accepts PUT requests'],
        fixes: [
          'addVaryOrigin: Add Vary: Origin',
          'restrictOrigins: Echo the Origin only for origins listed in CORS_ALLOWED_ORIGINS',
          'dropCredentials: Stop allowing credentials',
          'answerPreflight: Answer the OPTIONS preflight with 204 and these CORS headers',
        ],
      }),
    ]);
  });

  it("Cloudflare's CORS proxy example: OPTIONS handed to handleOptions, Vary appended", () => {
    const code = `const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,HEAD,POST,OPTIONS',
  'Access-Control-Max-Age': '86400',
};

async function handleRequest(request) {
  const url = new URL(request.url);
  let response = await fetch(url.searchParams.get('apiurl'), request);
  response = new Response(response.body, response);
  response.headers.set('Access-Control-Allow-Origin', url.origin);
  response.headers.append('Vary', 'Origin');
  return response;
}

async function handleOptions(request) {
  if (request.headers.get('Origin') !== null && request.headers.get('Access-Control-Request-Method') !== null) {
    return new Response(null, { headers: { ...corsHeaders, 'Access-Control-Allow-Headers': request.headers.get('Access-Control-Request-Headers') } });
  }
  return new Response(null, { headers: { Allow: 'GET, HEAD, POST, OPTIONS' } });
}

export default {
  async fetch(request) {
    if (request.method === 'OPTIONS') return handleOptions(request);
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'POST') return handleRequest(request);
    return new Response(null, { status: 405, statusText: 'Method Not Allowed' });
  },
};
`;
    assert.deepEqual(one('worker.js', code, ['maxAge']), [
      // The entry with everything it hands the request to (its site: the first Access-Control-Allow-Origin it
      // sends, in corsHeaders), and handleRequest on its own (its `headers.set` calls are plain header writes).
      handler({ origin: ['wildcard', 'unknown'], preflight: 'answered', maxAge: 86400 }),
      handler({ origin: ['unknown'], maxAge: null }),
    ]);
  });

  it('a service worker listener hands the request to a handler with an OPTIONS branch', () => {
    const code = `const ALLOWED = new Set(['https://app.example.com']);

async function handle(request) {
  const origin = request.headers.get('origin');
  const cors = ALLOWED.has(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
  if (request.method === 'OPTIONS') {
    return new Response(null, { status: 204, headers: { ...cors, 'Access-Control-Allow-Methods': 'GET, DELETE' } });
  }
  if (request.method === 'DELETE') {
    return new Response(null, { status: 204, headers: cors });
  }
  return new Response('hello', { headers: cors });
}

addEventListener('fetch', (event) => {
  event.respondWith(handle(event.request));
});
`;
    assert.deepEqual(one('sw.js', code, ['matchers']), [
      // The same allowlist on each of the three responses.
      handler({ route: 'DELETE', origin: ['reflect:checked'], preflight: 'answered', vary: true, matchers: Array(3).fill('equals:https://app.example.com') }),
    ]);
  });

  it('Deno.serve and Bun.serve handlers without an OPTIONS branch, headers read from a shared module', () => {
    const files = {
      'cors.ts': `export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': 'https://app.example.com',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
};
`,
      'deno.ts': `import { CORS_HEADERS } from './cors.ts';

Deno.serve({ port: 8000 }, async (req: Request) => {
  if (req.method !== 'POST') return new Response('Not found', { status: 404 });
  const token = req.headers.get('Authorization');
  return Response.json({ token: Boolean(token) }, { headers: CORS_HEADERS });
});
`,
      'bun.ts': `import { CORS_HEADERS } from './cors';

Bun.serve({
  port: 3000,
  fetch(req) {
    return new Response('ok', { headers: CORS_HEADERS });
  },
});
`,
    };
    assert.deepEqual(policies(files, 'deno.ts'), [
      handler({
        origin: ['fixed:https://app.example.com'],
        preflight: 'unanswered',
        triggers: ['the handler reads the Authorization request header', 'Access-Control-Allow-Headers lists Authorization, Content-Type'],
      }),
    ]);
    assert.deepEqual(policies(files, 'bun.ts'), [handler({ origin: ['fixed:https://app.example.com'], preflight: 'answered' })]);
  });

  it('a response helper: its writes count in every handler that calls it, its own status decides OPTIONS', () => {
    const code = `const json = (data: unknown, status = 200) =>
  new Response(JSON.stringify(data), {
    status,
    headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
  });

export default {
  async fetch(request: Request) {
    switch (request.method) {
      case 'GET':
        return json({ items: [] });
      case 'PATCH':
        return json({ ok: true });
      default:
        return json({ error: 'method not allowed' }, 405);
    }
  },
};
`;
    assert.deepEqual(one('index.ts', code), [handler({ route: 'PATCH', origin: ['wildcard'], preflight: 'unanswered', triggers: ['the handler accepts PATCH requests'] })]);
  });

  it('a header-building helper with an allowlist check keeps the check (not every origin)', () => {
    const code = `const ALLOWED_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

function corsHeaders(origin: string | null): HeadersInit {
  if (origin !== null && ALLOWED_ORIGINS.includes(origin)) {
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', 'Vary': 'Origin' };
  }
  return { 'Vary': 'Origin' };
}

export default async function handler(request: Request): Promise<Response> {
  return new Response('ok', { headers: corsHeaders(request.headers.get('Origin')) });
}
`;
    assert.deepEqual(one('netlify/functions/hello.ts', code, ['matchers']), [
      handler({ origin: ['reflect:checked'], credentials: true, preflight: 'answered', vary: true, matchers: ['equals:https://app.example.com', 'equals:https://admin.example.com'] }),
    ]);
  });

  it('a function no platform entry reaches: its preflight is unknown', () => {
    const code = `export function withCors(response: Response, origin: string | null): Response {
  response.headers.set('Access-Control-Allow-Origin', origin ?? '');
  return response;
}

export async function loader({ request }: { request: Request }) {
  return new Response('data', { headers: { 'Access-Control-Allow-Origin': request.headers.get('origin') ?? '', 'Access-Control-Allow-Credentials': 'true' } });
}
`;
    assert.deepEqual(one('app/routes/data.ts', code), [
      handler({ origin: ['unknown', 'none'] }),
      // `?? ''` only applies without an Origin header, which no CORS request lacks.
      handler({ origin: ['reflect:always'], credentials: true, vary: false }),
    ]);
  });

  it('headers copied in a loop from a constant are read like the constant', () => {
    const code = `const CORS = { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Vary': 'Origin' };

export default {
  fetch(request) {
    const response = new Response('ok');
    for (const [key, value] of Object.entries(CORS)) response.headers.set(key, value);
    return response;
  },
};
`;
    assert.deepEqual(one('worker.js', code), [handler({ origin: ['fixed:https://app.example.com'], preflight: 'answered' })]);
  });

  it('a route registered on a router is left to that router\'s adapter', () => {
    const code = `import { Hono } from 'hono';

const app = new Hono();
app.get('/x', (c) => new Response('ok', { headers: { 'Access-Control-Allow-Origin': '*' } }));

export default app;
`;
    assert.deepEqual(one('src/index.ts', code).filter((p) => p.framework === 'fetch'), []);
  });
});
