import type { CreateStmt } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, relationName } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { primaryKeyColumns } from '../helpers/column-defs';
import { relationRange } from '../helpers/ranges';

export default defineRule({
  meta: {
    id: 'require-primary-key',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'A table without a primary key has no reliable way to address one row.',
      why:
        'Without a primary key, duplicate rows creep in and cannot be told apart, updates and deletes of "this row" ' +
        'have to guess, logical replication cannot replicate UPDATE and DELETE (REPLICA IDENTITY has nothing to ' +
        'use), and ORMs, admin tools and online schema-change tools (pg_repack) refuse or misbehave.',
      instead:
        'Give every table a primary key: a `bigint GENERATED ALWAYS AS IDENTITY` surrogate, or the natural key ' +
        '(for a join table, the pair of foreign keys). Adding it later with `ALTER TABLE ... ADD PRIMARY KEY`, in the ' +
        'same file as pg_dump does or in a later migration of the project, counts. Partitions (they get their parent\'s), temporary tables and ' +
        'tables dropped later in the file are not reported; `CREATE TABLE AS` is not checked.',
      bad: 'CREATE TABLE page_views (\n    path text NOT NULL,\n    viewed_at timestamptz NOT NULL\n);',
      good:
        'CREATE TABLE page_views (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    path text NOT NULL,\n    viewed_at timestamptz NOT NULL\n);\n\n' +
        'CREATE TABLE tags (name text NOT NULL);\nALTER TABLE ONLY tags ADD CONSTRAINT tags_pkey PRIMARY KEY (name);',
    },
  },
  create(context) {
    const candidates: { create: CreateStmt; statement: StatementView }[] = [];
    const keyed = new Set<string>();
    // Candidates a later DROP TABLE removed (a DROP before the CREATE, as `pg_dump --clean` writes, does not count).
    const dropped = new Set<(typeof candidates)[number]>();
    return {
      statement(statement) {
        const create = asNode(statement.ast, 'CreateStmt');
        if (create?.relation) {
          const temporary = create.relation.relpersistence === 't';
          const partition = create.partbound !== undefined;
          if (primaryKeyColumns(create).length > 0) keyed.add(relationKey(create.relation));
          else if (!temporary && !partition && !create.ofTypename) candidates.push({ create, statement });
          return;
        }
        const alter = asNode(statement.ast, 'AlterTableStmt');
        if (alter?.relation) {
          for (const c of alter.cmds ?? []) {
            const cmd = asNode(c, 'AlterTableCmd');
            if (cmd?.subtype === 'AT_AddConstraint' && asNode(cmd.def, 'Constraint')?.contype === 'CONSTR_PRIMARY') keyed.add(relationKey(alter.relation));
            // A table attached as a partition later (pg_dump writes CREATE TABLE, then ATTACH PARTITION) is one.
            const attached = cmd?.subtype === 'AT_AttachPartition' ? asNode(cmd.def, 'PartitionCmd')?.name : undefined;
            if (attached) keyed.add(relationKey(attached));
          }
          return;
        }
        const drop = asNode(statement.ast, 'DropStmt');
        if (drop?.removeType === 'OBJECT_TABLE') {
          for (const object of drop.objects ?? []) {
            const names = (asNode(object, 'List')?.items ?? []).map((n) => asNode(n, 'String')?.sval ?? '');
            if (names.length === 0) continue;
            const key = relationKey(names.join('.'));
            for (const c of candidates) if (relationKey(c.create.relation) === key) dropped.add(c);
          }
        }
      },
      endOfFile() {
        // Judged across the migration sequence when the project's catalog is current: a key a later migration adds
        // (or a later DROP TABLE) settles it.
        const final = context.schema?.workspace?.catalog;
        for (const candidate of candidates) {
          const { create, statement } = candidate;
          const key = relationKey(create.relation);
          if (keyed.has(key) || dropped.has(candidate)) continue;
          if (final) {
            const later = final.relation({ schema: create.relation?.schemaname ?? 'public', name: create.relation?.relname ?? '' });
            if (!later || later.constraints.some((c) => c.kind === 'primary-key')) continue;
          }
          context.report({
            range: relationRange(statement, create.relation),
            message: `Table ${relationName(create.relation)} has no primary key.`,
          });
        }
      },
    };
  },
});
