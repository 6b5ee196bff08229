// What the UI test and the code-shim share: playwright-core and code-server from $E2E_HOME (installed by
// setup.sh, outside the repo), Debian's chromium, and a code-server on a free loopback port whose HOME, config
// and data live in a throwaway folder, so nothing is written to the real home directory.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const E2E_HOME = process.env.E2E_HOME ?? fail('E2E_HOME is not set (e2e/run.sh sets it)');
const CODE_SERVER = path.join(E2E_HOME, 'node_modules', '.bin', 'code-server');
const { chromium } = createRequire(path.join(E2E_HOME, 'package.json'))('playwright-core');

function fail(message) {
  throw new Error(`e2e: ${message}`);
}

/** The editor settings every run starts from: quiet, offline, and no TypeScript diagnostics beside ours. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'javascript.validate.enable': false,
  'typescript.validate.enable': false,
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
};

/** Environment for code-server and its children: a private HOME, no extension gallery (it would query Open VSX). */
function isolatedEnv(dir) {
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), EXTENSIONS_GALLERY: '{}' };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Installs a .vsix into the extensions folder a later startCodeServer({ extensionsDir }) uses. */
export function installExtension(vsix, { userDataDir, extensionsDir }) {
  const args = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix];
  const result = spawnSync(CODE_SERVER, args, { env: isolatedEnv(userDataDir), encoding: 'utf8' });
  if (result.status !== 0) fail(`installing ${vsix} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Starts code-server on 127.0.0.1 without auth, opening `folder`. Resolves once /healthz answers, with the
 * address and a stop() that ends the whole process group (server, extension hosts, file watchers).
 */
export async function startCodeServer({ folder, userDataDir, extensionsDir, log }) {
  const port = await freePort();
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify(SETTINGS, null, 2));
  fs.mkdirSync(extensionsDir, { recursive: true });
  const config = path.join(userDataDir, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const out = fs.openSync(log, 'a');
  const args = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', folder];
  const child = spawn(CODE_SERVER, args, { env: isolatedEnv(userDataDir), stdio: ['ignore', out, out], detached: true });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const host = `127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    try {
      if ((await fetch(`http://${host}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      fail(`code-server did not start; see ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { host, url: `http://${host}`, stop };
}

/** Debian's chromium, headless, with a fresh profile and no background traffic. */
export async function launchChromium() {
  // Playwright refuses --user-data-dir in args: a fresh profile goes through launchPersistentContext.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, close };
}
