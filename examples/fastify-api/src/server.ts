// A small shop API on Fastify with the CORS mistakes cors-lint exists to catch. Run `npx cors-lint examples`.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import { corsOptions } from './config/cors.js';
import { orderRoutes } from './routes/orders.js';

const app = Fastify({ logger: true });

// The web app's API: @fastify/cors answers its preflights.
await app.register(
  async (api) => {
    await api.register(cors, corsOptions);
    await api.register(orderRoutes);
  },
  { prefix: '/api' },
);

// Partner storefronts reserve stock from their own domains (shop.partner-shops.com, ...), written by hand.
await app.register(
  async (partners) => {
    partners.get('/stock/:sku', async (request: FastifyRequest<{ Params: { sku: string } }>) => {
      return { sku: request.params.sku, available: 42 };
    });

    partners.put('/stock/:sku/reservation', async (request: FastifyRequest<{ Params: { sku: string } }>, reply: FastifyReply) => {
      const origin = request.headers.origin;
      if (origin && origin.endsWith('partner-shops.com')) {
        reply.header('Access-Control-Allow-Origin', origin);
        reply.header('Access-Control-Allow-Credentials', 'true');
      }
      return { sku: request.params.sku, reserved: true };
    });
  },
  { prefix: '/partners' },
);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });
