// The adapter registry: every framework family the engine understands.
import type { Adapter } from './adapter';
import { expressAdapter } from './express';

export const adapters: readonly Adapter[] = [expressAdapter];
