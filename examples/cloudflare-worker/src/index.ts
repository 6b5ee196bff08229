// A Cloudflare Worker serving notes to the web app, with the session cookie.
import { corsHeaders } from './cors';

export interface Env {
  NOTES: KVNamespace;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);

    if (url.pathname === '/api/notes' && request.method === 'GET') {
      const notes = await env.NOTES.get('all');
      return new Response(notes ?? '[]', { headers: { 'Content-Type': 'application/json', ...corsHeaders(request) } });
    }

    // The editor saves with PUT: browsers preflight it, and this Worker sends OPTIONS to the 405 below.
    if (url.pathname === '/api/notes' && request.method === 'PUT') {
      await env.NOTES.put('all', await request.text());
      return new Response(null, { status: 204, headers: corsHeaders(request) });
    }

    // The public profile widget, embedded on users' own sites: echoes the caller, cookies included, no Vary.
    if (url.pathname === '/api/profile' && request.method === 'GET') {
      const origin = request.headers.get('Origin');
      const profile = await env.NOTES.get('profile');
      return new Response(profile, {
        headers: { 'Access-Control-Allow-Origin': origin ?? '*', 'Access-Control-Allow-Credentials': 'true' },
      });
    }

    return new Response('Method Not Allowed', { status: 405 });
  },
};
