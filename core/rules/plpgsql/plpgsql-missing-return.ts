import { defineRule } from '../types';
import { stringValues } from '../../parse/ast';
import { identifierName, mayFallThrough, plBodyOf, signatureOf, stmtList, topBlock } from './support/body';

/** Return types for which falling off the end is fine (no value is expected). */
const NO_VALUE = new Set(['void', 'trigger', 'event_trigger', '']);

export default defineRule({
  meta: {
    id: 'plpgsql-missing-return',
    category: 'plpgsql',
    defaultSeverity: 'error',
    fixable: false,
    docs: {
      summary: 'A PL/pgSQL function that returns a value can reach its END without RETURN.',
      why:
        'PostgreSQL does not check at CREATE time that every path of a PL/pgSQL function returns: a path that reaches the ' +
        'final END fails at run time with "control reached end of function without RETURN" (SQLSTATE 2F005), typically on ' +
        'the branch nobody tested. Functions returning void, triggers, procedures, set-returning functions and functions ' +
        'with OUT parameters may end without RETURN and are not reported.',
      instead: 'Return on every path: add an ELSE branch or a final RETURN, or RAISE an exception where no value makes sense.',
      bad:
        'CREATE FUNCTION order_label(p_status text) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  IF p_status = \'paid\' THEN\n    RETURN \'Paid\';\n  ELSIF p_status = \'open\' THEN\n    RETURN \'Open\';\n  END IF;\nEND $$;',
      good:
        'CREATE FUNCTION order_label(p_status text) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  IF p_status = \'paid\' THEN\n    RETURN \'Paid\';\n  ELSIF p_status = \'open\' THEN\n    RETURN \'Open\';\n  END IF;\n' +
        '  RAISE EXCEPTION \'unknown status %\', p_status;\nEND $$;\n\n' +
        'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND $$;\n\n' +
        'CREATE FUNCTION log_it(msg text) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE NOTICE \'%\', msg;\nEND $$;',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body?.fn) return;
        const signature = signatureOf(body.fn);
        if (signature.isProcedure || signature.returnsSet || signature.hasOutParameters || NO_VALUE.has(signature.returnType)) return;
        const top = topBlock(body);
        if (!top || !mayFallThrough([top])) return;
        // Also nothing to report when the whole body is one block that ends in RETURN of the outer wrapper.
        if (stmtList(top.node, 'body').length === 0) return;
        const end = [...body.tokens].reverse().find((t) => identifierName(t) === 'end');
        const range = end ? { start: end.start, end: end.end } : statement.headRange();
        const name = stringValues(body.fn.funcname).join('.');
        context.report({
          range,
          message: `Function ${name} returns ${signature.returnType} but control can reach this END without RETURN: that call fails with "control reached end of function without RETURN".`,
        });
      },
    };
  },
});
