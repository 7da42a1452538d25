// The schema a file declares (FileSchema) keeps its indexes and foreign keys in KeyedEntries, so forgetting a
// table or dropping an index costs what is removed, not the whole list. Checked against a plain array (remove
// by filtering) under random operations, and on a generated file of 2,000 statements and a pg_dump-style schema:
// each table's indexes, and foreign-key-missing-index against comparing every key with every index.
import { strict as assert } from 'node:assert';
import { computeFileFacts } from '../../../core/analysis/file-facts';
import { lintDocument } from '../../../core/lint';
import { parseDocument } from '../../../core/parse/document';
import { relationName } from '../../../core/parse/ast';
import { buildFileSchema } from '../../../core/rules/helpers/file-schema';
import { foreignKeyIndexMessage } from '../../../core/rules/helpers/foreign-key-index';
import { servesForeignKey } from '../../../core/rules/helpers/index-coverage';
import { KeyedEntries } from '../../../core/rules/helpers/keyed-entries';
import foreignKeyMissingIndex from '../../../core/rules/schema-design/foreign-key-missing-index';
import { Random } from '../../fuzz/mutate';
import { mixedScript, pgDumpSchema } from '../../helpers/large-sql';

interface Item {
  readonly id: number;
  readonly table: string;
  readonly name: string | undefined;
}

const keysOf = (i: Item): string[] => (i.name === undefined ? [`t ${i.table}`] : [`t ${i.table}`, `n ${i.name}`]);

describe('file schema', () => {
  it('KeyedEntries keeps what a filtered array keeps, in the same order, under random operations', () => {
    const rnd = new Random(5);
    const tables = ['a', 'b', 'c', 'd', 'e'];
    const names = ['x', 'y', 'z', undefined];
    for (let round = 0; round < 40; round++) {
      const entries = new KeyedEntries<Item>(keysOf);
      let reference: Item[] = [];
      for (let step = 0; step < 300; step++) {
        const key = rnd.int(2) === 0 ? `t ${rnd.pick(tables)}` : `n ${rnd.pick(names)}`;
        const has = (i: Item): boolean => keysOf(i).includes(key);
        switch (rnd.int(4)) {
          case 0:
          case 1: {
            const item = { id: step, table: rnd.pick(tables), name: rnd.pick(names) };
            entries.push(item);
            reference.push(item);
            break;
          }
          case 2: {
            const odd = rnd.int(2) === 0;
            const which = odd ? (i: Item) => i.id % 2 === 1 : undefined;
            entries.remove(key, which);
            reference = reference.filter((i) => !(has(i) && (!which || which(i))));
            break;
          }
          default:
            assert.deepEqual(entries.withKey(key), reference.filter(has), `withKey(${key}) at step ${step}`);
        }
        assert.deepEqual(entries.all(), reference, `all() at step ${step}`);
      }
    }
  });

  for (const [label, text] of [
    ['a generated 2,000-statement script', mixedScript(2_000)],
    ['a pg_dump-style schema of 300 tables', pgDumpSchema(300)],
  ] as const) {
    it(`indexes per table, and foreign-key-missing-index against every key by every index, on ${label}`, () => {
      const document = parseDocument(text, 'generated.sql');
      const schema = buildFileSchema(document, computeFileFacts(document, 'generated.sql', false));
      assert.ok(schema.foreignKeys.length > 100 && schema.indexes.length > 200);
      for (const table of schema.tables.keys()) assert.deepEqual(schema.indexesOf(table), schema.indexes.filter((i) => i.table === table), table);
      const expected: string[] = [];
      const reported = new Set<string>();
      for (const fk of schema.foreignKeys) {
        if (!schema.has(fk.table) || fk.columns.length === 0 || schema.indexes.some((i) => servesForeignKey(i, fk))) continue;
        const key = `${fk.table}(${[...fk.columns].sort().join(',')})`;
        if (reported.has(key)) continue;
        reported.add(key);
        expected.push(foreignKeyIndexMessage(relationName(fk.relation), fk.columns, relationName(fk.refRelation)));
      }
      const actual = lintDocument(document, { rules: [foreignKeyMissingIndex] }).findings.filter((f) => f.ruleId === foreignKeyMissingIndex.meta.id).map((f) => f.message);
      assert.ok(expected.length > 50, `${expected.length} keys without an index`);
      assert.deepEqual([...actual].sort(), [...expected].sort());
    });
  }
});
