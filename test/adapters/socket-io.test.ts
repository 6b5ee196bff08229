// The Socket.IO adapter: the `cors` option read with the cors package's semantics (engine.io passes it to
// `require('cors')`); no option means no CORS headers at all (Socket.IO v3+).
import * as assert from 'node:assert/strict';
import { describeTree as policies, expectPolicy } from '../helpers/describe-policy';

const io = expectPolicy({ framework: 'socket.io', label: "Socket.IO's cors option", origin: ['wildcard'], preflight: 'answered' });

describe('socket.io adapter', () => {
  it('no cors option, or cors: false: no CORS headers, no policy', () => {
    const code = `// no cors here\nconst { Server } = require('socket.io');\nconst a = new Server(3000);\nconst b = new Server(require('http').createServer(), { cors: false, path: '/ws' });\n`;
    assert.deepEqual(policies({ 'io.js': code }, 'io.js'), []);
  });

  it('cors: true is cors(true): the package defaults, * without credentials', () => {
    const code = `const { Server } = require('socket.io');\nconst server = require('http').createServer();\nconst io = new Server(server, { cors: true });\n`;
    assert.deepEqual(policies({ 'io.js': code }, 'io.js', ['methods']), [io({ methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'] })]);
  });

  it('origin: true with credentials reflects every origin; an allowlist with a RegExp is checked', () => {
    const code = String.raw`import { createServer } from 'node:http';
import { Server } from 'socket.io';

const httpServer = createServer();
export const open = new Server(httpServer, { cors: { origin: true, credentials: true } });
export const listed = new Server(httpServer, {
  cors: { origin: ['https://chat.example.com', /^https:\/\/[a-z]+\.example\.org$/], methods: ['GET', 'POST'], credentials: true },
});
`;
    assert.deepEqual(policies({ 'io.ts': code }, 'io.ts', ['matchers', 'methods']), [
      io({ origin: ['reflect:always'], credentials: true, vary: true, matchers: [], methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'] }),
      io({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['equals:https://chat.example.com', String.raw`regex:^https:\/\/[a-z]+\.example\.org$/`], methods: ['GET', 'POST'] }),
    ]);
  });

  it("require('socket.io')(server, opts), and one plain-object argument as the options", () => {
    const code = `const io = require('socket.io')(require('http').createServer(), { cors: { origin: '*', credentials: true } });\nconst io2 = require('socket.io')({ cors: { origin: 'https://app.example.com' } });\n`;
    assert.deepEqual(policies({ 'io.js': code }, 'io.js'), [io({ credentials: true }), io({ origin: ['fixed:https://app.example.com'] })]);
  });

  it('options from a typed module, with an origin callback over an env allowlist', () => {
    const files = {
      'io-options.ts': `import type { ServerOptions } from 'socket.io';\n\nconst allowed = (process.env.SOCKET_ORIGINS ?? '').split(',');\n\nexport const ioOptions: Partial<ServerOptions> = {\n  cors: {\n    origin: (origin, cb) => (origin && allowed.includes(origin) ? cb(null, origin) : cb(new Error('blocked'))),\n    credentials: true,\n  },\n};\n`,
      'server.ts': `// socket server, cors from io-options\nimport { Server } from 'socket.io';\nimport { ioOptions } from './io-options';\n\nexport const io = new Server(4000, ioOptions);\n`,
    };
    assert.deepEqual(policies(files, 'server.ts', ['matchers']), [io({ origin: ['reflect:checked'], credentials: true, vary: true, matchers: ['trusted', 'equals:'] })]);
  });
});
