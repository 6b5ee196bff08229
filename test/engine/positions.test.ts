import * as assert from 'node:assert/strict';
import { createLineIndex, lineCount, lineText, offsetAt, positionAt } from '../../server/engine/positions';

describe('positions', () => {
  it('maps offsets in LF text to 1-based line and column', () => {
    const index = createLineIndex('ab\ncd');
    assert.deepEqual(positionAt(index, 0), { line: 1, column: 1 });
    assert.deepEqual(positionAt(index, 2), { line: 1, column: 3 }); // the \n itself ends line 1
    assert.deepEqual(positionAt(index, 3), { line: 2, column: 1 });
    assert.deepEqual(positionAt(index, 5), { line: 2, column: 3 }); // end of text: exclusive-end column
  });

  it('treats CRLF as one line break and a lone CR as a break', () => {
    const crlf = createLineIndex('ab\r\ncd');
    assert.equal(lineCount(crlf), 2);
    assert.deepEqual(positionAt(crlf, 4), { line: 2, column: 1 });
    assert.deepEqual(positionAt(crlf, 3), { line: 1, column: 4 }); // between \r and \n: still line 1
    const cr = createLineIndex('a\rb');
    assert.deepEqual(positionAt(cr, 2), { line: 2, column: 1 });
    const mixed = createLineIndex('a\nb\r\nc\rd');
    assert.equal(lineCount(mixed), 4);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((_, i) => lineText(mixed, i + 1)), ['a', 'b', 'c', 'd']);
  });

  it('counts columns in UTF-16 code units', () => {
    const index = createLineIndex('😀x');
    assert.deepEqual(positionAt(index, 2), { line: 1, column: 3 });
  });

  it('clamps offsets outside the text', () => {
    const index = createLineIndex('ab\ncd');
    assert.deepEqual(positionAt(index, -5), { line: 1, column: 1 });
    assert.deepEqual(positionAt(index, 99), { line: 2, column: 3 });
  });

  it('handles empty text and a trailing newline', () => {
    assert.deepEqual(positionAt(createLineIndex(''), 0), { line: 1, column: 1 });
    const trailing = createLineIndex('a\n');
    assert.equal(lineCount(trailing), 2);
    assert.deepEqual(positionAt(trailing, 2), { line: 2, column: 1 });
    assert.equal(lineText(trailing, 2), '');
  });

  it('round-trips every offset outside a CRLF pair', () => {
    const text = 'const a = 1;\r\n\r\nfoo(😀)\nbar\rbaz\n';
    const index = createLineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
      assert.equal(offsetAt(index, positionAt(index, offset)), offset, `offset ${offset}`);
    }
  });

  it('clamps positions past a line to the end of its content, before the line break', () => {
    const index = createLineIndex('ab\r\ncd');
    assert.equal(offsetAt(index, { line: 1, column: 50 }), 2);
    assert.equal(offsetAt(index, { line: 9, column: 1 }), 6);
    assert.equal(offsetAt(index, { line: 0, column: 3 }), 0);
  });

  it('returns line text without the line break', () => {
    const index = createLineIndex('  app.use(cors())\r\nnext');
    assert.equal(lineText(index, 1), '  app.use(cors())');
    assert.equal(lineText(index, 2), 'next');
    assert.equal(lineText(index, 3), '');
  });

  it('answers many lookups in a large text quickly', () => {
    const text = 'x'.repeat(40).concat('\n').repeat(25_000); // ~1 MB
    const started = process.hrtime.bigint();
    const index = createLineIndex(text);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += positionAt(index, (i * 7919) % text.length).line;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(sum > 0);
    assert.ok(ms < 500, `took ${ms} ms`);
  });
});
