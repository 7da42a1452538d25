import { defineRule } from '../types';
import { scanText } from '../../parse/parser';
import { allExpressions, allStatements, declarationToken, identifierName, plBodyOf, unwrap, type PlBody } from './support/body';

/** Names some statement reads: every identifier of every expression, minus assignment targets, plus datums read by number. */
function readNames(body: PlBody): Set<string> {
  const names = new Set<string>();
  for (const { query, parseMode } of allExpressions(body.tree)) {
    const tokens = scanText(query);
    // Assignments (`x := expr`, parse modes 3-5): the target's first name is written, not read.
    const from = parseMode >= 3 ? 1 : 0;
    for (let i = from; i < tokens.length; i++) names.add(identifierName(tokens[i]));
  }
  const byNumber = (n: unknown): void => {
    if (typeof n !== 'number') return;
    const datum = body.datums.find((d) => d.dno === n);
    if (datum) names.add(datum.name);
  };
  for (const s of allStatements(body)) {
    byNumber(s.node.retvarno);
    byNumber(s.node.curvar);
    // Loop variables: a FOR loop that ignores its row (counting, say) is not a mistake.
    const [, loopVar] = unwrap(s.node.var);
    if (typeof loopVar?.refname === 'string') names.add(loopVar.refname);
  }
  return names;
}

export default defineRule({
  meta: {
    id: 'plpgsql-unused-variable',
    category: 'plpgsql',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A variable declared in a PL/pgSQL block is never read.',
      why:
        'PostgreSQL compiles PL/pgSQL without complaining about unused declarations. A variable that is never read is ' +
        'either dead weight left from an edit or, more often, a sign of a bug: the value was computed (or fetched with ' +
        'SELECT INTO) and then the code uses something else — a parameter of a similar name, a column, a literal.',
      instead: 'Delete the declaration (and the assignments to it), or use the variable where it was meant to be used.',
      bad:
        'CREATE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_total numeric;\n  v_count int;\nBEGIN\n  SELECT sum(amount) INTO v_total FROM order_lines WHERE order_id = p_order;\n' +
        '  RETURN v_total;\nEND $$;',
      good:
        'CREATE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_total numeric;\nBEGIN\n  SELECT sum(amount) INTO v_total FROM order_lines WHERE order_id = p_order;\n' +
        '  FOR i IN 1..3 LOOP\n    PERFORM pg_sleep(0);\n  END LOOP;\n  RETURN v_total;\nEND $$;',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body) return;
        const declared = body.datums.filter(
          (d) => (d.kind === 'PLpgSQL_var' || d.kind === 'PLpgSQL_rec') && d.lineno !== undefined && !d.name.startsWith('__') && !(d.node.isconst === true && d.node.default_val === undefined),
        );
        if (declared.length === 0) return;
        const read = readNames(body);
        const written = new Set<string>();
        for (const { query, parseMode } of allExpressions(body.tree)) {
          if (parseMode >= 3) {
            const first = scanText(query)[0];
            if (first) written.add(identifierName(first));
          }
        }
        for (const s of allStatements(body)) {
          const [, target] = unwrap(s.node.target);
          for (const f of Array.isArray(target?.fields) ? target.fields : []) {
            const name = (f as { name?: unknown }).name;
            if (typeof name === 'string') written.add(name);
          }
          if (typeof target?.refname === 'string') written.add(target.refname);
        }
        const seen = new Set<string>();
        for (const d of declared) {
          if (read.has(d.name) || seen.has(d.name)) continue;
          seen.add(d.name);
          const token = declarationToken(body, d);
          if (!token) continue;
          const message = written.has(d.name)
            ? `Variable ${d.name} is assigned but never read.`
            : `Variable ${d.name} is declared but never used.`;
          context.report({ range: { start: token.start, end: token.end }, message });
        }
      },
    };
  },
});
