// One spawned run of the built bin (server/out/cli.js): the bundle starts, prints, and sets exit codes.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { makeTree, removeTree } from '../helpers/temp-tree';

const repo = path.join(__dirname, '..', '..');
const bin = path.join(repo, 'server', 'out', 'cli.js');

describe('cors-lint bin (spawned)', () => {
  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'pipe' });
  });

  it('runs: --version, an empty folder as JSON, and a broken config exiting 2', () => {
    const root = makeTree({ 'empty/README.md': '', 'broken/cors-lint.json': '{"trustedOrigins": ["https://x.com/"]}', 'broken/app.js': '' });
    try {
      const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
      const version = run(['--version']);
      assert.deepEqual([version.status, version.stdout], [0, '0.1.0\n']);
      const empty = run(['--format', 'json', 'empty']);
      assert.deepEqual([empty.status, JSON.parse(empty.stdout), empty.stderr], [0, { filesScanned: 0, findings: [], skipped: [] }, '']);
      const broken = run(['broken']);
      assert.equal(broken.status, 2);
      assert.equal(broken.stdout, '');
      assert.equal(
        broken.stderr,
        `cors-lint: ${path.join(root, 'broken', 'cors-lint.json')}: "trustedOrigins[0]" must be an origin such as https://app.example.com (no path or trailing slash), got "https://x.com/"\n`,
      );
    } finally {
      removeTree(root);
    }
  });
});
