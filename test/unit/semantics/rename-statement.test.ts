// The DDL a rename writes as a new migration (core/semantics/rename-statement.ts), checked by the real parser.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { initParser } from '../../../core/parse/parser';
import { renameStatements } from '../../../core/semantics/rename-statement';
import { lookupOf } from './helpers';
import { lintWithRule } from '../rules/migration-safety-helpers';

const LOCK_TIMEOUT = "SET lock_timeout = '5s';\n";

describe('rename as DDL', () => {
  before(() => initParser());

  const cases: [Parameters<typeof renameStatements>[0], string, string, string][] = [
    [{ kind: 'relation', schema: 'public', name: 'orders' }, 'purchases', `${LOCK_TIMEOUT}ALTER TABLE public.orders RENAME TO purchases;`, `${LOCK_TIMEOUT}ALTER TABLE public.purchases RENAME TO orders;`],
    [{ kind: 'relation', schema: 'public', name: 'big_orders' }, 'Large', `${LOCK_TIMEOUT}ALTER VIEW public.big_orders RENAME TO "Large";`, `${LOCK_TIMEOUT}ALTER VIEW public."Large" RENAME TO big_orders;`],
    [{ kind: 'column', schema: 'billing', table: 'invoices', name: 'order_id' }, 'purchase_id', `${LOCK_TIMEOUT}ALTER TABLE billing.invoices RENAME COLUMN order_id TO purchase_id;`, `${LOCK_TIMEOUT}ALTER TABLE billing.invoices RENAME COLUMN purchase_id TO order_id;`],
    [{ kind: 'type', schema: 'public', name: 'mood' }, 'feeling', 'ALTER TYPE public.mood RENAME TO feeling;', 'ALTER TYPE public.feeling RENAME TO mood;'],
    [{ kind: 'function', schema: 'public', name: 'order_total' }, 'total_of', 'ALTER FUNCTION public.order_total(bigint) RENAME TO total_of;', 'ALTER FUNCTION public.total_of(bigint) RENAME TO order_total;'],
  ];
  for (const [symbol, to, up, down] of cases) {
    it(`${symbol.kind} ${symbol.name} -> ${to}`, () => {
      const r = renameStatements(symbol, to, lookupOf());
      assert.equal(r?.up, up);
      assert.equal(r?.down, down);
      for (const s of parseDocument(`${r.up}\n${r.down}`).statements) assert.equal(s.syntaxError, undefined, s.text);
      // What a rename writes is not flagged for its lock (a fix never writes what another rule flags).
      assert.deepEqual(lintWithRule('require-lock-timeout', r.up), []);
    });
  }

  it('nothing for an object the catalog does not know', () => {
    assert.equal(renameStatements({ kind: 'relation', schema: 'public', name: 'nope' }, 'x', lookupOf()), undefined);
  });
});
