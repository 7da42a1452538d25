import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject, applyFix, projectFindings } from './project-helpers';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';

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

  it('leaves the VALIDATE as a comment when the file runs in one transaction and no next migration can be named', () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers;';
    assert.equal(
      fixed(sql, lintWithRule(ID, sql, { assumeInTransaction: true })),
      'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers NOT VALID;\n-- In a later migration, outside this transaction: ALTER TABLE orders VALIDATE CONSTRAINT fk;',
    );
  });

  it('ADD COLUMN ... REFERENCES: the referenced table\'s lock without a DEFAULT, the check with one; DEFAULT NULL is removable', () => {
    const [lock] = lintWithRule(ID, 'ALTER TABLE "Orders" ADD COLUMN "couponId" bigint REFERENCES coupons;');
    assert.equal(
      lock.message,
      'Adding "couponId" with a foreign key to coupons locks coupons against writes while "Orders" is locked ACCESS EXCLUSIVE: waiting for the second lock, it blocks every query on "Orders". Add the column first, then the key NOT VALID in a later statement.',
    );
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE orders (id bigint);\nALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons;'), []);
    assert.match(lintWithRule(ID, 'ALTER TABLE orders ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons;')[0].message, /has a DEFAULT, so its foreign key to coupons checks every row of orders/);
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

  it('is one finding: constraint-missing-not-valid leaves foreign keys to this rule', () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);';
    const ids = lintText(sql, { config: DEFAULT_CONFIG, fileName: 'migrations/002_fk.sql' }).findings.filter((f) => f.category === 'migration-safety' && f.ruleId !== 'require-lock-timeout').map((f) => f.ruleId);
    assert.deepEqual(ids, [ID]);
  });

  it('in a tool\'s transaction: VALIDATE goes in a new migration, which runs in a later transaction', () => {
    const files = {
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n',
      'prisma/migrations/20240102000000_fk/migration.sql': 'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);\n',
    };
    const target = 'prisma/migrations/20240102000000_fk/migration.sql';
    const [finding] = analyseInProject(files, target).filter((f) => f.ruleId === ID);
    const fix = finding.fixes[0];
    assert.equal(fix.title, 'Add NOT VALID, and VALIDATE in a new migration ../20240102000001_validate_orders_customer_id_fkey/migration.sql');
    const after = applyFix(files, target, fix);
    assert.equal(after[target], 'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n');
    assert.equal(after['prisma/migrations/20240102000001_validate_orders_customer_id_fkey/migration.sql'], 'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n');
    const now = projectFindings(after).filter((f) => / (adding-foreign-key-constraint|constraint-missing-not-valid)$/.test(f));
    assert.deepEqual(now, []);
    // goose: the new migration in goose's layout, run in its own transaction.
    const goose = { 'db/00001_init.sql': `-- +goose Up\n${files['prisma/migrations/20240101000000_init/migration.sql']}`, 'db/00002_fk.sql': `-- +goose Up\n${files[target]}` };
    const [g] = analyseInProject(goose, 'db/00002_fk.sql').filter((f) => f.ruleId === ID);
    assert.deepEqual(g.fixes[0].newFiles?.map((f) => f.text), ['-- +goose Up\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n\n-- +goose Down\n-- Nothing to undo: VALIDATE CONSTRAINT only checks the existing rows.\n']);
  });
});
