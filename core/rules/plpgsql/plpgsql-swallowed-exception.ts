import { defineRule } from '../types';
import type { ScanToken } from '../../parse/parser';
import { allStatements, handlers, identifierName, plBodyOf, stmtList, unwrap } from './support/body';

export default defineRule({
  meta: {
    id: 'plpgsql-swallowed-exception',
    category: 'plpgsql',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`EXCEPTION WHEN OTHERS THEN NULL` silently swallows every error.',
      why:
        'A handler for OTHERS catches every error but query cancel and assertion failures: constraint violations, deadlocks, ' +
        'serialization failures, typos in dynamic SQL, out-of-disk. With `NULL` as its only action the error disappears, ' +
        'the block\'s changes are rolled back to the savepoint PL/pgSQL took on entry, and the caller carries on as if it worked. ' +
        'Each such block also costs a subtransaction.',
      instead:
        'Catch only the conditions you expect (`WHEN unique_violation THEN ...`), or log and re-raise: ' +
        '`WHEN OTHERS THEN RAISE WARNING \'...: %\', SQLERRM; RAISE;`.',
      bad:
        'CREATE FUNCTION try_insert_tag(p_name text) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  INSERT INTO tags (name) VALUES (p_name);\nEXCEPTION WHEN OTHERS THEN NULL;\nEND $$;',
      good:
        'CREATE FUNCTION try_insert_tag(p_name text) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  INSERT INTO tags (name) VALUES (p_name);\nEXCEPTION WHEN unique_violation THEN NULL;\nEND $$;',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body) return;
        let expected = 0;
        for (const s of allStatements(body)) {
          if (s.tag !== 'PLpgSQL_stmt_block') continue;
          for (const h of handlers(s)) {
            const conditions = Array.isArray(h.conditions) ? h.conditions.map((c) => unwrap(c)[1]?.condname) : [];
            if (conditions.includes('others') && stmtList(h, 'action').length === 0) expected++;
          }
        }
        if (expected === 0) return;
        // Handlers carry no line numbers: find `WHEN ... OTHERS ... THEN NULL ;` in the body's tokens.
        const tokens = body.tokens;
        for (let i = 0; i < tokens.length && expected > 0; i++) {
          if (identifierName(tokens[i]) !== 'when') continue;
          let j = i + 1;
          let others = false;
          while (j < tokens.length && identifierName(tokens[j]) !== 'then' && j - i < 64) {
            if (identifierName(tokens[j]) === 'others') others = true;
            j++;
          }
          const rest: (ScanToken | undefined)[] = [tokens[j + 1], tokens[j + 2]];
          if (!others || rest[0] === undefined || identifierName(rest[0]) !== 'null' || rest[1]?.text !== ';') continue;
          expected--;
          context.report({
            range: { start: tokens[i].start, end: rest[1].end },
            message: 'WHEN OTHERS THEN NULL swallows every error (constraint violations, deadlocks, bugs) and the caller never learns the work was rolled back; catch the expected condition, or log and re-raise.',
          });
        }
      },
    };
  },
});
