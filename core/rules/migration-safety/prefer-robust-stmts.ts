import type { AlterTableStmt } from '@pgsql/types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { defineRule } from '../types';
import { asNode, relationName, stringValues, tagOf } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';
import { identifierValue } from './support/edits';
import { transactionControl } from './support/transactions';
import { sectionIndexAt } from '../../analysis/file-facts';

/** DROP object types that take IF EXISTS, with the words written before the name. */
const DROP_WORDS: Readonly<Record<string, readonly string[]>> = {
  OBJECT_TABLE: ['TABLE'],
  OBJECT_INDEX: ['INDEX'],
  OBJECT_SEQUENCE: ['SEQUENCE'],
  OBJECT_VIEW: ['VIEW'],
  OBJECT_MATVIEW: ['MATERIALIZED', 'VIEW'],
  OBJECT_TYPE: ['TYPE'],
  OBJECT_DOMAIN: ['DOMAIN'],
  OBJECT_SCHEMA: ['SCHEMA'],
  OBJECT_FUNCTION: ['FUNCTION'],
  OBJECT_PROCEDURE: ['PROCEDURE'],
  OBJECT_TRIGGER: ['TRIGGER'],
  OBJECT_EXTENSION: ['EXTENSION'],
  OBJECT_POLICY: ['POLICY'],
};

interface Problem {
  readonly range: OffsetRange;
  readonly guard: 'IF EXISTS' | 'IF NOT EXISTS';
  readonly what: string;
  /** Where to insert the guard; undefined when it cannot be added as written. */
  readonly insertAt: number | undefined;
  readonly note?: string;
}

export default defineRule({
  meta: {
    id: 'prefer-robust-stmts',
    category: 'migration-safety',
    defaultSeverity: 'info',
    fixable: true,
    docs: {
      summary: 'CREATE / DROP / ADD COLUMN without IF [NOT] EXISTS in a migration that does not run in a transaction.',
      why:
        'Outside a transaction every statement commits on its own. When a later statement fails, the earlier ones ' +
        'stay applied, and re-running the fixed migration fails at the first of them (`relation already exists`, ' +
        '`column does not exist`): someone has to repair the database by hand.',
      instead:
        'Make each step re-runnable: `CREATE TABLE / INDEX / SEQUENCE / SCHEMA / EXTENSION IF NOT EXISTS`, ' +
        '`ADD COLUMN IF NOT EXISTS`, `DROP ... IF EXISTS`, `DROP COLUMN / CONSTRAINT IF EXISTS`; or run the file in one ' +
        'transaction. Give concurrently built indexes a name, and drop an INVALID one (left by a failed build) before ' +
        'retrying. The rule reports only where statements commit on their own, as the migration tool runs the file: ' +
        'goose `NO TRANSACTION`, dbmate `transaction:false`, Atlas `txmode none` and Liquibase `runInTransaction:false` ' +
        'parts, Flyway migrations of statements that refuse a transaction, sqitch scripts without BEGIN, and files of ' +
        'tools it does not know (read as psql runs them: set `assumeInTransaction` when your tool wraps each file). ' +
        'Where the tool\'s transaction rolls everything back (goose, dbmate, Prisma and golang-migrate files of several ' +
        'statements, Flyway, ...) it is silent, as it is inside BEGIN ... COMMIT, for the last statement of each part ' +
        'the tool runs and records on its own (nothing after it can fail), for SQL files outside any migration layout ' +
        '(scripts, tests: nobody re-runs them as a migration) and in pg_dump output.',
      bad: 'CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);\nALTER TABLE orders ADD COLUMN audited boolean;',
      good:
        'CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY, entry text);\nALTER TABLE orders ADD COLUMN IF NOT EXISTS audited boolean;\n\n' +
        'BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE orders ADD COLUMN invoice_id bigint;\nCOMMIT;',
      fixed: 'CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY, entry text);\nALTER TABLE orders ADD COLUMN audited boolean;',
    },
  },
  create(context) {
    // Re-running after a failure is a migration's problem: a script outside any migration layout is run by hand.
    if (isPgDumpOutput(context.document) || context.file.role.kind !== 'migration') return {};
    const statements = context.document.statements;
    const sections = context.file.sections;
    /**
     * Index of the last statement that does something, per part the tool runs and records on its own (a dbmate
     * or goose up / down section, a Liquibase changeset, else the file).
     */
    const lastIndex = new Map<number, number>();
    statements.forEach((s) => {
      if (s.ast && !transactionControl(s.ast)) lastIndex.set(sectionIndexAt(sections, s.start), s.index);
    });
    return {
      statement(statement, facts) {
        if (facts.inTransaction) return;
        // The last statement cannot be left behind by a later failure. (A failed CREATE INDEX CONCURRENTLY leaves an
        // INVALID index, but IF NOT EXISTS would only hide it on the retry: that case is not reported.)
        if ((lastIndex.get(sectionIndexAt(sections, statement.start)) ?? -1) <= statement.index) return;
        for (const p of problems(statement)) {
          const message =
            `${p.what} without ${p.guard}: if the migration fails after it, re-running it fails here.` + (p.note ? ` ${p.note}` : '');
          const at = p.insertAt;
          context.report({
            range: p.range,
            message,
            fixes: at === undefined ? [] : [{ title: `Add ${p.guard}`, edits: [{ range: { start: at, end: at }, newText: ` ${p.guard}` }] }],
          });
        }
      },
    };
  },
});

function problems(statement: StatementView): Problem[] {
  const ast = statement.ast;
  const after = (words: readonly string[]): { range: OffsetRange; end: number | undefined } => {
    const range = statement.rangeOfWords(words);
    const found = statement.tokens().some((t) => t.end === range.end && t.text.toUpperCase() === words[words.length - 1]);
    return { range, end: found ? range.end : undefined };
  };
  switch (tagOf(ast)) {
    case 'CreateStmt': {
      const create = asNode(ast, 'CreateStmt')!;
      if (create.if_not_exists || create.relation?.relpersistence === 't') return [];
      const { range, end } = after(['CREATE', 'TABLE']);
      return [{ range, guard: 'IF NOT EXISTS', what: `CREATE TABLE ${relationName(create.relation)}`, insertAt: end }];
    }
    case 'IndexStmt': {
      const index = asNode(ast, 'IndexStmt')!;
      if (index.if_not_exists) return [];
      const { range, end } = after(index.concurrent ? ['CREATE', 'INDEX', 'CONCURRENTLY'] : ['CREATE', 'INDEX']);
      if (!index.idxname) {
        if (!index.concurrent) return [];
        return [{ range, guard: 'IF NOT EXISTS', what: `CREATE INDEX CONCURRENTLY on ${relationName(index.relation)}`, insertAt: undefined, note: 'Name the index so IF NOT EXISTS can apply.' }];
      }
      return [{ range, guard: 'IF NOT EXISTS', what: `CREATE INDEX ${index.idxname}`, insertAt: end }];
    }
    case 'CreateSeqStmt': {
      const seq = asNode(ast, 'CreateSeqStmt')!;
      if (seq.if_not_exists || seq.sequence?.relpersistence === 't') return [];
      const { range, end } = after(['CREATE', 'SEQUENCE']);
      return [{ range, guard: 'IF NOT EXISTS', what: `CREATE SEQUENCE ${relationName(seq.sequence)}`, insertAt: end }];
    }
    case 'CreateSchemaStmt': {
      const schema = asNode(ast, 'CreateSchemaStmt')!;
      // IF NOT EXISTS cannot be combined with schema elements.
      if (schema.if_not_exists || (schema.schemaElts?.length ?? 0) > 0) return [];
      const { range, end } = after(['CREATE', 'SCHEMA']);
      return [{ range, guard: 'IF NOT EXISTS', what: `CREATE SCHEMA ${schema.schemaname ?? ''}`.trimEnd(), insertAt: end }];
    }
    case 'CreateExtensionStmt': {
      const ext = asNode(ast, 'CreateExtensionStmt')!;
      if (ext.if_not_exists) return [];
      const { range, end } = after(['CREATE', 'EXTENSION']);
      return [{ range, guard: 'IF NOT EXISTS', what: `CREATE EXTENSION ${ext.extname ?? ''}`.trimEnd(), insertAt: end }];
    }
    case 'DropStmt': {
      const drop = asNode(ast, 'DropStmt')!;
      const words = DROP_WORDS[drop.removeType ?? ''];
      if (drop.missing_ok || !words) return [];
      const all = ['DROP', ...words, ...(drop.concurrent ? ['CONCURRENTLY'] : [])];
      const { range, end } = after(all);
      const names = (drop.objects ?? []).map((o) => asNode(o, 'String')?.sval ?? stringValues(asNode(o, 'List')?.items).join('.')).filter((n) => n);
      return [{ range, guard: 'IF EXISTS', what: `DROP ${words.join(' ')}${names.length > 0 ? ` ${names.join(', ')}` : ''}`, insertAt: end }];
    }
    case 'AlterTableStmt':
      return alterTableProblems(statement, asNode(ast, 'AlterTableStmt')!);
    default:
      return [];
  }
}

function alterTableProblems(statement: StatementView, stmt: AlterTableStmt): Problem[] {
  if (stmt.objtype !== undefined && stmt.objtype !== 'OBJECT_TABLE') return [];
  const out: Problem[] = [];
  const tokens = statement.tokens();
  let cursor = 0;
  const table = relationName(stmt.relation);
  for (const item of stmt.cmds ?? []) {
    const cmd = asNode(item, 'AlterTableCmd');
    if (!cmd || cmd.missing_ok) continue;
    if (cmd.subtype === 'AT_AddColumn') {
      const column = asNode(cmd.def, 'ColumnDef');
      if (!column?.colname) continue;
      const nameAt = statement.offsetOfLocation(column.location);
      const i = tokens.findIndex((t) => t.start === nameAt);
      if (i < 1) continue;
      const keyword = tokens[i - 1];
      const add = tokens[keyword.text.toUpperCase() === 'COLUMN' ? i - 2 : i - 1];
      out.push({ range: { start: add?.start ?? keyword.start, end: tokens[i].end }, guard: 'IF NOT EXISTS', what: `ADD COLUMN ${column.colname} to ${table}`, insertAt: keyword.end });
      cursor = i;
    } else if (cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_DropConstraint') {
      const name = cmd.name ?? '';
      const optional = cmd.subtype === 'AT_DropColumn' ? 'COLUMN' : 'CONSTRAINT';
      for (let i = cursor; i < tokens.length; i++) {
        if (tokens[i].text.toUpperCase() !== 'DROP') continue;
        const j = tokens[i + 1]?.text.toUpperCase() === optional ? i + 1 : i;
        if (!tokens[j + 1] || identifierValue(tokens[j + 1].text) !== name) continue;
        const what = cmd.subtype === 'AT_DropColumn' ? `DROP COLUMN ${name} of ${table}` : `DROP CONSTRAINT ${name} of ${table}`;
        out.push({ range: { start: tokens[i].start, end: tokens[j + 1].end }, guard: 'IF EXISTS', what, insertAt: tokens[j].end });
        cursor = j + 2;
        break;
      }
    }
  }
  return out;
}
