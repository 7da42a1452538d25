import { strict as assert } from 'node:assert';
import { numberNamedParameters } from '../../core/db/named-parameters';

describe('psql variables as EXPLAIN parameters', () => {
  it('numbers :name, :\'name\' and :"name", the same name with the same number', () => {
    const r = numberNamedParameters(`SELECT * FROM orders WHERE customer_id = :customer AND status = :'status' AND id > :customer`);
    assert.equal(r.sql, 'SELECT * FROM orders WHERE customer_id = $1 AND status = $2 AND id > $1');
    assert.deepEqual(r.names, ['customer', 'status']);
  });

  it('leaves casts, array slices, strings, comments, quoted identifiers and dollar quotes alone', () => {
    const sql = `SELECT a::text, b[1:n], ':x', "c:d", $$ :y $$ -- :z\nFROM t /* :w */ WHERE e = E'\\' :v'`;
    const r = numberNamedParameters(sql);
    assert.equal(r.sql, sql);
    assert.deepEqual(r.names, []);
  });

  it('continues after $n parameters already in the text', () => {
    const r = numberNamedParameters('SELECT * FROM t WHERE a = $1 AND b = :b');
    assert.equal(r.sql, 'SELECT * FROM t WHERE a = $1 AND b = $2');
    assert.equal(r.first, 2);
  });
});
