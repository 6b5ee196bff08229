// Orders API for the storefront at https://shop.example.com (a separate origin).
import { NextResponse } from 'next/server';
import { corsHeaders } from '../../../lib/cors';

export async function GET() {
  const orders = [{ id: 1, total: 42 }];
  return NextResponse.json(orders, { headers: corsHeaders });
}

// The storefront POSTs JSON (`Content-Type: application/json`), so browsers preflight it, and this file exports
// no OPTIONS: Next.js answers the preflight itself with only an Allow header.
export async function POST(request: Request) {
  const order = await request.json();
  return NextResponse.json({ id: 2, ...order }, { status: 201, headers: corsHeaders });
}
