// Runs the extension-host suite (test/e2e/suite) through @vscode/test-electron's runTests. With VSCODE_EXECUTABLE
// unset it downloads a desktop VS Code as usual; e2e/run.sh points it at e2e/code-shim.mjs, which drives
// code-server in Chromium instead, so the same suite runs offline. Expects `node scripts/build.mjs --e2e` first.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  // A copy, so the quick-fixes the suite applies never touch test/e2e/workspace.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-e2e-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(__dirname, 'workspace'), workspace, { recursive: true });
  const executable = process.env.VSCODE_EXECUTABLE;
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : {}),
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(__dirname, 'out', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
  });
  fs.rmSync(scratch, { recursive: true, force: true }); // kept on failure: the editor's logs are in user-data
}

main().catch((e: unknown) => {
  console.error(`extension-host suite failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
