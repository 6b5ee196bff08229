import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify({ logger: true });

await app.register(cors, {
  origin: (origin: string | undefined, callback: (err: Error | null, allow: boolean) => void) => {
    callback(null, !origin || origin.endsWith('example.com'));
  },
  credentials: true,
});

app.get('/orders', async () => [{ id: 1 }]);

await app.listen({ port: 3001 });
