import type { FunctionParameter, Node } from '@pgsql/types';
import type { SqlDocument, StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { defineRule } from '../types';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import { allStatements, identifierName, plBodyOf } from './support/body';

/** Options of CREATE AGGREGATE / OPERATOR / TYPE / range types that name a support function with a fixed signature. */
const SUPPORT_FUNCTION_OPTIONS: ReadonlySet<string> = new Set([
  'sfunc', 'finalfunc', 'combinefunc', 'serialfunc', 'deserialfunc', 'msfunc', 'minvfunc', 'mfinalfunc',
  'function', 'procedure', 'restrict', 'join',
  'input', 'output', 'receive', 'send', 'typmod_in', 'typmod_out', 'analyze', 'subscript',
  'canonical', 'subtype_diff',
]);

const INPUT_MODES: ReadonlySet<string> = new Set(['FUNC_PARAM_IN', 'FUNC_PARAM_DEFAULT', 'FUNC_PARAM_VARIADIC']);
const OUTPUT_MODES: ReadonlySet<string> = new Set(['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE']);

const supportCache = new WeakMap<SqlDocument, ReadonlySet<string>>();

/**
 * Names of functions the file uses as aggregate, operator, cast, type or operator-class support functions: their
 * signature is dictated by the interface, so an argument they ignore is not a mistake.
 */
function supportFunctionNames(document: SqlDocument): ReadonlySet<string> {
  const known = supportCache.get(document);
  if (known) return known;
  const names = new Set<string>();
  const add = (parts: string[]): void => {
    const last = parts[parts.length - 1];
    if (last) names.add(last);
  };
  for (const statement of document.statements) {
    const ast = statement.ast;
    const define = asNode(ast, 'DefineStmt') ?? asNode(ast, 'CreateRangeStmt');
    const options = asNode(ast, 'DefineStmt')?.definition ?? asNode(ast, 'CreateRangeStmt')?.params;
    if (define) {
      for (const o of options ?? []) {
        const d = asNode(o, 'DefElem');
        if (!d?.defname || !SUPPORT_FUNCTION_OPTIONS.has(d.defname)) continue;
        add(stringValues(asNode(d.arg, 'TypeName')?.names ?? asNode(d.arg, 'List')?.items ?? (d.arg ? [d.arg] : [])));
      }
    }
    if (asNode(ast, 'CreateCastStmt') || asNode(ast, 'CreateOpClassStmt') || asNode(ast, 'CreateTransformStmt')) {
      walkAst(ast!, (ref) => {
        if (ref.tag === 'ObjectWithArgs') add(stringValues((ref.node as { objname?: Node[] }).objname));
      });
    }
  }
  supportCache.set(document, names);
  return names;
}

/** The parameter's name in the CREATE FUNCTION header. */
function parameterNameRange(statement: StatementView, parameter: FunctionParameter): OffsetRange {
  const from = statement.offsetOfLocation(parameter.location);
  const tokens = statement.tokens().filter((t) => t.start >= from).slice(0, 4);
  const token = tokens.find((t) => identifierName(t) === parameter.name);
  return token ? { start: token.start, end: token.end } : statement.rangeOfLocation(parameter.location);
}

export default defineRule({
  meta: {
    id: 'plpgsql-unused-parameter',
    category: 'plpgsql',
    defaultSeverity: 'hint',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A parameter of a PL/pgSQL function or procedure is never used in its body (or an OUT parameter is never assigned).',
      why:
        'An input parameter the body never reads (by name, as `function_name.param`, or as `$n`) usually means the ' +
        'code uses something else where the parameter was meant: a column of the same name, another parameter, a ' +
        'literal. An OUT parameter that is never assigned is always returned as NULL. Some signatures are fixed from ' +
        'outside (an aggregate\'s state function, an operator, a cast, an API other code calls), which is why this is ' +
        'a hint.',
      instead:
        'Use the parameter where it was meant, or remove it (a signature change: `DROP FUNCTION` and create it again, ' +
        'and update the callers). Assign OUT parameters before returning. Functions the same file uses as aggregate, ' +
        'operator, cast, type or operator-class support functions, unnamed parameters, INOUT parameters, and OUT ' +
        'parameters of functions that use RETURN QUERY are not reported.',
      bad:
        'CREATE FUNCTION order_total(p_order bigint, p_currency text) RETURNS numeric LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  RETURN (SELECT sum(amount) FROM order_lines WHERE order_id = p_order);\nEND $$;',
      good:
        'CREATE FUNCTION order_total(p_order bigint, p_currency text, OUT total numeric) LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  SELECT sum(amount) INTO total FROM order_lines WHERE order_id = $1 AND currency = order_total.p_currency;\nEND $$;',
    },
  },
  fileInputs: (document) => [...supportFunctionNames(document)].sort().join(' '),
  create(context) {
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body?.fn) return;
        const parameters = (body.fn.parameters ?? []).map((p) => asNode(p, 'FunctionParameter'));
        if (parameters.length === 0 || supportFunctionNames(context.document).has(stringValues(body.fn.funcname).pop() ?? '')) return;
        const mentioned = new Set(body.tokens.map(identifierName));
        const returnsQuery = allStatements(body).some((s) => s.tag === 'PLpgSQL_stmt_return_query');
        parameters.forEach((p, i) => {
          if (!p?.name || mentioned.has(p.name) || mentioned.has(`$${i + 1}`)) return;
          const mode = p.mode ?? 'FUNC_PARAM_IN';
          let message: string | undefined;
          if (INPUT_MODES.has(mode)) message = `Parameter ${p.name} is never used in the body.`;
          else if (OUTPUT_MODES.has(mode) && !returnsQuery) message = `${mode === 'FUNC_PARAM_TABLE' ? 'Result column' : 'OUT parameter'} ${p.name} is never assigned: it is always returned as NULL.`;
          if (message) context.report({ range: parameterNameRange(statement, p), message });
        });
      },
    };
  },
});
