import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'adding-foreign-key-constraint';

describe(ID, () => {
  it('names an unnamed key the way PostgreSQL would and validates it after the statement', () => {
    const sql = 'ALTER TABLE app.orders ADD FOREIGN KEY (customer_id, region) REFERENCES customers ON DELETE CASCADE;\n';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.equal(
      fixed(sql, findings),
      'ALTER TABLE app.orders ADD CONSTRAINT orders_customer_id_region_fkey FOREIGN KEY (customer_id, region) REFERENCES customers ON DELETE CASCADE NOT VALID;\n' +
        'ALTER TABLE app.orders VALIDATE CONSTRAINT orders_customer_id_region_fkey;\n',
    );
  });

  it('puts the VALIDATE after the COMMIT of an explicit transaction, and quotes names', () => {
    const sql = 'BEGIN;\nALTER TABLE "Order" ADD CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"(id);\nCOMMIT;';
    assert.equal(
      fixed(sql, lintWithRule(ID, sql)),
      'BEGIN;\nALTER TABLE "Order" ADD CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"(id) NOT VALID;\nCOMMIT;\nALTER TABLE "Order" VALIDATE CONSTRAINT "Order_userId_fkey";',
    );
  });

  it('leaves the VALIDATE as a comment when the file runs in one transaction', () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers;';
    assert.equal(
      fixed(sql, lintWithRule(ID, sql, { assumeInTransaction: true })),
      'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers NOT VALID;\n-- In a later migration, outside this transaction: ALTER TABLE orders VALIDATE CONSTRAINT fk;',
    );
  });

  it('ADD COLUMN ... REFERENCES: only with a DEFAULT (PostgreSQL skips the check otherwise); DEFAULT NULL is removable', () => {
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons;'), []);
    assert.equal(lintWithRule(ID, 'ALTER TABLE orders ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons;').length, 1);
    const sql = 'ALTER TABLE messages ADD COLUMN assistant_id uuid REFERENCES assistants(id) ON DELETE CASCADE DEFAULT NULL;';
    const findings = lintWithRule(ID, sql);
    assert.match(findings[0].message, /DEFAULT NULL/);
    assert.equal(fixed(sql, findings), 'ALTER TABLE messages ADD COLUMN assistant_id uuid REFERENCES assistants(id) ON DELETE CASCADE;');
  });

  it('is quiet for NOT VALID, new tables, down migrations and pg_dump output', () => {
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u NOT VALID;'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE o (c int);\nALTER TABLE ONLY o ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u;', { fileName: '003_fk.down.sql' }), []);
    const dump = '--\n-- PostgreSQL database dump\n--\n\nALTER TABLE ONLY public.o ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES public.u(id);';
    assert.deepEqual(lintWithRule(ID, dump), []);
  });
});
