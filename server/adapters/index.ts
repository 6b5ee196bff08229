// The adapter registry: every framework family the engine understands. Order matters: when two adapters read
// the same setup (same site), lint keeps the first, so framework adapters come before the generic Express/node:http one.
import type { Adapter } from './adapter';
import { expressAdapter } from './express';
import { fastifyAdapter } from './fastify';
import { fetchAdapter } from './fetch';
import { apolloAdapter } from './apollo';
import { honoAdapter } from './hono';
import { socketIoAdapter } from './socket-io';
import { koaAdapter } from './koa';
import { lambdaAdapter } from './lambda';
import { nestAdapter } from './nestjs';
import { nextjsAdapter } from './nextjs';

export const adapters: readonly Adapter[] = [nestAdapter, fastifyAdapter, koaAdapter, honoAdapter, socketIoAdapter, apolloAdapter, lambdaAdapter, nextjsAdapter, fetchAdapter, expressAdapter];
