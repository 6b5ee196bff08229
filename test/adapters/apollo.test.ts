// The Apollo Server adapter: the `cors` option of apollo-server 2/3 (standalone; default `{ origin: '*' }`),
// apollo-server-express (`true` -> cors(), absent -> cors(undefined)), apollo-server-koa 3 (@koa/cors 3), and
// @apollo/server 4+'s startStandaloneServer (a fixed cors()). With expressMiddleware, the app's own cors() call
// is the Express adapter's, and nothing is reported twice.
import * as assert from 'node:assert/strict';
import { describeSingleFile as one, type PolicyDescription } from '../helpers/describe-policy';

function apollo(framework: string, o: Partial<PolicyDescription> = {}): PolicyDescription {
  return { framework, label: "Apollo Server's cors option", origin: ['wildcard'], credentials: false, preflight: 'answered', vary: 'n/a', triggers: [], ...o };
}

const SCHEMA = `const typeDefs = 'type Query { me: String }';\nconst resolvers = {};\n`;

describe('apollo adapter', () => {
  it('apollo-server standalone: absent or true is { origin: * }; false is no CORS; options go to the cors package', () => {
    const code = `const { ApolloServer } = require('apollo-server');
${SCHEMA}
const a = new ApolloServer({ typeDefs, resolvers });
const b = new ApolloServer({ typeDefs, resolvers, cors: true });
const c = new ApolloServer({ typeDefs, resolvers, cors: false });
const d = new ApolloServer({ typeDefs, resolvers, cors: { origin: ['https://studio.apollographql.com', 'https://app.example.com'], credentials: true } });
const e = new ApolloServer({ typeDefs, resolvers, cors: { origin: true, credentials: true } });
`;
    assert.deepEqual(one('server.js', code), [
      apollo('apollo-server'),
      apollo('apollo-server'),
      apollo('apollo-server', { origin: ['reflect:checked'], credentials: true, vary: true }),
      apollo('apollo-server', { origin: ['reflect:always'], credentials: true, vary: true }),
    ]);
  });

  it('apollo-server-express applyMiddleware: absent means cors(undefined), options in a variable', () => {
    const code = `import express from 'express';
import { ApolloServer } from 'apollo-server-express';
${SCHEMA}
const corsOptions = { origin: (origin: string | undefined, cb: (e: Error | null, ok?: boolean) => void) => cb(null, true), credentials: true };
export async function start() {
  const app = express();
  const server = new ApolloServer({ typeDefs, resolvers });
  await server.start();
  server.applyMiddleware({ app });
  server.applyMiddleware({ app, path: '/v2', cors: corsOptions });
}
`;
    assert.deepEqual(one('server.ts', code), [
      apollo('apollo-server-express'),
      apollo('apollo-server-express', { origin: ['reflect:always'], credentials: true, vary: true }),
    ]);
  });

  it('apollo-server-koa: absent means { origin: * }; options go to @koa/cors 3, which echoes the Origin by default', () => {
    const code = `const Koa = require('koa');
const { ApolloServer } = require('apollo-server-koa');
${SCHEMA}
async function main() {
  const app = new Koa();
  const server = new ApolloServer({ typeDefs, resolvers });
  await server.start();
  server.applyMiddleware({ app });
  server.applyMiddleware({ app, cors: { credentials: true } });
  server.applyMiddleware({ app, cors: { maxAge: 600 } });
}
main();
`;
    assert.deepEqual(one('server.js', code), [
      apollo('apollo-server-koa'),
      apollo('apollo-server-koa', { origin: ['reflect:always'], credentials: true, vary: true }),
      apollo('apollo-server-koa', { origin: ['reflect:always'], vary: true }),
    ]);
  });

  it('@apollo/server: startStandaloneServer is a fixed cors(); expressMiddleware leaves CORS to the cors() call', () => {
    const code = `import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { expressMiddleware } from '@apollo/server/express4';
import express from 'express';
import cors from 'cors';
${SCHEMA}
const server = new ApolloServer({ typeDefs, resolvers });
await startStandaloneServer(server, { listen: { port: 4000 } });
const app = express();
app.use('/graphql', cors({ origin: ['https://app.example.com'], credentials: true }), express.json(), expressMiddleware(server));
`;
    assert.deepEqual(one('server.ts', code), [
      apollo('@apollo/server'),
      { framework: 'cors', label: 'cors() middleware', origin: ['reflect:checked'], credentials: true, preflight: 'answered', vary: true, triggers: [] },
    ]);
  });
});
