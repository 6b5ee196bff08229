// The support chat: Socket.IO for live messages, Apollo Server for the history. Run `npx cors-lint examples`.
const http = require('http');
const express = require('express');
const { Server } = require('socket.io');
const { ApolloServer } = require('apollo-server-express');
const { typeDefs, resolvers } = require('./schema');

const app = express();
const httpServer = http.createServer(app);

// "Allow the dev server too": in development every origin is echoed, with the session cookie.
const io = new Server(httpServer, {
  cors: {
    origin: process.env.NODE_ENV === 'production' ? 'https://support.example.com' : true,
    credentials: true,
  },
});

io.on('connection', (socket) => {
  socket.on('message', (text) => io.emit('message', { from: socket.id, text }));
});

async function start() {
  const apollo = new ApolloServer({ typeDefs, resolvers });
  await apollo.start();
  // Anchored at the end only: https://attacker-example.com passes, cookies included.
  apollo.applyMiddleware({ app, path: '/graphql', cors: { origin: /example\.com$/, credentials: true } });
  httpServer.listen(4000);
}

start();
