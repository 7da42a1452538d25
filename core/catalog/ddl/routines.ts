/** CREATE [OR REPLACE] FUNCTION / PROCEDURE and CREATE AGGREGATE: signatures, result, language, volatility. */
import type { CreateFunctionStmt, DefineStmt, FunctionParameter, Node, ObjectWithArgs } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { FunctionArgument, FunctionInfo } from '../model';
import { functionSignature } from '../model';
import type { ApplyContext } from './context';

const MODES: Readonly<Record<string, FunctionArgument['mode']>> = {
  FUNC_PARAM_IN: 'in',
  FUNC_PARAM_DEFAULT: 'in',
  FUNC_PARAM_OUT: 'out',
  FUNC_PARAM_INOUT: 'inout',
  FUNC_PARAM_VARIADIC: 'variadic',
  FUNC_PARAM_TABLE: 'table',
};

function argumentOf(ctx: ApplyContext, p: FunctionParameter): FunctionArgument {
  return {
    ...(p.name ? { name: p.name } : {}),
    type: ctx.formatType(p.argType),
    mode: MODES[p.mode ?? 'FUNC_PARAM_IN'] ?? 'in',
    hasDefault: p.defexpr !== undefined,
  };
}

/** Input argument types of `DROP FUNCTION f(int, text)` / `ALTER FUNCTION ...` (display forms). */
export function routineArgumentTypes(ctx: ApplyContext, object: ObjectWithArgs): string[] {
  if (object.objfuncargs && object.objfuncargs.length > 0) {
    return object.objfuncargs.flatMap((n) => {
      const p = asNode(n, 'FunctionParameter');
      if (!p) return [];
      const arg = argumentOf(ctx, p);
      return arg.mode === 'out' || arg.mode === 'table' ? [] : [arg.type];
    });
  }
  return (object.objargs ?? []).map((n) => ctx.formatType(asNode(n, 'TypeName')));
}

function optionString(options: readonly Node[] | undefined, name: string): string | undefined {
  for (const option of options ?? []) {
    const def = asNode(option, 'DefElem');
    if (def?.defname !== name) continue;
    const s = asNode(def.arg, 'String');
    if (s?.sval !== undefined) return s.sval;
    const b = asNode(def.arg, 'Boolean');
    if (b) return String(b.boolval ?? false);
  }
  return undefined;
}

export function createFunction(ctx: ApplyContext, stmt: CreateFunctionStmt): void {
  const names = stringValues(stmt.funcname);
  const name = names[names.length - 1] ?? '';
  const schema = ctx.creationSchema(names.length > 1 ? names[names.length - 2] : undefined);
  const args = (stmt.parameters ?? []).flatMap((n) => {
    const p = asNode(n, 'FunctionParameter');
    return p ? [argumentOf(ctx, p)] : [];
  });
  const tableColumns = args.filter((a) => a.mode === 'table');
  const returnType = stmt.is_procedure ? undefined : tableColumns.length > 0 ? 'SETOF record' : stmt.returnType ? ctx.formatType(stmt.returnType) : undefined;
  const volatility = optionString(stmt.options, 'volatility');
  const fn: FunctionInfo = {
    schema,
    name,
    kind: stmt.is_procedure ? 'procedure' : (optionString(stmt.options, 'window') === 'true' ? 'window' : 'function'),
    arguments: args,
    ...(returnType ? { returnType } : {}),
    language: optionString(stmt.options, 'language') ?? (stmt.sql_body ? 'sql' : 'sql'),
    volatility: volatility === 'immutable' || volatility === 'stable' ? volatility : 'volatile',
    securityDefiner: optionString(stmt.options, 'security') === 'true',
    location: ctx.locate(),
  };
  const existing = ctx.catalog.functionsNamed({ schema, name }).find((f) => functionSignature(f) === functionSignature(fn));
  if (existing && !stmt.replace) {
    ctx.problem(`function "${name}" already exists with same argument types`);
    return;
  }
  ctx.catalog.putFunction(existing?.comment ? { ...fn, comment: existing.comment } : fn);
}

/** CREATE AGGREGATE name(args) (...): an aggregate routine. */
export function createAggregate(ctx: ApplyContext, stmt: DefineStmt): void {
  const names = stringValues(stmt.defnames);
  const name = names[names.length - 1] ?? '';
  const schema = ctx.creationSchema(names.length > 1 ? names[names.length - 2] : undefined);
  // args is [list of FunctionParameter, number of direct args] for the new syntax.
  const list = asNode(stmt.args?.[0], 'List')?.items ?? [];
  const args = list.flatMap((n) => {
    const p = asNode(n, 'FunctionParameter');
    return p ? [argumentOf(ctx, p)] : [];
  });
  ctx.catalog.putFunction({ schema, name, kind: 'aggregate', arguments: args, language: 'internal', volatility: 'volatile', securityDefiner: false, location: ctx.locate() });
}
