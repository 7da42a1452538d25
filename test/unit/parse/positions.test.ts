import { strict as assert } from 'node:assert';
import { EncodedOffsets, LineIndex } from '../../../core/parse/positions';

describe('LineIndex', () => {
  it('converts offsets and positions across \\n, \\r\\n and \\r', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('d')), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(text.indexOf('f')), { line: 2, character: 1 });
    assert.deepEqual(lines.positionAt(text.indexOf('h')), { line: 3, character: 1 });
    assert.equal(lines.offsetAt({ line: 2, character: 0 }), text.indexOf('e'));
    assert.equal(lines.lineText(1), 'cd');
  });

  it('clamps out-of-range input', () => {
    const lines = new LineIndex('ab\ncd');
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(99), { line: 1, character: 2 });
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 3);
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), 5);
  });
});

describe('EncodedOffsets', () => {
  it('maps UTF-8 byte offsets to UTF-16 indexes through 2-, 3- and 4-byte characters', () => {
    const text = 'é漢😀x';
    const o = new EncodedOffsets(text);
    assert.equal(o.indexOfByte(0), 0);
    assert.equal(o.indexOfByte(2), 1); // after é (2 bytes)
    assert.equal(o.indexOfByte(5), 2); // after 漢 (3 bytes)
    assert.equal(o.indexOfByte(9), 4); // after 😀 (4 bytes, 2 UTF-16 units)
    assert.equal(o.indexOfByte(10), 5);
    assert.equal(o.byteOfIndex(4), 9);
    assert.equal(Buffer.byteLength(text), 10);
  });

  it('maps code-point offsets (PostgreSQL error cursors) to UTF-16 indexes', () => {
    const o = new EncodedOffsets('😀😀x');
    assert.equal(o.indexOfCodePoint(1), 2);
    assert.equal(o.indexOfCodePoint(2), 4);
    assert.equal(o.indexOfCodePoint(99), 5);
  });

  it('is the identity on ASCII', () => {
    const o = new EncodedOffsets('select 1');
    assert.equal(o.indexOfByte(7), 7);
    assert.equal(o.indexOfCodePoint(7), 7);
  });
});
