// The catalog's derived lookups (indexes, policies and triggers of a table, foreign keys referencing it, its
// partitions and children, function overloads) are kept current by each write instead of being rebuilt after
// it. Checked against grouping the catalog's lists from scratch, statement after statement of a generated file
// that creates, alters, renames, moves and drops all of them, and in a copy taken halfway.
import { strict as assert } from 'node:assert';
import { Catalog, type ForeignKeyLink } from '../../../core/catalog/catalog';
import { applyDocument } from '../../../core/catalog/ddl/apply';
import type { QualifiedName } from '../../../core/catalog/names';
import { parseDocument } from '../../../core/parse/document';
import { mixedScript } from '../../helpers/large-sql';

/** DDL that moves objects between groups: partitions, inheritance, renames, schema moves, drops, overloads. */
function churn(groups: number): string[] {
  const out = ['CREATE SCHEMA other;'];
  for (let i = 0; i < groups; i++) {
    out.push(
      // Created first, joining a parent later: after tables that joined it first (each lookup keeps catalog order).
      `CREATE TABLE early${i} (id bigint PRIMARY KEY, p_id bigint, q_id bigint);`,
      `CREATE TABLE p${i}_c (id bigint NOT NULL, at date NOT NULL, ref bigint);`,
      `CREATE TABLE p${i} (id bigint PRIMARY KEY, at date NOT NULL, ref bigint) PARTITION BY RANGE (id);`,
      `CREATE TABLE p${i}_a PARTITION OF p${i} FOR VALUES FROM (0) TO (100);`,
      `CREATE INDEX p${i}_at_idx ON p${i} (at);`,
      `CREATE TABLE p${i}_b PARTITION OF p${i} FOR VALUES FROM (100) TO (200);`,
      `CREATE TABLE h${i} (id bigint PRIMARY KEY, p_id bigint REFERENCES p${i} (id), q_id bigint);`,
      `CREATE TABLE k${i} (extra text) INHERITS (h${i});`,
      `ALTER TABLE k${i} ADD CONSTRAINT k${i}_p_fk FOREIGN KEY (p_id) REFERENCES p${i} (id);`,
      `ALTER TABLE h${i} ADD CONSTRAINT h${i}_q_fk FOREIGN KEY (q_id) REFERENCES h${i} (id);`,
      `CREATE INDEX h${i}_q_idx ON h${i} (q_id);`,
      `ALTER TABLE early${i} INHERIT h${i};`,
      `ALTER TABLE p${i} ATTACH PARTITION p${i}_c FOR VALUES FROM (200) TO (300);`,
      `ALTER TABLE h${i} ENABLE ROW LEVEL SECURITY;`,
      `CREATE POLICY h${i}_read ON h${i} FOR SELECT USING (true);`,
      `CREATE OR REPLACE FUNCTION touch${i % 3}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`,
      `CREATE OR REPLACE FUNCTION touch${i % 3}(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;`,
      `CREATE TRIGGER h${i}_touch BEFORE UPDATE ON h${i} FOR EACH ROW EXECUTE FUNCTION touch${i % 3}();`,
    );
    if (i % 4 === 1) out.push(`ALTER TABLE h${i} RENAME TO renamed${i};`, `ALTER POLICY h${i}_read ON renamed${i} RENAME TO r${i}_read;`);
    if (i % 4 === 2) out.push(`ALTER TABLE h${i} SET SCHEMA other;`, `ALTER INDEX other.h${i}_q_idx RENAME TO moved${i}_idx;`);
    if (i % 4 === 3) out.push(`DROP TRIGGER h${i}_touch ON h${i};`, `DROP POLICY h${i}_read ON h${i};`, `DROP TABLE k${i};`, `DROP TABLE p${i} CASCADE;`);
    if (i % 5 === 4) out.push(`DROP FUNCTION touch${i % 3}(integer);`, `DROP TABLE h${i} CASCADE;`, `CREATE TABLE h${i} (id bigint PRIMARY KEY);`);
  }
  return out;
}

const keyOf = (q: QualifiedName): string => `${q.schema}.${q.name}`;

function group<T>(values: readonly T[], keys: (value: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    for (const k of keys(v)) {
      const list = out.get(k);
      if (list) list.push(v);
      else out.set(k, [v]);
    }
  }
  return out;
}

/** The same objects in the same order (identity, not structure: cheap enough to check after every statement). */
function assertSame(actual: readonly unknown[], expected: readonly unknown[], message: string): void {
  if (actual.length !== expected.length || actual.some((a, i) => a !== expected[i])) assert.fail(`${message}: ${actual.length} entries, expected ${expected.length} (or another order)`);
}

/** Every derived lookup of `catalog` equals the grouping of its lists from scratch (the lookup as first written). */
function assertDerivedLookups(catalog: Catalog, where: string): void {
  const relations = catalog.relations();
  const tables = new Set<string>(relations.map((r) => keyOf(r)));
  for (const i of catalog.indexes()) tables.add(keyOf(i.table));
  for (const p of catalog.policies()) tables.add(keyOf(p.table));
  for (const t of catalog.triggers()) tables.add(keyOf(t.table));
  tables.add('public.never_created');
  const indexes = group(catalog.indexes(), (i) => [keyOf(i.table)]);
  const policies = group(catalog.policies(), (p) => [keyOf(p.table)]);
  const triggers = group(catalog.triggers(), (t) => [keyOf(t.table)]);
  const links: (ForeignKeyLink & { key: string })[] = relations.flatMap((r) =>
    r.constraints.flatMap((constraint) => (constraint.references ? [{ key: keyOf(constraint.references.table), table: { schema: r.schema, name: r.name }, constraint }] : [])),
  );
  const referencedBy = group(links, (l) => [l.key]);
  const children = group(relations, (r) => [...(r.partitionOf ? [keyOf(r.partitionOf)] : []), ...r.inherits.map(keyOf)]);
  for (const key of tables) {
    const [schema, name] = key.split('.');
    const table = { schema, name };
    assertSame(catalog.indexesOf(table), indexes.get(key) ?? [], `${where}: indexesOf(${key})`);
    assertSame(catalog.policiesOf(table), policies.get(key) ?? [], `${where}: policiesOf(${key})`);
    assertSame(catalog.triggersOf(table), triggers.get(key) ?? [], `${where}: triggersOf(${key})`);
    const expected = referencedBy.get(key) ?? [];
    assertSame(catalog.referencedBy(table).map((l) => l.constraint), expected.map((l) => l.constraint), `${where}: referencedBy(${key})`);
    assert.deepEqual(catalog.referencedBy(table).map((l) => keyOf(l.table)), expected.map((l) => keyOf(l.table)), `${where}: referencedBy(${key})`);
    assertSame(catalog.childrenOf(table), children.get(key) ?? [], `${where}: childrenOf(${key})`);
  }
  const functions = group(catalog.functions(), (f) => [`${f.schema}.${f.name}`]);
  for (const [key, overloads] of functions) {
    const [schema, name] = key.split('.');
    assertSame(catalog.functionsNamed({ schema, name }), overloads, `${where}: functionsNamed(${key})`);
  }
}

describe('catalog derived lookups', () => {
  it('equal the catalog grouped from scratch, statement after statement of a generated 2,000-statement file', () => {
    const mixed = parseDocument(mixedScript(1_000)).statements.map((s) => s.text);
    const moves = churn(50);
    // Interleaved, so reads and writes of every kind alternate as in real files.
    const statements: string[] = [];
    for (let i = 0; i < Math.max(mixed.length, moves.length); i++) statements.push(...(mixed[i] !== undefined ? [mixed[i]] : []), ...(moves[i] !== undefined ? [moves[i]] : []));
    const moving = new Set(moves);
    assert.ok(statements.length >= 2_000, `${statements.length} statements`);
    const catalog = new Catalog('ddl');
    let copy: Catalog | undefined;
    statements.forEach((sql, n) => {
      const problems = applyDocument(catalog, parseDocument(sql), 'file:///generated.sql');
      assert.deepEqual(problems.filter((p) => p.message.startsWith('internal error')), [], sql);
      // The lookups are read after each statement that moves objects (every tenth other), as DDL application reads
      // them between its writes.
      if (moving.has(sql) || n % 10 === 0) assertDerivedLookups(catalog, `after statement ${n} (${sql.slice(0, 60)})`);
      if (n === statements.length >> 1) copy = catalog.clone();
      else if (copy && moving.has(sql)) {
        applyDocument(copy, parseDocument(sql), 'file:///copy.sql');
        assertDerivedLookups(copy, `copy, after statement ${n}`);
      }
    });
    // The file really exercised every lookup.
    const relations = catalog.relations();
    assert.ok(relations.some((r) => catalog.childrenOf(r).length > 1) && relations.some((r) => catalog.referencedBy(r).length > 1));
    assert.ok(relations.some((r) => r.schema === 'other' && catalog.indexesOf(r).length > 0 && catalog.policiesOf(r).length > 0));
    assert.ok(catalog.triggers().length > 0 && catalog.functions().some((f) => catalog.functionsNamed(f).length === 2));
  });
});
