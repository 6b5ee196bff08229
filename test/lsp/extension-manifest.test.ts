// The VS Code side without VS Code: the manifest agrees with the code (commands, settings, activation, untrusted
// workspaces), the client bundle loads with `vscode` as its only outside module, and the .vsix would hold only
// the bundles, README, LICENSE and package.json (`vsce ls`).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { SCAN_COMMAND, serverCapabilities } from '../../server/lsp/capabilities';
import { ensureServerBuilt } from './lsp-harness';

const repo = path.join(__dirname, '..', '..');
interface Manifest {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean } };
  contributes: { commands: { command: string; title: string; category: string }[]; configuration: { properties: Record<string, { default: unknown }> } };
  scripts: Record<string, string>;
}
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Manifest;

/** A stand-in for the `vscode` module: every property and call yields another stand-in. */
function vscodeStub(): unknown {
  const make = (): unknown =>
    new Proxy(function () {}, { get: (_t, p) => (p === 'then' ? undefined : make()), apply: () => make(), construct: () => make() as object });
  return make();
}

describe('lsp: extension manifest and client bundle', () => {
  before(function () {
    this.timeout(60_000);
    ensureServerBuilt();
  });

  it('contributes the commands and settings the code uses, and runs in untrusted workspaces', () => {
    assert.deepEqual(
      manifest.contributes.commands.map((c) => `${c.category}: ${c.title} (${c.command})`),
      ['CORS Lint: Scan Workspace (corsLint.scanWorkspace)', 'CORS Lint: Restart Server (corsLint.restartServer)'],
    );
    assert.deepEqual(serverCapabilities().executeCommandProvider?.commands, [SCAN_COMMAND]);
    const settings = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]));
    assert.deepEqual(settings, { 'corsLint.enable': true, 'corsLint.run': 'onType', 'corsLint.trace.server': 'off' });
    for (const language of ['javascript', 'javascriptreact', 'typescript', 'typescriptreact']) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.scripts.package, 'vsce package --no-dependencies');
  });

  it('the client bundle needs only `vscode` from outside and exports activate/deactivate', () => {
    const bundle = path.join(repo, manifest.main);
    const requested = new Set<string>();
    const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
    const original = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      if (!Module.isBuiltin(request) && request !== bundle) requested.add(request);
      return request === 'vscode' ? vscodeStub() : original.call(this, request, ...rest);
    };
    try {
      const extension = require(bundle) as { activate?: unknown; deactivate?: unknown };
      assert.equal(typeof extension.activate, 'function');
      assert.equal(typeof extension.deactivate, 'function');
    } finally {
      loader._load = original;
    }
    assert.deepEqual([...requested], ['vscode']);
  });

  it('packages only the bundles, README, LICENSE and package.json', function () {
    this.timeout(60_000);
    const vsce = path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls'], { cwd: repo, encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(listed, ['LICENSE', 'README.md', 'client/out/extension.js', 'package.json', 'server/out/server.js']);
  });
});
