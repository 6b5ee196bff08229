// Partner widgets under /widgets/* may be embedded by any subdomain of partner.example.
import { NextResponse, type NextRequest } from 'next/server';

export function middleware(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const response = NextResponse.next();
  if (origin.endsWith('partner.example')) {
    response.headers.set('Access-Control-Allow-Origin', origin);
  }
  return response;
}

export const config = { matcher: '/widgets/:path*' };
