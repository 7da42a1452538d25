import { defineRule } from '../types';
import { allStatements, childLists, endsControl, isImplicitReturn, plBodyOf, restOfLine, statementToken, type PlBody, type PlStmt } from './support/body';

const WHAT: Readonly<Record<string, string>> = {
  PLpgSQL_stmt_return: 'RETURN',
  PLpgSQL_stmt_raise: 'RAISE EXCEPTION',
  PLpgSQL_stmt_exit: 'EXIT/CONTINUE',
};

export default defineRule({
  meta: {
    id: 'plpgsql-unreachable-code',
    category: 'plpgsql',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'Statements after RETURN, RAISE EXCEPTION, EXIT or CONTINUE in the same block never run.',
      why:
        'PL/pgSQL runs a block\'s statements in order: once a RETURN, a RAISE at EXCEPTION level, an EXIT or a CONTINUE ' +
        '(or an IF/CASE whose every branch ends so) has run, the rest of the list is dead. PostgreSQL accepts it ' +
        'without a word, so the dead code usually marks a bug: a RETURN left from debugging, a cleanup that was meant to run ' +
        'first, a condition that was meant to guard the RETURN.',
      instead: 'Move the statements before the RETURN/RAISE, put the RETURN under the condition it was meant for, or delete the dead code.',
      bad:
        'CREATE FUNCTION archive_order(p_id bigint) RETURNS boolean LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  RETURN true;\n  UPDATE orders SET archived = true WHERE id = p_id;\nEND $$;',
      good:
        'CREATE FUNCTION archive_order(p_id bigint) RETURNS boolean LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  UPDATE orders SET archived = true WHERE id = p_id;\n  IF NOT FOUND THEN\n    RAISE EXCEPTION \'order % not found\', p_id;\n  END IF;\n  RETURN true;\nEND $$;',
    },
  },
  create(context) {
    const check = (body: PlBody, list: readonly PlStmt[]): void => {
      for (let i = 0; i < list.length - 1; i++) {
        const s = list[i];
        if (!endsControl(s)) continue;
        const next = list.slice(i + 1).find((n) => !isImplicitReturn(n));
        if (!next) return;
        const after = statementToken(body, s);
        const token = statementToken(body, next, after ? after.end : 0);
        if (!token) return;
        const cause = WHAT[s.tag] ?? (s.tag === 'PLpgSQL_stmt_loop' ? 'a LOOP that nothing EXITs' : `${s.tag === 'PLpgSQL_stmt_if' ? 'an IF' : s.tag === 'PLpgSQL_stmt_case' ? 'a CASE' : 'a block'} whose every branch returns or raises`);
        context.report({ range: restOfLine(body, token), message: `Unreachable code: this statement never runs, it follows ${cause} in the same block.` });
        return;
      }
    };
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body) return;
        for (const s of allStatements(body)) for (const list of childLists(s)) check(body, list);
      },
    };
  },
});
