// The web app's order routes, registered under /api behind @fastify/cors.
import type { FastifyInstance } from 'fastify';

interface OrderParams {
  id: string;
}

export async function orderRoutes(app: FastifyInstance) {
  app.get('/orders', async (request) => app.db.orders.list(request.user.id));

  app.get<{ Params: OrderParams }>('/orders/:id', async (request) => app.db.orders.get(request.params.id));

  app.delete<{ Params: OrderParams }>('/orders/:id', async (request, reply) => {
    await app.db.orders.cancel(request.params.id);
    return reply.code(204).send();
  });
}
