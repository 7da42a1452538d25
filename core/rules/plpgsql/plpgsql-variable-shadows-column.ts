import type { Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { SqlDocument } from '../../parse/document';
import { relationKey } from '../../analysis/file-facts';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import { hasVariableConflictDirective, plBodyOf, signatureOf } from './support/body';

const columnsCache = new WeakMap<SqlDocument, ReadonlyMap<string, ReadonlySet<string>>>();

/** Columns of the tables the file creates (CREATE TABLE, ALTER TABLE ADD COLUMN), by relation key. */
function tableColumns(document: SqlDocument): ReadonlyMap<string, ReadonlySet<string>> {
  const known = columnsCache.get(document);
  if (known) return known;
  const tables = new Map<string, Set<string>>();
  for (const statement of document.statements) {
    const create = asNode(statement.ast, 'CreateStmt');
    if (create?.relation && !create.inhRelations?.length && !create.partbound && !create.ofTypename) {
      const columns = new Set<string>();
      for (const element of create.tableElts ?? []) {
        const name = asNode(element, 'ColumnDef')?.colname;
        if (name) columns.add(name);
      }
      tables.set(relationKey(create.relation), columns);
    }
    const alter = asNode(statement.ast, 'AlterTableStmt');
    const columns = alter?.relation ? tables.get(relationKey(alter.relation)) : undefined;
    if (alter && columns) {
      for (const cmd of alter.cmds ?? []) {
        const c = asNode(cmd, 'AlterTableCmd');
        const name = c?.subtype === 'AT_AddColumn' ? asNode(c.def, 'ColumnDef')?.colname : undefined;
        if (name) columns.add(name);
      }
    }
  }
  columnsCache.set(document, tables);
  return tables;
}

export default defineRule({
  meta: {
    id: 'plpgsql-variable-shadows-column',
    category: 'plpgsql',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A PL/pgSQL variable or parameter has the name of a column used unqualified in the same query.',
      why:
        'Inside a SQL statement of a PL/pgSQL body, an unqualified name can mean the column or the variable. With the ' +
        'default `plpgsql.variable_conflict = error`, PostgreSQL refuses the statement at run time: "column reference ' +
        '... is ambiguous". With `use_variable` or `use_column` it silently picks one — `WHERE user_id = user_id` is then ' +
        'true for every row. Only tables created in the same file are known, so only their columns are checked.',
      instead:
        'Prefix parameters and variables (`p_user_id`, `v_total`), or qualify the column with its table or alias ' +
        '(`WHERE s.user_id = p_user_id`).',
      bad:
        'CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL);\n\n' +
        'CREATE FUNCTION end_sessions(user_id bigint) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  DELETE FROM sessions WHERE sessions.user_id = user_id;\nEND $$;',
      good:
        'CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL);\n\n' +
        'CREATE FUNCTION end_sessions(p_user_id bigint) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  DELETE FROM sessions WHERE user_id = p_user_id;\nEND $$;\n\n' +
        'CREATE FUNCTION count_sessions(user_id bigint) RETURNS bigint LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  RETURN (SELECT count(*) FROM sessions s WHERE s.user_id = count_sessions.user_id);\nEND $$;',
    },
  },
  fileInputs: (document) => JSON.stringify([...tableColumns(document)].map(([table, columns]) => [table, [...columns]])),
  create(context) {
    return {
      statement(statement) {
        const container = statement.container;
        const ast = statement.ast;
        if (!container || !ast) return;
        const body = plBodyOf(context.document, container);
        if (!body || hasVariableConflictDirective(body)) return;
        const variables = new Set<string>(body.fn ? signatureOf(body.fn).parameterNames : []);
        for (const d of body.datums) {
          if ((d.kind === 'PLpgSQL_var' || d.kind === 'PLpgSQL_rec') && d.lineno !== undefined && !d.name.startsWith('__') && d.node.isconst !== true) variables.add(d.name);
        }
        if (variables.size === 0) return;
        const tables = tableColumns(context.document);
        const ctes = new Set<string>();
        const relations: { relname?: string; schemaname?: string }[] = [];
        const refs: { name: string; location: number | undefined }[] = [];
        walkAst(ast, (ref, parents) => {
          const parent = parents[parents.length - 1];
          if (ref.tag === 'CommonTableExpr') {
            const name = (ref.node as { ctename?: string }).ctename;
            if (name) ctes.add(name);
          } else if (ref.tag === 'RangeVar') {
            // INSERT's target table is not in scope of its VALUES or SELECT (only of RETURNING/ON CONFLICT: skipped).
            if (!(parent?.tag === 'InsertStmt' && ref.field === 'relation')) relations.push(ref.node as { relname?: string; schemaname?: string });
          } else if (ref.tag === 'ColumnRef') {
            const node = ref.node as { fields?: Node[]; location?: number };
            const names = stringValues(node.fields);
            // ORDER BY / GROUP BY names match output columns first, and those never clash.
            const byOutput = (parent?.tag === 'SortBy' && ref.field === 'node') || ref.field === 'groupClause';
            if (!byOutput && names.length === 1 && node.fields?.length === 1) refs.push({ name: names[0], location: node.location });
          }
        });
        const columns = new Set<string>();
        for (const rel of relations) {
          if (rel.schemaname === undefined && ctes.has(rel.relname ?? '')) continue;
          for (const c of tables.get(relationKey({ relname: rel.relname, schemaname: rel.schemaname })) ?? []) columns.add(c);
        }
        const reported = new Set<string>();
        for (const r of refs) {
          if (!variables.has(r.name) || !columns.has(r.name) || reported.has(r.name)) continue;
          reported.add(r.name);
          context.report({
            range: statement.rangeOfLocation(r.location),
            message: `"${r.name}" is both a PL/pgSQL variable and a column of a table in this query: PostgreSQL fails with "column reference is ambiguous" at run time. Rename the variable (p_${r.name}) or qualify the column.`,
          });
        }
      },
    };
  },
});
