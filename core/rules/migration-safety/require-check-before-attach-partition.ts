import type { Node, PartitionBoundSpec, PartitionCmd } from '@pgsql/types';
import type { Fix, RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import { defineRule } from '../types';
import { asNode, relationName, stringValues } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { makeObjectName, quoteIdentifier } from '../../knowledge/naming';
import { versionAtLeast } from '../../knowledge/versions';
import { relationRange } from '../helpers/ranges';
import { lineStartOf, newlineOf, relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';

/** The partition key of a partitioned table created in the file, when it is one plain column. */
interface PartitionKey {
  readonly strategy: string;
  readonly column: string | undefined;
}

export default defineRule({
  meta: {
    id: 'require-check-before-attach-partition',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    postgresVersions: { min: 10 },
    docs: {
      summary: 'ATTACH PARTITION of an existing table with no CHECK constraint proving the bound: the table is scanned under an ACCESS EXCLUSIVE lock.',
      why:
        '`ALTER TABLE parent ATTACH PARTITION child FOR VALUES ...` locks the table being attached ACCESS EXCLUSIVE and ' +
        'reads every row to check that it fits the partition bound; no query can read or write that table until the ' +
        'scan ends. The parent is locked SHARE UPDATE EXCLUSIVE (ACCESS EXCLUSIVE before PostgreSQL 12), which lets ' +
        'queries run but blocks other DDL and ANALYZE on it for as long. If the parent has a default partition, it ' +
        'is locked ACCESS EXCLUSIVE too and scanned for rows that belong to the new partition. PostgreSQL skips the ' +
        'scan of the new partition when a valid CHECK constraint on it implies the partition constraint (the key is ' +
        'not NULL and within the bound). Indexes of the parent that the table lacks are built during the attach, ' +
        'under the same lock.',
      instead:
        'Before attaching, add a CHECK constraint that matches the bound, `NOT VALID` (a brief lock), then `VALIDATE ' +
        'CONSTRAINT` it (scans without blocking reads or writes), attach, and drop the now redundant CHECK. For a list ' +
        'partition that does not accept NULL, the CHECK must also say `key IS NOT NULL`; a partition key that is an ' +
        'expression cannot be proven this way. Create the parent\'s indexes on the table beforehand with `CREATE INDEX ' +
        'CONCURRENTLY`. The rule is quiet when some valid CHECK constraint was added to the table earlier in the same ' +
        'file (it does not compare the expression with the bound), when the table was created earlier in the file ' +
        '(it is empty), when it is a foreign table created in the file (those are never checked), and in down ' +
        'migrations and pg_dump output. Its fix writes the CHECK when the parent and its one-column partition key are ' +
        'defined in the same file.',
      bad:
        'CREATE TABLE measurements (at date NOT NULL, value numeric) PARTITION BY RANGE (at);\n' +
        "ALTER TABLE measurements ATTACH PARTITION measurements_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');",
      good:
        "ALTER TABLE measurements_2021 ADD CONSTRAINT measurements_2021_bound CHECK (at IS NOT NULL AND at >= '2021-01-01' AND at < '2022-01-01') NOT VALID;\n" +
        'ALTER TABLE measurements_2021 VALIDATE CONSTRAINT measurements_2021_bound;\n' +
        "ALTER TABLE measurements ATTACH PARTITION measurements_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');\n\n" +
        'CREATE TABLE measurements_2022 (LIKE measurements INCLUDING ALL);\n' +
        "ALTER TABLE measurements ATTACH PARTITION measurements_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');",
      fixed:
        'CREATE TABLE measurements (at date NOT NULL, value numeric) PARTITION BY RANGE (at);\n' +
        "ALTER TABLE measurements_2020 ADD CONSTRAINT measurements_2020_partition_check CHECK (at IS NOT NULL AND at >= '2020-01-01' AND at < '2021-01-01') NOT VALID;\n" +
        'ALTER TABLE measurements_2020 VALIDATE CONSTRAINT measurements_2020_partition_check;\n' +
        "ALTER TABLE measurements ATTACH PARTITION measurements_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n" +
        'ALTER TABLE measurements_2020 DROP CONSTRAINT measurements_2020_partition_check;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const parentLockedExclusively = !versionAtLeast(context.settings.postgresVersion, 12);
    /** Partitioned tables created in the file, by relation key. */
    const partitioned = new Map<string, PartitionKey>();
    /** Per table: CHECK constraints added in the file by name (valid or NOT VALID), and whether a valid one exists. */
    const checks = new Map<string, { named: Map<string, boolean>; valid: boolean }>();
    const checksOf = (table: string): { named: Map<string, boolean>; valid: boolean } => {
      let c = checks.get(table);
      if (!c) checks.set(table, (c = { named: new Map(), valid: false }));
      return c;
    };
    /** Foreign tables created in the file: attaching one checks nothing. */
    const foreign = new Set<string>();
    return {
      CreateForeignTableStmt(node) {
        foreign.add(relationKey(node.base?.relation));
      },
      CreateStmt(node) {
        const spec = node.partspec;
        if (!spec || !node.relation) return;
        const params = (spec.partParams ?? []).map((p) => asNode(p, 'PartitionElem'));
        const column = params.length === 1 && params[0]?.name && !params[0].expr ? params[0].name : undefined;
        partitioned.set(relationKey(node.relation), { strategy: spec.strategy ?? '', column });
      },
      AlterTableStmt(node, { statement, facts }) {
        if (node.objtype !== undefined && node.objtype !== 'OBJECT_TABLE') return;
        const table = relationKey(node.relation);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const c = cmd?.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
          if (c?.contype === 'CONSTR_CHECK') {
            const own = checksOf(table);
            if (c.conname) own.named.set(c.conname, !c.skip_validation);
            if (!c.skip_validation) own.valid = true;
          }
          if (cmd?.subtype === 'AT_ValidateConstraint' && cmd.name && checks.get(table)?.named.has(cmd.name)) checksOf(table).valid = true;
        }
        if (facts.downMigration) return;
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const partition = cmd?.subtype === 'AT_AttachPartition' ? asNode(cmd.def, 'PartitionCmd') : undefined;
          if (!partition?.name) continue;
          const child = relationKey(partition.name);
          if (isNewObject(context.document, context.file, child, statement.index) || foreign.has(child) || checks.get(child)?.valid) continue;
          const words = statement.rangeOfWords(['ATTACH', 'PARTITION']);
          const name = relationRange(statement, partition.name);
          const bound = partition.bound?.is_default ? 'it belongs in the default partition' : 'it fits the partition bound';
          const key = partitioned.get(relationKey(node.relation));
          const fix = !facts.inTransaction && (node.cmds?.length ?? 0) === 1 && key ? checkFirstFix(context, statement, partition, key) : undefined;
          context.report({
            range: { start: words.start, end: Math.max(words.end, name.end) },
            message:
              `Attaching ${relationSql(partition.name)} locks it ACCESS EXCLUSIVE and scans every row to check ${bound}` +
              (parentLockedExclusively ? `, with ${relationSql(node.relation)} locked ACCESS EXCLUSIVE too (before PostgreSQL 12)` : '') +
              '. Add a CHECK constraint that implies the bound (NOT VALID, then VALIDATE CONSTRAINT) first, so the scan is skipped.',
            fixes: fix ? [fix] : [],
          });
        }
      },
    };
  },
});

/** The SQL of a bound constant (`'2020-01-01'`, `10`), or undefined for anything else. */
function literal(node: Node | undefined): string | undefined {
  const c = asNode(node, 'A_Const');
  if (!c || c.isnull) return undefined;
  if (c.sval) return `'${(c.sval.sval ?? '').replace(/'/g, "''")}'`;
  if (c.ival) return String(c.ival.ival ?? 0);
  if (c.fval) return c.fval.fval;
  if (c.boolval) return String(c.boolval.boolval ?? false);
  return undefined;
}

/** `MINVALUE` / `MAXVALUE` in a range bound. */
function unbounded(node: Node | undefined): boolean {
  const words = stringValues(asNode(node, 'ColumnRef')?.fields);
  return words.length === 1 && (words[0] === 'minvalue' || words[0] === 'maxvalue');
}

/** The condition PostgreSQL derives for the bound, as CHECK text; undefined when it cannot be written simply. */
function boundCondition(bound: PartitionBoundSpec | undefined, key: PartitionKey): string | undefined {
  if (!bound || bound.is_default || !key.column) return undefined;
  const column = quoteIdentifier(key.column);
  if (bound.strategy === 'r' && key.strategy === 'PARTITION_STRATEGY_RANGE') {
    const [low] = bound.lowerdatums ?? [];
    const [high] = bound.upperdatums ?? [];
    if ((bound.lowerdatums?.length ?? 0) !== 1 || (bound.upperdatums?.length ?? 0) !== 1) return undefined;
    const parts = [`${column} IS NOT NULL`];
    for (const [datum, op] of [[low, '>='], [high, '<']] as const) {
      if (unbounded(datum)) continue;
      const value = literal(datum);
      if (value === undefined) return undefined;
      parts.push(`${column} ${op} ${value}`);
    }
    return parts.join(' AND ');
  }
  if (bound.strategy === 'l' && key.strategy === 'PARTITION_STRATEGY_LIST') {
    const values = (bound.listdatums ?? []).map(literal);
    if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
    return `${column} IS NOT NULL AND ${column} IN (${values.join(', ')})`;
  }
  return undefined;
}

/** Add the CHECK NOT VALID and validate it before the attach; drop it after (it is redundant then). */
function checkFirstFix(context: RuleContext, statement: StatementView, partition: PartitionCmd, key: PartitionKey): Fix | undefined {
  const condition = boundCondition(partition.bound, key);
  if (!condition) return undefined;
  const child = relationSql(partition.name);
  const name = quoteIdentifier(makeObjectName(partition.name?.relname ?? '', 'partition', 'check'));
  const newline = newlineOf(context.document);
  const line = lineStartOf(context.document, statement.start);
  const before =
    `ALTER TABLE ${child} ADD CONSTRAINT ${name} CHECK (${condition}) NOT VALID;${newline}${line.indent}` +
    `ALTER TABLE ${child} VALIDATE CONSTRAINT ${name};${newline}${line.indent}`;
  const after = `${newline}${line.indent}ALTER TABLE ${child} DROP CONSTRAINT ${name};`;
  return {
    title: `Prove the bound with a validated CHECK constraint on ${relationName(partition.name)} first`,
    edits: [
      { range: { start: statement.start, end: statement.start }, newText: before },
      { range: { start: statement.end, end: statement.end }, newText: after },
    ],
  };
}
