import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// The module object itself (not an import namespace, whose properties are read-only): a test spies on it.
import fsModule = require('node:fs');
import { createDiskHost, looksBinary, readSourceFile } from '../../server/engine/disk-host';
import { makeTree, removeTree } from '../helpers/temp-tree';

describe('disk host', () => {
  let root: string;
  before(() => {
    const lateNul = Buffer.concat([Buffer.alloc(8 * 1024, 0x61), Buffer.from([0])]);
    root = makeTree({
      'app.js': 'app.use(cors())\r\n',
      'binary.js': Buffer.from([0x61, 0x00, 0x62]),
      'late-nul.js': lateNul,
      'folder.js/inner.js': '',
    });
    fs.writeFileSync(path.join(root, 'big.js'), '');
    fs.truncateSync(path.join(root, 'big.js'), 1024 * 1024 + 1);
  });
  after(() => removeTree(root));

  it('reads a source file as text, line endings untouched', () => {
    assert.deepEqual(readSourceFile(path.join(root, 'app.js')), { text: 'app.use(cors())\r\n' });
  });

  it('skips a binary file: a NUL byte in the first 8 KiB', () => {
    assert.deepEqual(readSourceFile(path.join(root, 'binary.js')), { skipped: 'binary file' });
    const late = readSourceFile(path.join(root, 'late-nul.js'));
    assert.ok('text' in late, 'a NUL after 8 KiB does not make it binary');
    assert.equal(looksBinary(new Uint8Array([1, 2, 0])), true);
    assert.equal(looksBinary(new Uint8Array([])), false);
  });

  it('skips a file over 1 MB without reading its contents', () => {
    const reads: string[] = [];
    const { readFileSync } = fsModule;
    const spy = (p: fs.PathOrFileDescriptor, ...rest: unknown[]): unknown => {
      reads.push(String(p));
      return (readFileSync as (...a: unknown[]) => unknown)(p, ...rest);
    };
    Object.assign(fsModule, { readFileSync: spy });
    let result;
    try {
      result = readSourceFile(path.join(root, 'big.js'));
    } finally {
      Object.assign(fsModule, { readFileSync });
    }
    assert.deepEqual(result, { skipped: 'larger than 1 MB (1048577 bytes)' });
    assert.deepEqual(reads, []);
  });

  it('says why a file could not be read', () => {
    assert.deepEqual(readSourceFile(path.join(root, 'missing.js')), { skipped: 'cannot read file (ENOENT)' });
    assert.deepEqual(readSourceFile(path.join(root, 'folder.js')), { skipped: 'not a regular file' });
  });

  it('serves other files through the same guards and caches each answer', () => {
    const host = createDiskHost();
    assert.equal(host.readFile(path.join(root, 'app.js')), 'app.use(cors())\r\n');
    assert.equal(host.readFile(path.join(root, 'binary.js')), undefined);
    assert.equal(host.readFile(path.join(root, 'big.js')), undefined);
    assert.equal(host.readFile(path.join(root, 'missing.js')), undefined);
    fs.writeFileSync(path.join(root, 'app.js'), 'changed');
    assert.equal(host.readFile(path.join(root, 'app.js')), 'app.use(cors())\r\n', 'cached for the host lifetime');
    assert.equal(createDiskHost().readFile(path.join(root, 'app.js')), 'changed');
  });
});
