// Bundles the CLI, the language server and the VS Code client with esbuild: everything they need is inside
// the bundle, so the CLI runs from a clone and the .vsix ships without node_modules.
import { build } from 'esbuild';

// --minify (npm run package): smaller bundles for the .vsix, without source maps (they are not shipped).
const minify = process.argv.includes('--minify');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !minify, minify, logLevel: 'warning' };

const bench = process.argv.includes('--bench');
const e2e = process.argv.includes('--e2e');

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/cli.ts' }, outdir: 'server/out', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: { server: 'server/server.ts' }, outdir: 'server/out' }),
  // `vscode` is provided by the editor at runtime; it is not a package.
  build({ ...common, entryPoints: { extension: 'client/extension.ts' }, outdir: 'client/out', external: ['vscode'] }),
  ...(bench ? [build({ ...common, entryPoints: { bench: 'scripts/bench.ts' }, outdir: 'server/out' })] : []),
  // The extension-host suite runs inside the editor, which loads it from test/e2e/out; mocha and the parser are
  // required from the repo's node_modules.
  ...(e2e
    ? [build({ ...common, entryPoints: ['test/e2e/suite/index.ts', 'test/e2e/suite/extension.e2e.ts'], outdir: 'test/e2e/out', packages: 'external', external: ['vscode'] })]
    : []),
]);
