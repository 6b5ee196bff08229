// The adapter registry: every framework family the engine understands. Order matters: when two adapters read
// the same setup (same site), lint keeps the first, so framework adapters come before the generic Express/node:http one.
import type { Adapter } from './adapter';
import { expressAdapter } from './express';
import { fastifyAdapter } from './fastify';
import { nestAdapter } from './nestjs';

export const adapters: readonly Adapter[] = [nestAdapter, fastifyAdapter, expressAdapter];
