// The editor keeps the schema checks' findings per statement (core/analysis/statement-cache.ts, SchemaFindingsCache)
// and judges again only what an edit changed, as long as the catalogs, the settings and what the file itself
// creates are the same; the findings are always those of a check without the cache.
import { strict as assert } from 'node:assert';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { parseDocument, type SqlDocument } from '../../../core/parse/document';
import { initParser } from '../../../core/parse/parser';
import { schemaFindings } from '../../../core/semantics/diagnostics';
import { SchemaLookup } from '../../../core/semantics/lookup';

/** A lookup that counts the relations it is asked for: how much was judged again. */
class CountingLookup extends SchemaLookup {
  asked = 0;
  override relation(...args: Parameters<SchemaLookup['relation']>): ReturnType<SchemaLookup['relation']> {
    this.asked++;
    return super.relation(...args);
  }
}

const seen = (doc: SqlDocument, lookup: SchemaLookup, incremental: boolean): string[] =>
  schemaFindings(doc, lookup, { incremental, fresh: false }).map((f) => `${f.ruleId} ${f.range.start}-${f.range.end} ${f.message}`);

describe('semantics: the schema checks keep their findings per statement across edits', () => {
  let catalog: ReturnType<typeof buildCatalog>['catalog'];
  before(async () => {
    await initParser();
    catalog = buildCatalog([{ path: 'schema.sql', text: 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text);' }]).catalog;
  });

  it('judges again only the statements an edit changed, and moves the others', () => {
    const lookup = new CountingLookup([catalog]);
    const text = 'SELECT id, emial FROM accounts;\nSELECT id FROM acounts;\nSELECT email FROM accounts;\n';
    const first = parseDocument(text);
    const before = seen(first, lookup, true);
    assert.ok(before.some((f) => f.includes('emial')) && before.some((f) => f.includes('acounts')), before.join('\n'));
    const askedAtFirst = lookup.asked;
    const edited = parseDocument(`SELECT 1;\n${text}`, undefined, first);
    lookup.asked = 0;
    const after = seen(edited, lookup, true);
    assert.deepEqual(after, seen(edited, new SchemaLookup([catalog]), false));
    assert.ok(lookup.asked < askedAtFirst / 2, `asked for ${lookup.asked} relations again (${askedAtFirst} at first)`);
  });

  it('judges every statement again when the file creates a relation it did not before', () => {
    const lookup = new SchemaLookup([catalog]);
    const first = parseDocument('SELECT id FROM orders;\n');
    assert.ok(seen(first, lookup, true).some((f) => f.includes('orders')));
    const edited = parseDocument('SELECT id FROM orders;\nCREATE TABLE orders (id bigint);\n', undefined, first);
    assert.deepEqual(seen(edited, lookup, true), seen(edited, new SchemaLookup([catalog]), false));
    assert.ok(!seen(edited, lookup, true).some((f) => f.includes('"orders"') || f.includes(' orders ')), 'a relation the file creates is not unknown');
  });

  it('judges again against another catalog', () => {
    const doc = parseDocument('SELECT id FROM orders;\n');
    assert.ok(seen(doc, new SchemaLookup([catalog]), true).some((f) => f.includes('orders')));
    const withOrders = buildCatalog([{ path: 'schema.sql', text: 'CREATE TABLE orders (id bigint);' }]).catalog;
    assert.deepEqual(seen(doc, new SchemaLookup([withOrders]), true), []);
  });
});
