import { strict as assert } from 'node:assert';
import type { CatalogView } from '../../../core/catalog/catalog';
import { describeColumn, describeRelation } from '../../../core/semantics/describe';
import { identifierAt, type IdentifierTarget } from '../../../core/semantics/identifier';
import { SchemaLookup } from '../../../core/semantics/lookup';
import { at, schemaCatalog } from './helpers';

let catalog: CatalogView;
let lookup: SchemaLookup;
before(() => {
  catalog = schemaCatalog();
  lookup = new SchemaLookup([catalog]);
});

function target(text: string): IdentifierTarget | undefined {
  const { document, offset } = at(text);
  return identifierAt(document, offset, lookup);
}

function describe1(t: IdentifierTarget | undefined): string {
  if (!t) return 'nothing';
  if (t.kind === 'relation') return `relation ${t.relation.schema}.${t.relation.name}`;
  if (t.kind === 'column') return `column ${t.relation.name}.${t.column.name}`;
  return `cte ${t.item.name}`;
}

describe('semantics: identifiers under the cursor and their descriptions', () => {
  it('finds tables, aliases, columns and CTEs in parsed statements', () => {
    assert.equal(describe1(target('SELECT * FROM ord|ers o')), 'relation public.orders');
    assert.equal(describe1(target('SELECT o|.id FROM orders o')), 'relation public.orders');
    assert.equal(describe1(target('SELECT o.i|d FROM orders o')), 'column orders.id');
    assert.equal(describe1(target('SELECT em|ail FROM orders o JOIN customers c ON true')), 'column customers.email');
    assert.equal(describe1(target('SELECT * FROM billing.invo|ices')), 'relation billing.invoices');
    assert.equal(describe1(target('SELECT * FROM bill|ing.invoices')), 'nothing');
    assert.equal(describe1(target('WITH t AS (SELECT 1) SELECT * FROM |t')), 'cte t');
    assert.equal(describe1(target('ALTER TABLE cust|omers ADD COLUMN x int')), 'relation public.customers');
    assert.equal(describe1(target('CREATE TABLE customers (id bigint, em|ail text)')), 'column customers.email');
    assert.equal(describe1(target('SELECT no|pe FROM orders')), 'nothing');
  });

  it('falls back to tokens where the statement does not parse', () => {
    assert.equal(describe1(target('SELECT o.sta|tus FROM orders o WHERE')), 'column orders.status');
    assert.equal(describe1(target('SELECT * FROM ord|ers WHERE (')), 'relation public.orders');
    assert.equal(describe1(target('SELECT em|ail FROM customers WHERE')), 'column customers.email');
  });

  it('describes a table: columns with types, primary key, indexes, foreign keys both ways', () => {
    const orders = catalog.relation({ schema: 'public', name: 'orders' })!;
    const text = describeRelation(orders, catalog);
    assert.match(text, /^\*\*table\*\* `public\.orders`/);
    assert.match(text, /\| 🔑 id \| `bigint NOT NULL GENERATED ALWAYS AS IDENTITY` \|/);
    assert.match(text, /\| status \| `text NOT NULL DEFAULT 'new'` \|/);
    assert.match(text, /\*\*Primary key:\*\* \(id\)/);
    assert.match(text, /- `orders_customer_idx`: `\(customer_id, status\)`/);
    assert.match(text, /\*\*Foreign keys:\*\*\n- \(customer_id\) → public\.customers \(id\) ON DELETE CASCADE/);
    assert.match(text, /\*\*Referenced by:\*\*\n- billing\.invoices \(order_id\)/);
    const customers = describeRelation(catalog.relation({ schema: 'public', name: 'customers' })!, catalog);
    assert.match(customers, /\*\*Unique:\*\* `customers_email_key` \(email\)/);
  });

  it('describes a column: type, nullability, default, constraints and the indexes containing it', () => {
    const orders = catalog.relation({ schema: 'public', name: 'orders' })!;
    const status = describeColumn(orders, orders.columns.find((c) => c.name === 'status')!, catalog);
    assert.match(status, /`text` — NOT NULL/);
    assert.match(status, /Default: `'new'`/);
    assert.match(status, /orders_customer_idx.* — column 2/);
    const customerId = describeColumn(orders, orders.columns.find((c) => c.name === 'customer_id')!, catalog);
    assert.match(customerId, /foreign key `orders_customer_id_fkey` → public\.customers \(id\)/);
    assert.match(customerId, /— leading column/);
    const total = describeColumn(orders, orders.columns.find((c) => c.name === 'total')!, catalog);
    assert.match(total, /`numeric\(12,2\)` — nullable/);
    assert.match(total, /No index contains this column\./);
  });
});
