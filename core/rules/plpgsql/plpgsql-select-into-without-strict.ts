import { defineRule } from '../types';
import type { Node } from '@pgsql/types';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import type { EmbeddedStatement } from '../../parse/plpgsql';
import { scanText } from '../../parse/parser';
import { allExpressions, allStatements, childLists, embeddedFor, exprQuery, identifierName, plBodyOf, type PlStmt } from './support/body';

/** Aggregates: a SELECT of only these, without GROUP BY, returns exactly one row. */
const AGGREGATES = new Set(['count', 'sum', 'min', 'max', 'avg', 'bool_and', 'bool_or', 'every', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'bit_and', 'bit_or', 'xmlagg']);

/** True when the target list calls an aggregate outside subqueries: without GROUP BY, exactly one row. */
function aggregates(targets: readonly Node[] | undefined): boolean {
  let found = false;
  for (const t of targets ?? []) {
    walkAst(t, (ref) => {
      if (ref.tag === 'SubLink') return false;
      if (ref.tag === 'FuncCall') {
        const f = ref.node as { funcname?: Node[]; over?: unknown };
        if (!f.over && AGGREGATES.has(stringValues(f.funcname).join('.').replace(/^pg_catalog\./, ''))) found = true;
      }
      return undefined;
    });
  }
  return found;
}

function readsFound(s: PlStmt | undefined): boolean {
  if (!s) return false;
  return allExpressions(s.node).some((e) => scanText(e.query).some((t) => identifierName(t) === 'found'));
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
        'missing or duplicated row then surfaces much later as a wrong result, not as an error. Queries that always ' +
        'return one row (aggregates without GROUP BY, no FROM), that LIMIT themselves, and those followed by a FOUND ' +
        'check are not reported.',
      instead:
        'Write `SELECT ... INTO STRICT v ...` where one row is expected: PostgreSQL then raises NO_DATA_FOUND or ' +
        'TOO_MANY_ROWS. Where zero rows are normal, test `IF NOT FOUND THEN ...` right after.',
      bad:
        'CREATE FUNCTION customer_email(p_id bigint) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_email text;\nBEGIN\n  SELECT email INTO v_email FROM customers WHERE id = p_id;\n  RETURN v_email;\nEND $$;',
      good:
        'CREATE FUNCTION customer_email(p_id bigint) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_email text;\n  v_count bigint;\nBEGIN\n  SELECT email INTO STRICT v_email FROM customers WHERE id = p_id;\n' +
        '  SELECT count(*) INTO v_count FROM orders WHERE customer_id = p_id;\n' +
        '  SELECT email INTO v_email FROM customers WHERE referrer_id = p_id;\n  IF NOT FOUND THEN\n    RETURN NULL;\n  END IF;\n' +
        '  RETURN v_email || v_count;\nEND $$;',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body) return;
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
              if (!select.fromClause?.length || select.limitCount || readsFound(list[i + 1])) return;
              if (!select.groupClause?.length && aggregates(select.targetList)) return;
              const head = embedded.rangeOfWords(['SELECT']);
              const into = body.tokens.find((t) => t.start >= head.end && identifierName(t) === 'into');
              context.report({
                range: into ? { start: into.start, end: into.end } : head,
                message: 'SELECT INTO without STRICT: several matching rows are silently reduced to the first, none gives NULL. Use INTO STRICT where exactly one row is expected, or check FOUND.',
              });
            });
          }
        }
      },
    };
  },
});
