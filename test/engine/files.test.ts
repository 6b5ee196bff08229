import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
// The module object itself (not an import namespace, whose properties are read-only): tests patch it briefly.
import fsModule = require('node:fs');
import * as path from 'node:path';
import { clearConfigCache } from '../../server/engine/config';
import { walkFiles, type WalkResult } from '../../server/engine/files';
import { addToTree, isRoot, makeTree, relativeAll, removeTree, type TreeEntry } from '../helpers/temp-tree';

let roots: string[] = [];

function tree(entries: Readonly<Record<string, TreeEntry>>): string {
  const root = makeTree(entries);
  roots.push(root);
  return root;
}

function walk(root: string, paths: string[] = ['.'], ignore: string[] = []): WalkResult & { rel: string[]; skippedRel: string[] } {
  const result = walkFiles(paths, { cwd: root, ignore });
  return {
    ...result,
    rel: relativeAll(root, result.files),
    skippedRel: result.skipped.map((s) => `${relativeAll(root, [s.file])[0]}: ${s.reason}`),
  };
}

describe('walkFiles', () => {
  beforeEach(() => clearConfigCache());
  afterEach(() => {
    for (const r of roots) removeTree(r);
    roots = [];
  });

  it('lists JS/TS sources and leaves out declarations, minified files and other extensions', () => {
    const root = tree({
      'a.js': '', 'b.jsx': '', 'c.mjs': '', 'd.cjs': '', 'e.ts': '', 'f.tsx': '', 'g.mts': '', 'h.cts': '',
      'types.d.ts': '', 'types.d.mts': '', 'types.d.cts': '', 'vendor.min.js': '', 'data.json': '', 'README.md': '',
      'noext': '', 'dts.ts.bak': '', 'min.jsx': '',
    });
    assert.deepEqual(walk(root).rel, ['a.js', 'b.jsx', 'c.mjs', 'd.cjs', 'e.ts', 'f.tsx', 'g.mts', 'h.cts', 'min.jsx']);
  });

  it('skips dependency, VCS and build-output folders at any depth, but not look-alikes', () => {
    const skipped = ['node_modules', '.git', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit', '.vercel', '.serverless', '.aws-sam', 'coverage'];
    const entries: Record<string, TreeEntry> = { 'src/app.js': '', 'src/distribution/ok.js': '', 'builds/ok.js': '', 'output/ok.js': '' };
    for (const dir of skipped) {
      entries[`${dir}/x.js`] = '';
      entries[`src/${dir}/x.js`] = '';
    }
    const root = tree(entries);
    assert.deepEqual(walk(root).rel, ['builds/ok.js', 'output/ok.js', 'src/app.js', 'src/distribution/ok.js']);
  });

  it('honours nested .gitignore files relative to their own folder', () => {
    const root = tree({
      '.gitignore': '*.gen.ts\n/top-only.js\n',
      'top-only.js': '',
      'a.gen.ts': '',
      'keep.ts': '',
      'pkg/.gitignore': 'local.js\ncache/\n',
      'pkg/local.js': '',
      'pkg/top-only.js': '',
      'pkg/b.gen.ts': '',
      'pkg/cache/c.js': '',
      'pkg/sub/local.js': '',
      'other/local.js': '',
    });
    assert.deepEqual(walk(root).rel, ['keep.ts', 'other/local.js', 'pkg/top-only.js']);
  });

  it('honours negation patterns, including a deeper file re-including what a shallower one ignored', () => {
    const root = tree({
      '.gitignore': 'legacy/*.js\n!legacy/keep.js\n*.mjs\n',
      'legacy/old.js': '',
      'legacy/keep.js': '',
      'a.mjs': '',
      'sub/.gitignore': '!keep.mjs\n',
      'sub/keep.mjs': '',
      'sub/drop.mjs': '',
    });
    assert.deepEqual(walk(root).rel, ['legacy/keep.js', 'sub/keep.mjs']);
  });

  it('applies .gitignore files above a folder argument, up to the repository top', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'src/gen/\n', 'src/app.js': '', 'src/gen/x.js': '' });
    assert.deepEqual(walk(root, ['src']).rel, ['src/app.js']);
    // From inside the folder too: cwd is no limit inside a repository.
    const inner = walkFiles(['.'], { cwd: path.join(root, 'src'), ignore: [] });
    assert.deepEqual(relativeAll(root, inner.files), ['src/app.js']);
  });

  it('ignores .gitignore files above cwd outside a repository', () => {
    const root = tree({ '.gitignore': '*.js\n', 'proj/app.js': '' });
    const result = walkFiles(['.'], { cwd: path.join(root, 'proj'), ignore: [] });
    assert.deepEqual(relativeAll(root, result.files), ['proj/app.js']);
  });

  it('applies --ignore globs relative to cwd', () => {
    const root = tree({ 'scripts/build.js': '', 'src/a.ts': '', 'src/a.test.ts': '', 'src/gen/x.ts': '', 'lib/gen/y.ts': '' });
    assert.deepEqual(walk(root, ['.'], ['scripts/**', '*.test.ts', './src/gen']).rel, ['lib/gen/y.ts', 'src/a.ts']);
  });

  it('applies the ignore globs of the governing cors-lint.json, relative to its folder', () => {
    const root = tree({
      'fixtures/top.js': '',
      'api/cors-lint.json': JSON.stringify({ ignore: ['fixtures/', 'legacy.js'] }),
      'api/fixtures/f.js': '',
      'api/legacy.js': '',
      'api/app.js': '',
      'legacy.js': '',
    });
    assert.deepEqual(walk(root).rel, ['api/app.js', 'fixtures/top.js', 'legacy.js']);
  });

  it('lists explicit file arguments even when ignored, and explicit folders even when usually skipped', () => {
    const root = tree({ '.gitignore': 'ignored.js\n', 'ignored.js': '', 'node_modules/pkg/index.js': '', 'dist/x.js': '' });
    assert.deepEqual(walk(root).rel, []);
    assert.deepEqual(walk(root, ['ignored.js', 'node_modules/pkg/index.js'], ['*.js']).rel, ['ignored.js', 'node_modules/pkg/index.js']);
    assert.deepEqual(walk(root, ['dist']).rel, ['dist/x.js']);
  });

  it('reports explicit arguments that are missing or not sources', () => {
    const root = tree({ 'notes.md': '', 'x.d.ts': '' });
    assert.deepEqual(walk(root, ['missing.js', 'notes.md', 'x.d.ts']).skippedRel, [
      'missing.js: cannot be read (ENOENT)',
      'notes.md: not a JavaScript or TypeScript file',
      'x.d.ts: type declaration file',
    ]);
  });

  it('lists each file once however it is reached', () => {
    const root = tree({ 'a.js': '', 'src/b.js': '' });
    const result = walk(root, ['.', 'a.js', './a.js', 'src', path.join(root, 'src/b.js')]);
    assert.deepEqual(result.rel, ['a.js', 'src/b.js']);
  });

  it('terminates on a symlink loop and lists files once', () => {
    const root = tree({ 'a/x.js': '', 'a/loop': { symlink: '..' }, 'a/self': { symlink: '.' } });
    const result = walk(root);
    assert.deepEqual(result.rel, ['a/x.js']);
    assert.deepEqual(result.skipped, []);
  });

  it('follows a symlinked folder or file once', () => {
    const outside = tree({ 'shared/util.js': '', 'lone.ts': '' });
    const root = tree({
      'real/x.js': '',
      'link': { symlink: 'real' },
      'shared': { symlink: path.join(outside, 'shared') },
      'lone-link.ts': { symlink: path.join(outside, 'lone.ts') },
    });
    assert.deepEqual(walk(root).rel, ['link/x.js', 'lone-link.ts', 'shared/util.js']);
  });

  it('reports a broken symlink to a source file and ignores other broken links', () => {
    const root = tree({ 'gone.js': { symlink: 'nowhere.js' }, 'gone-dir': { symlink: 'nowhere' } });
    assert.deepEqual(walk(root).skippedRel, ['gone.js: broken symbolic link']);
  });

  it('skips files over 1 MB from their size alone, without opening them', () => {
    const root = tree({ 'small.js': 'x', 'exact.js': Buffer.alloc(1024 * 1024, 0x20) });
    fs.truncateSync(path.join(root, 'exact.js'), 1024 * 1024); // exactly 1 MB is allowed
    fs.writeFileSync(path.join(root, 'big.js'), '');
    fs.truncateSync(path.join(root, 'big.js'), 2 * 1024 * 1024);
    const opened: string[] = [];
    const { openSync, readFileSync } = fs;
    const spyOpen = (p: fs.PathLike, ...rest: unknown[]): number => {
      opened.push(String(p));
      return (openSync as (...a: unknown[]) => number)(p, ...rest);
    };
    const spyRead = (p: fs.PathOrFileDescriptor, ...rest: unknown[]): unknown => {
      opened.push(String(p));
      return (readFileSync as (...a: unknown[]) => unknown)(p, ...rest);
    };
    Object.assign(fsModule, { openSync: spyOpen, readFileSync: spyRead });
    let result;
    try {
      result = walk(root);
    } finally {
      Object.assign(fsModule, { openSync, readFileSync });
    }
    assert.deepEqual(result.rel, ['exact.js', 'small.js']);
    assert.deepEqual(result.skippedRel, ['big.js: larger than 1 MB (2097152 bytes)']);
    assert.ok(!opened.some((p) => p.endsWith('big.js')), `opened: ${opened.join(', ')}`);
  });

  it('reports an unreadable folder and goes on (simulated: readdir fails with EACCES)', () => {
    const root = tree({ 'locked/secret.js': '', 'open/a.js': '' });
    const { readdirSync } = fs;
    const failing = (p: fs.PathLike, ...rest: unknown[]): unknown => {
      if (String(p).endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
      return (readdirSync as (...a: unknown[]) => unknown)(p, ...rest);
    };
    Object.assign(fsModule, { readdirSync: failing });
    let result;
    try {
      result = walk(root);
    } finally {
      Object.assign(fsModule, { readdirSync });
    }
    assert.deepEqual(result.rel, ['open/a.js']);
    assert.deepEqual(result.skippedRel, ['locked: cannot read directory (EACCES)']);
  });

  it('reports a folder made unreadable with chmod 000 (needs a non-root user)', function () {
    // root reads through any permission bits, so the simulated case above stands in for it there.
    if (isRoot) this.skip();
    const root = tree({ 'locked/secret.js': '', 'open/a.js': '' });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const result = walk(root);
      assert.deepEqual(result.rel, ['open/a.js']);
      assert.deepEqual(result.skippedRel, ['locked: cannot read directory (EACCES)']);
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('walks 20,000 files in well under a second', function () {
    this.timeout(60_000);
    const root = tree({ '.gitignore': '*.log\n' });
    for (let d = 0; d < 200; d++) {
      const dir = path.join(root, `pkg${d}`, 'src');
      fs.mkdirSync(dir, { recursive: true });
      if (d % 10 === 0) fs.writeFileSync(path.join(root, `pkg${d}`, '.gitignore'), 'generated/\n');
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(dir, `file${f}.${f % 2 ? 'ts' : 'js'}`), '');
    }
    addToTree(root, { 'node_modules/big/index.js': '' });
    const started = process.hrtime.bigint();
    const result = walkFiles(['.'], { cwd: root, ignore: ['**/*.spec.ts'] });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(result.files.length, 20_000);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });
});
