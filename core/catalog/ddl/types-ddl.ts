/** CREATE TYPE (enum, composite, range, base) / CREATE DOMAIN and their ALTERs. */
import type { AlterDomainStmt, AlterEnumStmt, CompositeTypeStmt, CreateDomainStmt, CreateEnumStmt, CreateRangeStmt, DefineStmt, Node } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { TypeInfo } from '../model';
import type { QualifiedName } from '../names';
import type { ApplyContext } from './context';
import { chooseName } from './naming';

function newTypeName(ctx: ApplyContext, names: readonly string[]): QualifiedName {
  return { schema: ctx.creationSchema(names.length > 1 ? names[names.length - 2] : undefined), name: names[names.length - 1] ?? '' };
}

function putNewType(ctx: ApplyContext, type: TypeInfo): void {
  if (ctx.catalog.type(type) || ctx.catalog.relation(type)) {
    ctx.problem(`type "${type.name}" already exists`);
    return;
  }
  ctx.catalog.putType(type);
}

export function createEnum(ctx: ApplyContext, stmt: CreateEnumStmt): void {
  const name = newTypeName(ctx, stringValues(stmt.typeName));
  putNewType(ctx, { kind: 'enum', ...name, labels: stringValues(stmt.vals), location: ctx.locate() });
}

export function alterEnum(ctx: ApplyContext, stmt: AlterEnumStmt): void {
  const names = stringValues(stmt.typeName);
  const type = ctx.catalog.resolveType(names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] ?? '' }, ctx.lookupPath());
  if (type?.kind !== 'enum') {
    ctx.problem(`type "${names.join('.')}" does not exist`);
    return;
  }
  let labels = [...type.labels];
  if (stmt.oldVal !== undefined && stmt.newVal !== undefined) {
    labels = labels.map((l) => (l === stmt.oldVal ? stmt.newVal! : l));
  } else if (stmt.newVal !== undefined) {
    if (labels.includes(stmt.newVal)) {
      if (!stmt.skipIfNewValExists) ctx.problem(`enum label "${stmt.newVal}" already exists`);
      return;
    }
    const at = stmt.newValNeighbor !== undefined ? labels.indexOf(stmt.newValNeighbor) : -1;
    if (at < 0) labels.push(stmt.newVal);
    else labels.splice(stmt.newValIsAfter ? at + 1 : at, 0, stmt.newVal);
  }
  ctx.catalog.putType({ ...type, labels });
}

export function createDomain(ctx: ApplyContext, stmt: CreateDomainStmt): void {
  const name = newTypeName(ctx, stringValues(stmt.domainname));
  let notNull = false;
  let defaultExpression: { text: string } | undefined;
  const checks: { name: string; expression: { text: string } }[] = [];
  for (const node of stmt.constraints ?? []) {
    const c = asNode(node, 'Constraint');
    if (!c) continue;
    if (c.contype === 'CONSTR_NOTNULL') notNull = true;
    else if (c.contype === 'CONSTR_DEFAULT') defaultExpression = ctx.expression(c.raw_expr);
    else if (c.contype === 'CONSTR_CHECK') {
      const expression = ctx.expression(c.raw_expr);
      const conname = c.conname ?? chooseName(name.name, undefined, 'check', (n) => checks.some((k) => k.name === n));
      if (expression) checks.push({ name: conname, expression });
    }
  }
  putNewType(ctx, {
    kind: 'domain',
    ...name,
    baseType: ctx.formatType(stmt.typeName),
    notNull,
    ...(defaultExpression ? { default: defaultExpression } : {}),
    checks,
    location: ctx.locate(),
  });
}

export function alterDomain(ctx: ApplyContext, stmt: AlterDomainStmt): void {
  const names = stringValues(stmt.typeName);
  const type = ctx.catalog.resolveType(names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] ?? '' }, ctx.lookupPath());
  if (type?.kind !== 'domain') {
    ctx.problem(`type "${names.join('.')}" does not exist`);
    return;
  }
  switch (stmt.subtype) {
    case 'T': {
      const expression = stmt.def ? ctx.expression(stmt.def) : undefined;
      const { default: _old, ...rest } = type;
      ctx.catalog.putType(expression ? { ...rest, default: expression } : rest);
      return;
    }
    case 'N':
      ctx.catalog.putType({ ...type, notNull: false });
      return;
    case 'O':
      ctx.catalog.putType({ ...type, notNull: true });
      return;
    case 'C': {
      const c = asNode(stmt.def, 'Constraint');
      const expression = c ? ctx.expression(c.raw_expr) : undefined;
      if (c?.contype === 'CONSTR_NOTNULL') ctx.catalog.putType({ ...type, notNull: true });
      else if (expression) {
        const name = c?.conname ?? chooseName(type.name, undefined, 'check', (n) => type.checks.some((k) => k.name === n));
        ctx.catalog.putType({ ...type, checks: [...type.checks, { name, expression }] });
      }
      return;
    }
    case 'X':
      ctx.catalog.putType({ ...type, checks: type.checks.filter((k) => k.name !== stmt.name) });
      return;
    default:
      return;
  }
}

export function createComposite(ctx: ApplyContext, stmt: CompositeTypeStmt): void {
  const rel = stmt.typevar;
  const name = { schema: ctx.creationSchema(rel?.schemaname), name: rel?.relname ?? '' };
  const attributes = (stmt.coldeflist ?? []).flatMap((n: Node) => {
    const def = asNode(n, 'ColumnDef');
    return def ? [{ name: def.colname ?? '', type: ctx.formatType(def.typeName) }] : [];
  });
  putNewType(ctx, { kind: 'composite', ...name, attributes, location: ctx.locate(rel?.location) });
}

export function createRange(ctx: ApplyContext, stmt: CreateRangeStmt): void {
  const name = newTypeName(ctx, stringValues(stmt.typeName));
  let subtype = '';
  for (const p of stmt.params ?? []) {
    const def = asNode(p, 'DefElem');
    if (def?.defname === 'subtype') subtype = ctx.formatType(asNode(def.arg, 'TypeName'));
  }
  putNewType(ctx, { kind: 'range', ...name, subtype, location: ctx.locate() });
}

/** CREATE TYPE name (INPUT = ..., ...) or a shell type `CREATE TYPE name`. */
export function createBaseType(ctx: ApplyContext, stmt: DefineStmt): void {
  const name = newTypeName(ctx, stringValues(stmt.defnames));
  const existing = ctx.catalog.type(name);
  if (existing?.kind === 'base') return; // the definition that completes a shell type
  putNewType(ctx, { kind: 'base', ...name, location: ctx.locate() });
}
