import type { Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { stringValues, walkAst } from '../../parse/ast';
import { parseStatementText } from '../../parse/parser';
import { analyzePlpgsql } from '../../parse/plpgsql';
import { bodyStrings, isSecurityDefiner, languageOf, searchPathSetByAlter, setsSearchPath, transitionTablesOf } from './support/functions';

/** Unqualified relation names a set of statements uses (CTE names and `excluded` names left out). */
function unqualifiedRelations(asts: readonly Node[], excluded: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const ast of asts) {
    const ctes = new Set<string>();
    const rels: string[] = [];
    walkAst(ast, (ref) => {
      if (ref.tag === 'CommonTableExpr') {
        const name = (ref.node as { ctename?: string }).ctename;
        if (name) ctes.add(name);
      } else if (ref.tag === 'RangeVar') {
        const rel = ref.node as { relname?: string; schemaname?: string };
        if (rel.relname && !rel.schemaname && !rel.relname.startsWith('pg_')) rels.push(rel.relname); // pg_catalog is searched first
      }
    });
    for (const r of rels) if (!ctes.has(r) && !excluded.has(r)) out.add(r);
  }
  return [...out];
}

/** `FUNCTION name` / `PROCEDURE name` up to the parameter list. */
function routineNameRange(statement: StatementView, procedure: boolean): OffsetRange {
  const keyword = statement.rangeOfWords([procedure ? 'PROCEDURE' : 'FUNCTION']);
  let end = keyword.end;
  for (const t of statement.tokens()) {
    if (t.start < keyword.end) continue;
    if (t.text === '(') break;
    end = t.end;
  }
  return { start: keyword.start, end };
}

export default defineRule({
  meta: {
    id: 'function-search-path-mutable',
    category: 'security',
    defaultSeverity: 'hint',
    // Measured on real projects: mostly functions only ever called with the application's search_path. The dangerous
    // case, SECURITY DEFINER, is security-definer-without-search-path (on by default).
    optIn: true,
    fixable: false,
    docs: {
      summary: 'A function uses unqualified table names and does not set its search_path.',
      why:
        'Names in a SQL or PL/pgSQL function body are resolved when it runs, through the search_path of whoever calls it. ' +
        'A role whose search_path differs (a maintenance job, a `SET search_path` in a connection pool, pg_dump/pg_restore, ' +
        'which run with an empty search_path) gets "relation does not exist" or, worse, another schema\'s table of the same ' +
        'name; functions used by triggers, index expressions and policies run for other roles too. Supabase\'s linter ' +
        '(splinter) reports this as function_search_path_mutable. SECURITY DEFINER functions, where a mutable path is a ' +
        'privilege escalation, are reported by security-definer-without-search-path, which is on by default; this rule ' +
        'covers the other functions and is opt-in, since most of them only ever run with the application\'s search_path. ' +
        '`BEGIN ATOMIC` bodies are bound at creation and not reported, nor are the transition tables ' +
        '(`REFERENCING NEW TABLE AS ...`) of the triggers in the file that execute the function.',
      instead: 'Qualify the tables (`app.orders`), or pin the path: `ALTER FUNCTION f(...) SET search_path = app, pg_catalog, pg_temp` (or `SET search_path = ...` in CREATE FUNCTION).',
      bad:
        'CREATE FUNCTION open_orders() RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN (SELECT count(*) FROM orders WHERE status = \'open\');\nEND $$;',
      good:
        'CREATE FUNCTION open_orders() RETURNS bigint LANGUAGE plpgsql SET search_path = app, pg_temp AS $$\nBEGIN\n  RETURN (SELECT count(*) FROM orders WHERE status = \'open\');\nEND $$;\n' +
        "CREATE FUNCTION closed_orders() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.orders WHERE status = ''closed''';\n" +
        "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b';",
    },
  },
  create(context) {
    return {
      CreateFunctionStmt(node, { statement }) {
        if (statement.container || node.sql_body || isSecurityDefiner(node.options) || setsSearchPath(node.options)) return;
        const name = stringValues(node.funcname).join('.');
        if (searchPathSetByAlter(context.document, name)) return;
        const language = languageOf(node.options);
        let asts: Node[] = [];
        if (language === 'plpgsql') {
          const top = context.document.statements[statement.index];
          const analysis = top ? analyzePlpgsql(top) : undefined;
          asts = (analysis?.statements ?? []).flatMap((e) => (e.ast ? [e.ast] : []));
        } else if (language === 'sql') {
          const body = bodyStrings(node.options);
          if (body.length !== 1) return;
          asts = parseStatementText(body[0]).stmts.flatMap((s) => (s.stmt ? [s.stmt] : []));
        } else return;
        const tables = unqualifiedRelations(asts, transitionTablesOf(context.document, stringValues(node.funcname)));
        if (tables.length === 0) return;
        context.report({
          range: routineNameRange(statement, node.is_procedure === true),
          message: `Function ${name} uses ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''} unqualified and does not set search_path: callers with another search_path resolve them elsewhere. Qualify the names or add SET search_path.`,
        });
      },
    };
  },
});
