// The server's safety net and its inputs: `guard` turns throws and rejections into a log line and a fallback
// answer; settings and initializationOptions from the client are read defensively.
import * as assert from 'node:assert/strict';
import { guard, type Log } from '../../server/lsp/log';
import { readServerOptions, readSettings } from '../../server/lsp/settings';

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

describe('lsp: guard and settings', () => {
  it('guard answers the fallback and logs where a handler threw or rejected', async () => {
    const log = recordingLog();
    const throws = guard(log, 'hover', null, (): string | null => {
      throw new Error('adapter blew up');
    });
    assert.equal(throws(), null);
    const rejects = guard(log, 'code actions', [] as string[], async (): Promise<string[]> => Promise.reject(new TypeError('bad node')));
    assert.deepEqual(await rejects(), []);
    const fine = guard(log, 'ok', 0, (a: number, b: number) => a + b);
    assert.equal(fine(2, 3), 5);
    assert.equal(log.lines.length, 2);
    assert.match(log.lines[0] ?? '', /^error cors-lint: hover failed: Error: adapter blew up\n {4}at /);
    assert.match(log.lines[1] ?? '', /^error cors-lint: code actions failed: TypeError: bad node/);
  });

  it('reads settings and options defensively', () => {
    assert.deepEqual(readSettings({ enable: false, run: 'onSave' }), { enable: false, run: 'onSave' });
    assert.deepEqual(readSettings({ enable: 'no', run: 'sometimes' }), { enable: true, run: 'onType' });
    assert.deepEqual(readSettings(null), { enable: true, run: 'onType' });
    assert.deepEqual(readServerOptions({ debounceMs: 0 }), { debounceMs: 0 });
    assert.deepEqual(readServerOptions({ debounceMs: -5 }), { debounceMs: 150 });
    assert.deepEqual(readServerOptions(undefined), { debounceMs: 150 });
  });
});
