// One spawned run of the built bin (server/out/cli.js): the bundle starts, prints, and sets exit codes.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
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

  it("prints the README's sample output for `npx cors-lint examples`, line for line", () => {
    const run = spawnSync(process.execPath, [bin, 'examples'], { cwd: repo, encoding: 'utf8' });
    assert.equal(run.status, 1, 'the examples hold error findings');
    const printed = run.stdout.trimEnd().split('\n');
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const sample = /`npx cors-lint examples` on a fresh clone[^]*?```\n([^]*?)```/.exec(readme)?.[1]?.trimEnd().split('\n') ?? [];
    assert.ok(sample.length > 2, 'the README shows a sample');
    for (const line of sample.filter((l) => l !== '...')) assert.ok(printed.includes(line), `README line not printed:\n${line}`);
    assert.equal(sample.at(-1), printed.at(-1), 'the summary line');
  });
});
