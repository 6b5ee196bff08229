// The language server's entry (bundled to server/out/server.js): a connection over stdio or IPC, chosen by the
// command line (--stdio, --node-ipc), handed to lsp/connection.ts. Everything else lives in server/lsp/.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/connection';

startServer(createConnection(ProposedFeatures.all));
