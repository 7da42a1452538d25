import type { ColumnDef, RangeVar } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { relationKey } from '../../analysis/file-facts';
import { columnTypeOf, columnTypeOfDisplay, isPlainConversion, mayAvoidRewrite, typeChangeRewrites, type ColumnType } from '../../knowledge/column-type-change';
import { versionAtLeast } from '../../knowledge/versions';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'changing-column-type',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'ALTER COLUMN ... TYPE that is not binary-coercible rewrites the table and its indexes under an ACCESS EXCLUSIVE lock.',
      why:
        'Changing a column\'s type takes ACCESS EXCLUSIVE and, unless the old values are valid as the new type ' +
        'unchanged, rewrites every row and rebuilds every index of the table: no reads or writes for the whole time. ' +
        'No rewrite is needed for binary-coercible changes: `varchar(n)` to `text` or to a longer `varchar`, ' +
        '`numeric(p,s)` to a larger precision with the same scale or to unconstrained `numeric`, `cidr` to `inet`, a ' +
        'longer `varbit` or time precision. `int` to `bigint`, `text` to `varchar(n)`, `char(n)` to `text` and a `USING` ' +
        'expression do rewrite. `timestamp` to `timestamptz` (and back) rewrites unless the session TimeZone is UTC ' +
        '(PostgreSQL 12+). When the old type is not in the file, a change to a type that some old type reaches for ' +
        'free (`text`, `varchar`, `numeric`, ...) is not reported.',
      instead:
        'Add a new column of the new type, backfill it in batches, switch the application over (or keep both in sync ' +
        'with a trigger while backfilling), then drop the old column. For int to bigint keys, the same in a new column ' +
        'with a concurrently built unique index.',
      bad: 'ALTER TABLE orders ALTER COLUMN id TYPE bigint;',
      good:
        'ALTER TABLE orders ALTER COLUMN note TYPE text;\n' +
        'ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);\n\n' +
        'CREATE TABLE invoices (id int PRIMARY KEY);\n' +
        'ALTER TABLE invoices ALTER COLUMN id TYPE bigint;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const version = context.settings.postgresVersion;
    /** Column types this file gave to existing tables' columns (ADD COLUMN, an earlier TYPE change). */
    const known = new Map<string, ColumnType>();
    const typeBefore = (relation: RangeVar | undefined, column: string): ColumnType | undefined => {
      const table = relation?.relname ? context.schema?.before?.relation({ ...(relation.schemaname ? { schema: relation.schemaname } : {}), name: relation.relname }) : undefined;
      const type = table?.columns.find((c) => c.name === column)?.type;
      return type ? columnTypeOfDisplay(type) : undefined;
    };
    return {
      AlterTableStmt(node, { statement, facts }) {
        const table = relationKey(node.relation);
        const skip = facts.downMigration || context.file.isNewRelation(node.relation, statement.index);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const def = asNode(cmd?.def, 'ColumnDef');
          if (!cmd || !def) continue;
          const column = cmd.subtype === 'AT_AddColumn' ? def.colname : cmd.subtype === 'AT_AlterColumnType' ? cmd.name : undefined;
          if (!column) continue;
          const key = `${table}.${column}`;
          const target = columnTypeOf(def.typeName);
          // The type before: an earlier change in this file, else the project's schema before this file.
          const previous = known.get(key) ?? (cmd.subtype === 'AT_AlterColumnType' ? typeBefore(node.relation, column) : undefined);
          known.set(key, target);
          if (cmd.subtype !== 'AT_AlterColumnType' || skip) continue;
          const caveat = rewriteCaveat(previous, target, def, cmd.name ?? '', version);
          if (caveat === undefined) continue;
          context.report({
            range: statement.rangeOfLocation(def.typeName?.location),
            message: `Changing ${relationSql(node.relation)}.${quoteIdentifier(column)} to ${typeText(target)} rewrites the table and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes${caveat}. Add a new column of the new type, backfill it in batches, switch over, then drop the old one.`,
          });
        }
      },
    };
  },
});

/** undefined: no rewrite (or possibly none); '': a rewrite; otherwise the condition under which there is none. */
function rewriteCaveat(previous: ColumnType | undefined, target: ColumnType, def: ColumnDef, column: string, version: number): string | undefined {
  const usingExpression = def.raw_default !== undefined && !isPlainConversion(def.raw_default, column);
  if (previous && !usingExpression) {
    const verdict = typeChangeRewrites(previous, target, version);
    if (verdict === 'no') return undefined;
    return verdict === 'unless-utc' ? ' (unless the session TimeZone is UTC)' : '';
  }
  if (usingExpression) return ' (the USING expression is computed for every row)';
  if (mayAvoidRewrite(target)) return undefined;
  const timestamps = target.name === 'timestamp' || target.name === 'timestamptz';
  if (timestamps && versionAtLeast(version, 12)) return ` (from ${target.name === 'timestamp' ? 'timestamptz' : 'timestamp'}: unless the session TimeZone is UTC)`;
  return '';
}

function typeText(type: ColumnType): string {
  const names: Readonly<Record<string, string>> = { int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision', bpchar: 'char', bool: 'boolean' };
  const base = names[type.name] ?? type.name;
  const modifiers = type.modifiers.length > 0 && type.name !== 'interval' ? `(${type.modifiers.join(',')})` : '';
  return `${base}${modifiers}${type.array ? '[]' : ''}`;
}
