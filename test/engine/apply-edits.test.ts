import * as assert from 'node:assert/strict';
import { applyEdits, detectLineEnding, editsOverlap, withLineEnding } from '../../server/engine/apply-edits';
import type { Edit } from '../../server/model/fix';

const edit = (start: number, end: number, text: string): Edit => ({ file: '/f.js', span: [start, end], text });

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    const out = applyEdits('0123456789', [edit(8, 9, 'E'), edit(1, 3, 'AB-'), edit(5, 5, '^')]);
    assert.equal(out.text, '0AB-34^567E9');
    assert.deepEqual(out.applied.map((e) => e.span[0]), [1, 5, 8]);
    assert.deepEqual(out.skipped, []);
  });

  it('returns the text unchanged for no edits', () => {
    assert.equal(applyEdits('abc', []).text, 'abc');
  });

  it('writes inserted line breaks in the file style: CRLF stays CRLF', () => {
    const text = 'a\r\nb\r\n';
    const out = applyEdits(text, [edit(3, 3, 'x\ny\n')]);
    assert.equal(out.text, 'a\r\nx\r\ny\r\nb\r\n');
    // Already-CRLF text is not doubled into \r\r\n.
    assert.equal(applyEdits(text, [edit(3, 3, 'x\r\n')]).text, 'a\r\nx\r\nb\r\n');
  });

  it('keeps LF files LF, even when the inserted text has CRLF', () => {
    assert.equal(applyEdits('a\nb\n', [edit(2, 2, 'x\r\ny\n')]).text, 'a\nx\ny\nb\n');
  });

  it('detects the line ending from the first line break', () => {
    assert.equal(detectLineEnding(''), '\n');
    assert.equal(detectLineEnding('no breaks'), '\n');
    assert.equal(detectLineEnding('a\r\nb\n'), '\r\n');
    assert.equal(detectLineEnding('a\nb\r\n'), '\n');
    assert.equal(withLineEnding('a\nb', '\r\n'), 'a\r\nb');
  });

  it('refuses an overlapping edit: the one starting first wins, whatever the input order', () => {
    for (const edits of [[edit(2, 5, 'X'), edit(4, 6, 'Y')], [edit(4, 6, 'Y'), edit(2, 5, 'X')]]) {
      const out = applyEdits('0123456789', edits);
      assert.equal(out.text, '01X56789');
      assert.equal(out.skipped.length, 1);
      assert.deepEqual(out.skipped[0]?.edit.span, [4, 6]);
      assert.match(out.skipped[0]?.reason ?? '', /overlaps the edit at 2-5/);
    }
  });

  it('breaks a tie on the same start by the shorter span', () => {
    const out = applyEdits('0123456789', [edit(2, 6, 'LONG'), edit(2, 4, 'S')]);
    assert.equal(out.text, '01S456789');
    assert.deepEqual(out.skipped.map((s) => s.edit.text), ['LONG']);
  });

  it('keeps insertions at the same offset in the order given', () => {
    assert.equal(applyEdits('abc', [edit(1, 1, 'A'), edit(1, 1, 'B')]).text, 'aABbc');
    assert.equal(applyEdits('abc', [edit(1, 1, 'B'), edit(1, 1, 'A')]).text, 'aBAbc');
  });

  it('puts an insertion at the start of a replacement before it, and one at its end after it', () => {
    const out = applyEdits('0123456789', [edit(2, 4, 'R'), edit(2, 2, '<'), edit(4, 4, '>')]);
    assert.equal(out.text, '01<R>456789');
    assert.deepEqual(out.skipped, []);
  });

  it('refuses an insertion strictly inside a replacement', () => {
    const out = applyEdits('0123456789', [edit(2, 5, 'R'), edit(3, 3, '!')]);
    assert.equal(out.text, '01R56789');
    assert.equal(out.skipped.length, 1);
  });

  it('applies adjacent replacements', () => {
    assert.equal(applyEdits('abcd', [edit(0, 2, 'X'), edit(2, 4, 'Y')]).text, 'XY');
  });

  it('skips an exact duplicate edit instead of applying it twice', () => {
    const out = applyEdits('res.end()', [edit(0, 0, 'vary();'), edit(0, 0, 'vary();')]);
    assert.equal(out.text, 'vary();res.end()');
    assert.deepEqual(out.skipped.map((s) => s.reason), ['duplicate of an edit already applied']);
  });

  it('skips edits with spans outside the text', () => {
    const out = applyEdits('abc', [edit(-1, 1, 'x'), edit(2, 1, 'x'), edit(1, 9, 'x'), edit(Number.NaN, 1, 'x'), edit(3, 3, '!')]);
    assert.equal(out.text, 'abc!');
    assert.equal(out.skipped.length, 4);
    for (const s of out.skipped) assert.match(s.reason, /outside the text \(length 3\)/);
  });

  it('tells overlapping edits apart from touching ones', () => {
    assert.equal(editsOverlap(edit(0, 2, ''), edit(2, 4, '')), false);
    assert.equal(editsOverlap(edit(0, 3, ''), edit(2, 4, '')), true);
    assert.equal(editsOverlap(edit(1, 1, ''), edit(1, 1, '')), false);
    assert.equal(editsOverlap(edit(2, 2, ''), edit(0, 4, '')), true);
    assert.equal(editsOverlap(edit(0, 4, ''), edit(4, 4, '')), false);
  });
});
