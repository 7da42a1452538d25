// Type changes the PostgreSQL 15 server test does not cover: versions before 12 and the hedged target types.
import { strict as assert } from 'node:assert';
import { typeChangeRewrites, mayAvoidRewrite, type ColumnType } from '../../../core/knowledge/column-type-change';

const type = (name: string, modifiers: number[] = [], array = false): ColumnType => ({ name, modifiers, array });

describe('column type changes', () => {
  it('timestamp -> timestamptz: a rewrite before 12, free in UTC since', () => {
    assert.equal(typeChangeRewrites(type('timestamp'), type('timestamptz'), 11), 'yes');
    assert.equal(typeChangeRewrites(type('timestamp'), type('timestamptz'), 12), 'unless-utc');
    assert.equal(typeChangeRewrites(type('timestamp', [6]), type('timestamptz', [3]), 16), 'yes');
  });

  it('widening varchar and numeric is free, narrowing is not', () => {
    assert.equal(typeChangeRewrites(type('varchar', [20]), type('varchar', [40]), 16), 'no');
    assert.equal(typeChangeRewrites(type('varchar', [40]), type('varchar', [20]), 16), 'yes');
    assert.equal(typeChangeRewrites(type('numeric', [10, 2]), type('numeric', [12, 2]), 16), 'no');
    assert.equal(typeChangeRewrites(type('numeric', [10, 2]), type('numeric', [12, 4]), 16), 'yes');
    assert.equal(typeChangeRewrites(type('int4'), type('int8'), 16), 'yes');
  });

  it('knows which targets some old type reaches for free', () => {
    assert.equal(mayAvoidRewrite(type('text')), true);
    assert.equal(mayAvoidRewrite(type('varchar', [255])), true);
    assert.equal(mayAvoidRewrite(type('int8')), false);
    assert.equal(mayAvoidRewrite(type('bpchar', [10])), false);
    assert.equal(mayAvoidRewrite(type('text', [], true)), false);
  });
});
