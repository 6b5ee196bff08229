#!/usr/bin/env node
// A stand-in for a VS Code executable, for @vscode/test-electron's runTests({ vscodeExecutablePath }): takes the
// arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=,
// --extensions-dir=, the workspace folder), starts code-server, and runs the suite in its Node extension host the
// way @vscode/test-web does: a URL `payload` naming the extension and its tests, and window.codeAutomationExit
// called with the exit code when the suite is done. Exits with that code.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium, startCodeServer } from './harness.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.E2E_SUITE_TIMEOUT_MS ?? 600_000);

const options = {};
const positional = [];
for (const arg of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(arg);
  if (m) options[m[1]] = m[2];
  else if (!arg.startsWith('--')) positional.push(arg); // flags such as --no-sandbox mean nothing here
}
const { extensionDevelopmentPath: extension, extensionTestsPath: tests } = options;
if (!extension || !tests || !options['user-data-dir'] || !options['extensions-dir'] || positional.length !== 1) {
  console.error('code-shim: expected --extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=, --extensions-dir= and a folder');
  process.exit(2);
}
const userDataDir = path.resolve(options['user-data-dir']);
const folder = path.resolve(positional[0]);

const server = await startCodeServer({
  folder,
  userDataDir,
  extensionsDir: path.resolve(options['extensions-dir']),
  log: path.join(userDataDir, 'code-server.log'),
});
const browser = await launchChromium();
let code = 1;
try {
  code = await runSuite(browser.page, server.host);
} catch (e) {
  console.error('code-shim:', e);
} finally {
  await browser.close();
  server.stop();
}
if (code !== 0) console.error(`code-shim: code-server log: ${path.join(userDataDir, 'code-server.log')}`);
process.exit(code);

async function runSuite(page, host) {
  const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
  // debugId: without it the extension host's console output only reaches log files, flushed lazily.
  const payload = [['extensionDevelopmentPath', remote(extension)], ['extensionTestsPath', remote(tests)], ['debugId', 'cors-lint-e2e']];
  let exited;
  const exit = new Promise((resolve) => (exited = resolve));
  await page.exposeFunction('codeAutomationExit', (exitCode) => exited(exitCode));
  // Each forwarded line arrives as ['%c[Extension Host] %c<format>', <a css string per %c>, ...args].
  page.on('console', async (message) => {
    if (!message.text().includes('[Extension Host]')) return;
    const [format, ...args] = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => '?')));
    const f = String(format);
    const body = f.replace(/^%c\[Extension Host\]\s*(%c)?/, '').replace(/%c/g, '');
    console.log(util.format(body === '%' ? '' : body, ...args.slice((f.match(/%c/g) ?? []).length)));
  });
  await page.goto(`http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
  const result = await Promise.race([exit, timeout]);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last console lines
  if (result === 'timeout') {
    console.error(`code-shim: the suite did not finish within ${SUITE_TIMEOUT_MS} ms`);
    await page.screenshot({ path: path.join(userDataDir, 'timeout.png') }).catch(() => {});
    return 1;
  }
  return result === 0 ? 0 : 1;
}
