import { defineRule } from '../types';
import type { ColumnRef, Node, NullTest, SelectStmt } from '@pgsql/types';
import { asNode, walkAst } from '../../parse/ast';
import { embeddedSql, type EmbeddedStatement, type PlpgsqlNode } from '../../parse/plpgsql';
import { parseStatementText, scanText, type ParseOutcome } from '../../parse/parser';
import type { SqlDocument, StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { relationKey } from '../../analysis/file-facts';
import type { FileSchema } from '../helpers/file-schema';
import { columnNameParts, conjuncts, operatorOf } from '../helpers/expressions';
import { callsAggregate } from '../helpers/single-row';
import { allExpressions, allStatements, childLists, embeddedFor, exprQuery, identifierName, plBodyOf, unwrap, type PlStmt } from './support/body';

/** The statement right after a SELECT INTO tests FOUND or reads ROW_COUNT: it tells no row from one. */
function checksRowCount(s: PlStmt | undefined): boolean {
  if (!s) return false;
  if (s.tag === 'PLpgSQL_stmt_getdiag') return Array.isArray(s.node.diag_items) && s.node.diag_items.some((d) => unwrap(d)[1]?.kind === 'ROW_COUNT');
  return allExpressions(s.node).some((e) => scanText(e.query).some((t) => identifierName(t) === 'found'));
}

/** Variables an INTO fills: `INTO a, b` (a row of fields) or `INTO r` (a record or one variable). */
function intoTargets(execsql: PlpgsqlNode): string[] {
  const [tag, target] = unwrap(execsql.target);
  if (!target) return [];
  if (tag === 'PLpgSQL_row' && Array.isArray(target.fields)) {
    return target.fields.flatMap((f) => (f && typeof f === 'object' && typeof (f as PlpgsqlNode).name === 'string' ? [((f as PlpgsqlNode).name as string).toLowerCase()] : []));
  }
  return typeof target.refname === 'string' ? [target.refname.toLowerCase()] : [];
}

/** The ASTs of a PL/pgSQL statement's expressions (nested statements included), as PostgreSQL parses them. */
function expressionAsts(s: PlStmt): Node[] {
  return allExpressions(s.node).flatMap((e) => {
    const sql = embeddedSql(e.query, e.parseMode);
    return (sql ? parseStatementText(sql.text).stmts : []).flatMap((x) => (x.stmt ? [x.stmt] : []));
  });
}

/** True when `node` reads one of `names` (`v`, `r.field`, `(r).field`, `v ->> 'k'`). */
function reads(node: Node | undefined, names: ReadonlySet<string>): boolean {
  let found = false;
  if (node) {
    walkAst(node, (ref) => {
      if (ref.tag === 'ColumnRef' && names.has((columnNameParts(ref.node as ColumnRef)?.[0] ?? '').toLowerCase())) found = true;
      return !found;
    });
  }
  return found;
}

/**
 * The first later statement of the list that reads a target tests it with IS [NOT] NULL: the code handles the
 * "no row" case (the variable keeps its value until it is read).
 */
function testsTargetForNull(later: readonly PlStmt[], targets: ReadonlySet<string>): boolean {
  for (const s of later) {
    // Filled again before being read: a later test is about that value.
    if (s.tag === 'PLpgSQL_stmt_execsql' && intoTargets(s.node).some((t) => targets.has(t))) return false;
    const asts = expressionAsts(s);
    if (!asts.some((a) => reads(a, targets))) continue;
    let tested = false;
    for (const a of asts) {
      walkAst(a, (ref) => {
        if (ref.tag === 'NullTest' && reads((ref.node as NullTest).arg, targets)) tested = true;
        return !tested;
      });
    }
    return tested;
  }
  return false;
}

/**
 * `FROM t WHERE key = x AND ...` on one table the file creates, where the equalities cover every column of its
 * primary key or of a unique constraint / index (not partial): at most one row.
 */
function keyLookup(select: SelectStmt, schema: FileSchema): boolean {
  const from = select.fromClause ?? [];
  const relation = from.length === 1 ? asNode(from[0], 'RangeVar') : undefined;
  if (!relation?.relname) return false;
  const table = relationKey(relation);
  const columns = schema.tables.get(table)?.columns;
  if (!columns) return false;
  const qualifiers = new Set([relation.alias?.aliasname ?? relation.relname, ...(relation.schemaname ? [`${relation.schemaname}.${relation.relname}`] : [])]);
  /** The table's column a side of the equality names, when it is one. */
  const ownColumn = (node: Node | undefined): string | undefined => {
    const parts = columnNameParts(asNode(node, 'ColumnRef'));
    if (!parts) return undefined;
    const name = parts[parts.length - 1];
    if (parts.length === 1) return columns.has(name) ? name : undefined;
    return qualifiers.has(parts.slice(0, -1).join('.')) ? name : undefined;
  };
  const equal = new Set<string>();
  for (const c of conjuncts(select.whereClause)) {
    if (operatorOf(c) !== '=') continue;
    const expr = asNode(c, 'A_Expr');
    const [left, right] = [ownColumn(expr?.lexpr), ownColumn(expr?.rexpr)];
    // `id = referrer_id` compares two columns: any number of rows.
    if (left && !right) equal.add(left);
    else if (right && !left) equal.add(right);
  }
  return schema
    .indexesOf(table)
    .some((i) => i.unique && i.predicate === undefined && i.columns.length > 0 && i.columns.every((col) => col !== undefined && equal.has(col)));
}

/** A SELECT INTO without STRICT whose row count nothing checks; `at` is relative to its statement's start. */
interface Unchecked {
  readonly select: SelectStmt;
  readonly at: OffsetRange;
}

/**
 * The function body's unchecked SELECT INTOs, kept per parse of the statement: reading the body is the costly part
 * and depends on the statement's text alone, so an edit elsewhere in the file does not redo it (the file's schema,
 * which the key lookups need, is asked on each lint).
 */
const uncheckedByParse = new WeakMap<ParseOutcome, readonly Unchecked[]>();

function unchecked(document: SqlDocument, statement: StatementView): readonly Unchecked[] {
  const top = statement.container ? undefined : document.statements[statement.index];
  // Only where the text is what was parsed (no psql commands blanked out): then the parse stands for the text.
  const outcome = top?.start === statement.start && top.verbatim ? top.parseOutcome : undefined;
  const known = outcome && uncheckedByParse.get(outcome);
  if (known) return known;
  const found: Unchecked[] = [];
  const body = plBodyOf(document, statement);
  if (body) {
    const used = new Set<EmbeddedStatement>();
    for (const parent of allStatements(body)) {
      for (const list of childLists(parent)) {
        list.forEach((s, i) => {
          if (s.tag !== 'PLpgSQL_stmt_execsql' || s.node.into !== true || s.node.strict === true) return;
          const query = exprQuery(s.node, 'sqlstmt');
          const lineno = typeof s.node.lineno === 'number' ? s.node.lineno : undefined;
          if (query === undefined) return;
          const embedded = embeddedFor(body, 'PLpgSQL_stmt_execsql', lineno, query, used);
          const select = asNode(embedded?.ast, 'SelectStmt');
          if (!embedded || !select || select.op !== 'SETOP_NONE') return;
          if (!select.fromClause?.length || select.limitCount || checksRowCount(list[i + 1])) return;
          if (!select.groupClause?.length && callsAggregate(select.targetList)) return;
          if (testsTargetForNull(list.slice(i + 1), new Set(intoTargets(s.node)))) return;
          const head = embedded.rangeOfWords(['SELECT']);
          const into = body.tokens.find((t) => t.start >= head.end && identifierName(t) === 'into');
          const range = into ? { start: into.start, end: into.end } : head;
          found.push({ select, at: { start: range.start - statement.start, end: range.end - statement.start } });
        });
      }
    }
  }
  if (outcome) uncheckedByParse.set(outcome, found);
  return found;
}

export default defineRule({
  meta: {
    id: 'plpgsql-select-into-without-strict',
    category: 'plpgsql',
    defaultSeverity: 'hint',
    fixable: false,
    docs: {
      summary: '`SELECT ... INTO` without STRICT silently takes the first of several rows, or NULLs when there is none.',
      why:
        'Without STRICT, `SELECT ... INTO v` sets v from the first row the query happens to return and drops the others, ' +
        'and sets v to NULL when no row matches; only FOUND tells. When exactly one row is expected (a lookup by key), a ' +
        'missing or duplicated row then surfaces much later as a wrong result, not as an error. Not reported: queries ' +
        'that always return one row (aggregates without GROUP BY, no FROM) or LIMIT themselves; equality lookups on ' +
        'every column of the primary key or of a unique constraint or index of a table the same file creates (at most ' +
        'one row; tables from other files are not known to this rule, so their lookups are reported); and a SELECT ' +
        'INTO whose result is checked — FOUND or `GET DIAGNOSTICS ... = ROW_COUNT` in the next statement, or an ' +
        '`IS NULL` / `IS NOT NULL` test of the target where it is next read.',
      instead:
        'Write `SELECT ... INTO STRICT v ...` where one row is expected: PostgreSQL then raises NO_DATA_FOUND or ' +
        'TOO_MANY_ROWS. Where zero rows are normal, test `IF NOT FOUND THEN ...` right after (or the variable with ' +
        '`IS NULL` before using it).',
      bad:
        'CREATE FUNCTION customer_email(p_id bigint) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_email text;\nBEGIN\n  SELECT email INTO v_email FROM customers WHERE id = p_id;\n  RETURN v_email;\nEND $$;',
      good:
        'CREATE TABLE accounts (id bigint PRIMARY KEY, owner_email text NOT NULL);\n' +
        'CREATE FUNCTION customer_email(p_id bigint) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_email text;\n  v_count bigint;\nBEGIN\n  SELECT email INTO STRICT v_email FROM customers WHERE id = p_id;\n' +
        '  SELECT count(*) INTO v_count FROM orders WHERE customer_id = p_id;\n' +
        '  SELECT owner_email INTO v_email FROM accounts WHERE id = p_id;\n' +
        '  SELECT email INTO v_email FROM customers WHERE referrer_id = p_id;\n  IF NOT FOUND THEN\n    RETURN NULL;\n  END IF;\n' +
        '  SELECT email INTO v_email FROM customers WHERE referrer_id = p_id + 1;\n' +
        "  IF v_email IS NULL THEN\n    RAISE EXCEPTION 'no referral';\n  END IF;\n" +
        '  RETURN v_email || v_count;\nEND $$;',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const c of unchecked(context.document, statement)) {
          if (keyLookup(c.select, context.fileSchema())) continue;
          context.report({
            range: { start: statement.start + c.at.start, end: statement.start + c.at.end },
            message: 'SELECT INTO without STRICT: several matching rows are silently reduced to the first, none gives NULL. Use INTO STRICT where exactly one row is expected, or check FOUND.',
          });
        }
      },
    };
  },
});
