// npm run bench, editor section: the built language server driven over stdio as an editor would drive it.
//   latency: a didChange on the 2,000-line file -> its publishDiagnostics (debounce 0), beside parse() of that file
//   memory:  the server's RSS over a 500-edit session (should stay flat)
//   scan:    corsLint.scanWorkspace over the corpus (node_modules) through the server, in files/s
import { parse } from '@typescript-eslint/typescript-estree';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressCancelNotification,
  type ProgressToken,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { parseOptions } from '../server/engine/parse';
import { twoThousandLineFile } from './bench';

const root = path.resolve(__dirname, '..', '..');
const serverBundle = path.join(root, 'server', 'out', 'server.js');
const corpusRoot = process.env.BENCH_CORPUS ?? path.join(root, 'node_modules');
const SCAN_BUDGET_MS = Number(process.env.BENCH_SCAN_BUDGET_MS ?? 120_000);

interface Server {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  /** Tokens of the work-done progress the server created (the scan's). */
  readonly progressTokens: ProgressToken[];
  /** Resolves with the next diagnostics for `uri` whose version is `version` (any version when undefined). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  stop(): void;
}

async function startServer(folders: readonly string[]): Promise<Server> {
  const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (!child.stdout || !child.stdin) throw new Error('no stdio');
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const progressTokens: ProgressToken[] = [];
  let waiting: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void } | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (waiting && p.uri === waiting.uri && (waiting.version === undefined || p.version === waiting.version)) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(p);
    }
  });
  connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(WorkDoneProgressCreateRequest.type, (p) => void progressTokens.push(p.token));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
    initializationOptions: { debounceMs: 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    child,
    progressTokens,
    diagnostics: (uri, version) => new Promise((resolve) => (waiting = { uri, ...(version !== undefined ? { version } : {}), resolve })),
    stop: () => {
      connection.dispose();
      child.kill();
    },
  };
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

function ms(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e6;
}

/** The child's resident set size in MB (Linux /proc; elsewhere not measured). */
function rssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** One edit at `line`: insert a short comment at the line's start, or remove the one inserted before. */
function toggleEdit(text: string, line: number): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const present = text.split('\n')[line]?.startsWith('/*e*/') ?? false;
  return present
    ? { range: { start: { line, character: 0 }, end: { line, character: 5 } }, text: '' }
    : { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '/*e*/' };
}

function applyToggle(text: string, line: number): string {
  const lines = text.split('\n');
  const current = lines[line] ?? '';
  lines[line] = current.startsWith('/*e*/') ? current.slice(5) : `/*e*/${current}`;
  return lines.join('\n');
}

export async function benchEditor(): Promise<void> {
  if (!fs.existsSync(serverBundle)) throw new Error(`${serverBundle} is missing: run npm run build`);
  const { file, text: original } = twoThousandLineFile();
  const uri = pathToFileURL(file).href;
  const server = await startServer([path.dirname(file)]);
  let text = original;
  let version = 1;
  const opened = server.diagnostics(uri, 1);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'javascript', version, text } });
  const findings = (await opened).diagnostics.length;

  const edit = async (line: number): Promise<number> => {
    version++;
    const change = toggleEdit(text, line);
    text = applyToggle(text, line);
    const published = server.diagnostics(uri, version);
    const t = process.hrtime.bigint();
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await published;
    return ms(t);
  };
  const lines = original.split('\n').length - 1;
  for (let i = 0; i < 5; i++) await edit(100 + i); // warm up the server's parser and caches
  const latencies: number[] = [];
  const parses: number[] = [];
  for (let i = 0; i < 25; i++) {
    latencies.push(await edit(200 + i * 50));
    const t = process.hrtime.bigint();
    parse(text, parseOptions(text, file));
    parses.push(ms(t));
  }
  const l = median(latencies);
  const p = median(parses);
  console.log(`editor: ${lines}-line file, ${findings} diagnostics, debounce 0`);
  console.log(`  change -> diagnostics  ${l.toFixed(1)} ms median (over stdio, incremental sync)`);
  console.log(`  limit                  ${p.toFixed(1)} ms median typescript-estree parse()   ratio ${(l / p).toFixed(2)}x (target <= 1.5x)`);

  // RSS swings by tens of MB with V8's collection cycles, so it is sampled every 100 edits: flat means no trend.
  const samples = [rssMb(server.child.pid)];
  for (let i = 1; i <= 500; i++) {
    await edit(20 + ((i * 37) % (lines - 40)));
    if (i % 100 === 0) samples.push(rssMb(server.child.pid));
  }
  console.log(`  memory: server RSS over 500 edits, every 100: ${samples.map((mb) => mb.toFixed(0)).join(', ')} MB`);
  server.stop();

  // The scan honours .gitignore like the CLI, and this repository ignores node_modules: the corpus is scanned as a
  // workspace folder of its own, through a symlink outside the repository.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-bench-'));
  const corpus = path.join(workspace, path.basename(corpusRoot));
  fs.symlinkSync(corpusRoot, corpus);
  const scanner = await startServer([corpus]);
  let published = 0;
  scanner.connection.onNotification(PublishDiagnosticsNotification.type, () => void published++);
  const t = process.hrtime.bigint();
  // A time budget, spent as a user would: cancelling the progress. The rate is over the files done.
  const budget = setTimeout(() => {
    for (const token of scanner.progressTokens) void scanner.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
  }, SCAN_BUDGET_MS);
  const summary = (await scanner.connection.sendRequest(ExecuteCommandRequest.type, { command: 'corsLint.scanWorkspace', arguments: [] })) as {
    files: number;
    total: number;
    skipped: number;
    cancelled: boolean;
  };
  clearTimeout(budget);
  const seconds = ms(t) / 1000;
  const stopped = summary.cancelled ? `, stopped by the ${SCAN_BUDGET_MS / 1000} s budget` : '';
  console.log(`  scan: ${summary.files} of ${summary.total} files of ${path.relative(root, corpusRoot) || corpusRoot}${stopped} (the CLI's walker: nested node_modules, dist, build skipped)`);
  console.log(`        ${seconds.toFixed(2)} s through the server: ${(summary.files / seconds).toFixed(0)} files/s (${published} files with diagnostics, ${summary.skipped} skipped)`);
  scanner.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
}
