// The cors-lint command: wires runCli to the real process. Everything else lives in server/cli/.
import { runCli } from './cli/run';

// `cors-lint | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  process.exitCode = runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (chunk) => process.stderr.write(chunk),
  });
} catch (e) {
  process.stderr.write(`cors-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
}
