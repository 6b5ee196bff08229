// Bundles the CLI, the language server and the VS Code client with esbuild: everything they need is inside
// the bundle, so the CLI runs from a clone and the .vsix ships without node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

const bench = process.argv.includes('--bench');

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/cli.ts' }, outdir: 'server/out', banner: { js: '#!/usr/bin/env node' } }),
  ...(bench ? [build({ ...common, entryPoints: { bench: 'scripts/bench.ts' }, outdir: 'server/out' })] : []),
]);
