// psql variables in a query explain like $n parameters on a real PostgreSQL (PGlite 18): with values, or as a
// generic plan.
import { strict as assert } from 'node:assert';
import { openEmbedded } from '../../core/db/embedded';
import { runExplain } from '../../core/db/explain-runner';

describe('EXPLAIN of a query with psql variables (PGlite)', function () {
  this.timeout(120_000);

  it('takes values for :name and :\'name\', or makes a generic plan', async () => {
    const db = await openEmbedded(undefined, [{ path: 'schema.sql', text: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);' }]);
    try {
      const sql = "SELECT * FROM orders WHERE customer_id = :customer AND status = :'status' OR id = :customer;";
      const withValues = await runExplain(db.session, { sql, analyze: true, parameters: ['42', 'paid'] });
      assert.ok('plan' in withValues, JSON.stringify(withValues));
      assert.match(JSON.stringify(withValues.plan.root.conditions), /\$1|42/);
      const generic = await runExplain(db.session, { sql, analyze: false });
      assert.ok('plan' in generic, JSON.stringify(generic));
      assert.equal(generic.generic, true);
      assert.match(JSON.stringify(generic.plan.root.conditions), /\$1/, 'the plan keeps the parameter, not a value');
      const missing = await runExplain(db.session, { sql, analyze: true });
      assert.ok('refused' in missing && /2 parameter/.test(missing.refused), JSON.stringify(missing));
    } finally {
      await db.session.close();
    }
  });
});
