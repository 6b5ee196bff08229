// Drives the BUILT language server (server/out/server.js --stdio) with a real protocol connection, as an editor
// would: answers its requests (configuration, registrations, progress tokens) and records what it pushes
// (diagnostics, progress, log messages) so tests can wait for exactly the notification they expect.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ProgressToken,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextDocumentContentChangeEvent,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { uriOf } from './test-workspace';

const repo = path.join(__dirname, '..', '..');
export const serverBundle = path.join(repo, 'server', 'out', 'server.js');

/** Builds the bundles when server.js is missing or older than any source it is built from (esbuild: ~1 s). */
export function ensureServerBuilt(): void {
  const built = fs.existsSync(serverBundle) ? fs.statSync(serverBundle).mtimeMs : 0;
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name !== 'out' && newer(full);
      return e.name.endsWith('.ts') && fs.statSync(full).mtimeMs > built;
    });
  if (built === 0 || newer(path.join(repo, 'server')) || newer(path.join(repo, 'rules'))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'pipe' });
  }
}


export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface StartOptions {
  readonly folders: readonly string[];
  readonly debounceMs?: number;
  /** What workspace/configuration answers for `corsLint` (per scopeUri when a function). */
  readonly settings?: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>);
  readonly capabilities?: ClientCapabilities;
}

interface Waiter {
  readonly uri: string;
  readonly accept: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[];
  readonly progress: { token: ProgressToken; value: ProgressValue }[];
  readonly progressTokens: ProgressToken[];
  readonly logs: string[];
  readonly registrations: Registration[];
  /** Resolves with the first publishDiagnostics for `uri` arriving from now on that `accept` takes. */
  nextDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(filePath: string, text: string, version?: number): void;
  change(filePath: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  stop(): Promise<void>;
}

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
  },
};

export async function startServer(options: StartOptions): Promise<TestServer> {
  ensureServerBuilt();
  const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const progress: { token: ProgressToken; value: ProgressValue }[] = [];
  const progressTokens: ProgressToken[] = [];
  const logs: string[] = [];
  const registrations: Registration[] = [];
  let waiters: Waiter[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    const match = waiters.find((w) => w.uri === p.uri && w.accept(p));
    if (match) {
      waiters = waiters.filter((w) => w !== match);
      match.resolve(p);
    }
  });
  connection.onNotification(LogMessageNotification.type, (p) => logs.push(p.message));
  connection.onRequest(ConfigurationRequest.type, (p) =>
    p.items.map((item) => (typeof options.settings === 'function' ? options.settings(item.scopeUri) : (options.settings ?? {}))),
  );
  connection.onRequest(RegistrationRequest.type, (p) => void registrations.push(...p.registrations));
  connection.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
    progressTokens.push(p.token);
    connection.onProgress(WorkDoneProgress.type, p.token, (value) => progress.push({ token: p.token, value }));
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
    workspaceFolders: options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
    initializationOptions: { debounceMs: options.debounceMs ?? 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    child,
    published,
    progress,
    progressTokens,
    logs,
    registrations,
    nextDiagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.resolve !== done);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${stderr.join('')}`));
        }, timeoutMs);
        const done = (p: PublishDiagnosticsParams): void => {
          clearTimeout(timer);
          resolve(p);
        };
        waiters.push({ uri, accept, resolve: done });
      });
    },
    open(filePath, text, version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uriOf(filePath), languageId: /\.[mc]?tsx?$/.test(filePath) ? 'typescript' : 'javascript', version, text },
      });
    },
    change(filePath, version, changes) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(filePath), version }, contentChanges: changes });
    },
    async stop() {
      if (child.exitCode === null) {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
        await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      }
      connection.dispose();
    },
  };
}

/** Resolves after `ms`; for asserting that something did NOT arrive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds; for events recorded in TestServer's arrays. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
