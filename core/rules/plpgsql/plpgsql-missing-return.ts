import { defineRule } from '../types';
import type { ColumnRef } from '@pgsql/types';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import { parseStatementText } from '../../parse/parser';
import { identifierName, mayFallThrough, plBodyOf, signatureOf, stmtList, topBlock, unwrap, type PlStmt } from './support/body';

/** What a trigger fires for: an IF testing only these takes one of its branches on the events it is created for. */
const TRIGGER_EVENT_VARIABLES = new Set(['tg_op', 'tg_when', 'tg_level']);

/** `tg_op = 'INSERT'`, `TG_OP IN ('UPDATE', 'DELETE')`, `TG_WHEN = 'BEFORE' AND TG_OP = 'INSERT'`: no other column. */
function testsTriggerEvent(cond: unknown): boolean {
  const [, expr] = unwrap(cond);
  if (typeof expr?.query !== 'string') return false;
  const ast = parseStatementText(`SELECT ${expr.query}`).stmts[0]?.stmt;
  const target = asNode(asNode(ast, 'SelectStmt')?.targetList?.[0], 'ResTarget')?.val;
  if (!target) return false;
  let events = 0;
  let other = false;
  walkAst(target, (ref) => {
    if (ref.tag === 'ColumnRef') {
      const names = stringValues((ref.node as ColumnRef).fields);
      if (names.length === 1 && TRIGGER_EVENT_VARIABLES.has(names[0].toLowerCase())) events++;
      else other = true;
    } else if (ref.tag === 'SubLink' || ref.tag === 'FuncCall') other = true;
    return !other;
  });
  return events > 0 && !other;
}

/**
 * An IF/ELSIF chain dispatching on the trigger's event (TG_OP, TG_WHEN, TG_LEVEL) with no ELSE: the trigger is
 * created for the events it lists, so one branch runs (the usual INSERT / UPDATE / DELETE dispatch).
 */
function dispatchesOnEvent(s: PlStmt): boolean {
  if (s.tag !== 'PLpgSQL_stmt_if') return false;
  return testsTriggerEvent(s.node.cond) && stmtList(s.node, 'elsif_list').every((e) => testsTriggerEvent(e.node.cond));
}

/**
 * Return types for which falling off the end is fine: PostgreSQL appends a RETURN to void functions and event
 * triggers. A DML trigger (`RETURNS trigger`) gets none: it must return NEW, OLD or NULL.
 */
const NO_VALUE = new Set(['void', 'event_trigger', '']);

export default defineRule({
  meta: {
    id: 'plpgsql-missing-return',
    category: 'plpgsql',
    defaultSeverity: 'error',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A PL/pgSQL function that returns a value (or a trigger function) can reach its END without RETURN.',
      why:
        'PostgreSQL does not check at CREATE time that every path of a PL/pgSQL function returns: a path that reaches the ' +
        'final END fails at run time with "control reached end of function without RETURN" (SQLSTATE 2F005), typically on ' +
        'the branch nobody tested. A trigger function (`RETURNS trigger`) is no exception: the first row it fires on fails ' +
        'with "control reached end of trigger procedure without RETURN", rolling back the statement that fired it. An ' +
        'IF/ELSIF chain testing only TG_OP, TG_WHEN or TG_LEVEL counts as taking one of its branches (the trigger is ' +
        'created for the events it lists). ' +
        'Functions returning void, event triggers, procedures, set-returning functions and functions with OUT ' +
        'parameters may end without RETURN and are not reported.',
      instead:
        'Return on every path: add an ELSE branch or a final RETURN, or RAISE an exception where no value makes sense. ' +
        'A trigger function returns NEW (BEFORE row triggers that keep the row), OLD, or NULL (AFTER and statement-level ' +
        'triggers, or to skip the row in a BEFORE trigger).',
      bad:
        'CREATE FUNCTION order_label(p_status text) RETURNS text LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  IF p_status = \'paid\' THEN\n    RETURN \'Paid\';\n  ELSIF p_status = \'open\' THEN\n    RETURN \'Open\';\n  END IF;\nEND $$;\n\n' +
        'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\nEND $$;',
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
        const trigger = signature.returnType === 'trigger';
        if (!top || !mayFallThrough([top], trigger ? dispatchesOnEvent : undefined)) return;
        // Also nothing to report when the whole body is one block that ends in RETURN of the outer wrapper.
        if (stmtList(top.node, 'body').length === 0) return;
        const end = [...body.tokens].reverse().find((t) => identifierName(t) === 'end');
        const range = end ? { start: end.start, end: end.end } : statement.headRange();
        const name = stringValues(body.fn.funcname).join('.');
        context.report({
          range,
          message:
            trigger
              ? `Trigger function ${name} can reach this END without RETURN: the first row it fires on fails with "control reached end of trigger procedure without RETURN". End with RETURN NEW (BEFORE row triggers) or RETURN NULL (AFTER and statement triggers).`
              : `Function ${name} returns ${signature.returnType} but control can reach this END without RETURN: that call fails with "control reached end of function without RETURN".`,
        });
      },
    };
  },
});
