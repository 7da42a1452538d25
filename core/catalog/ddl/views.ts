/**
 * CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW and CREATE TABLE AS / SELECT INTO. Output columns are
 * read from the query where that needs no planner: named targets, column references (typed when they come
 * from a table the catalog knows) and `*` over known relations; other types are left empty (unknown).
 */
import type { CreateTableAsStmt, Node, SelectStmt, ViewStmt } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { Column, Relation } from '../model';
import type { QualifiedName } from '../names';
import type { ApplyContext } from './context';
import { newRelation } from './relations';

interface FromItem {
  readonly alias: string;
  readonly relation: Relation;
}

function fromItems(ctx: ApplyContext, select: SelectStmt): FromItem[] {
  const out: FromItem[] = [];
  const visit = (node: Node | undefined): void => {
    const rv = asNode(node, 'RangeVar');
    if (rv) {
      const found = ctx.findRelation(rv);
      const relation = found ? ctx.catalog.relation(found) : undefined;
      if (relation) out.push({ alias: rv.alias?.aliasname ?? rv.relname ?? '', relation });
      return;
    }
    const join = asNode(node, 'JoinExpr');
    if (join) {
      visit(join.larg);
      visit(join.rarg);
    }
  };
  for (const item of select.fromClause ?? []) visit(item);
  return out;
}

/** FigureColname for the simple cases: column references, function names, casts. */
function targetName(node: Node | undefined): string {
  const ref = asNode(node, 'ColumnRef');
  if (ref) {
    const names = stringValues(ref.fields);
    return names[names.length - 1] ?? '?column?';
  }
  const call = asNode(node, 'FuncCall');
  if (call) return stringValues(call.funcname).pop() ?? '?column?';
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const inner = targetName(cast.arg);
    return inner !== '?column?' ? inner : (stringValues(cast.typeName?.names).pop() ?? '?column?');
  }
  return '?column?';
}

/** The columns a SELECT produces, as far as they can be known without planning. */
export function queryColumns(ctx: ApplyContext, query: Node | undefined): Column[] {
  const select = asNode(query, 'SelectStmt');
  if (!select) return [];
  if (select.op && select.op !== 'SETOP_NONE') return queryColumns(ctx, select.larg ? { SelectStmt: select.larg } : undefined);
  const from = fromItems(ctx, select);
  const columns: Column[] = [];
  for (const t of select.targetList ?? []) {
    const target = asNode(t, 'ResTarget');
    if (!target) continue;
    const ref = asNode(target.val, 'ColumnRef');
    const fields = ref?.fields ?? [];
    if (ref && asNode(fields[fields.length - 1], 'A_Star')) {
      const qualifier = stringValues(fields).pop();
      for (const item of from) {
        if (fields.length > 1 && item.alias !== qualifier) continue;
        for (const c of item.relation.columns) columns.push({ name: c.name, type: c.type, notNull: false });
      }
      continue;
    }
    let type = '';
    if (ref) {
      const names = stringValues(fields);
      const column = names[names.length - 1];
      const candidates = names.length > 1 ? from.filter((f) => f.alias === names[names.length - 2]) : from;
      const hits = candidates.flatMap((f) => f.relation.columns.filter((c) => c.name === column));
      if (hits.length === 1) type = hits[0].type;
    }
    const cast = asNode(target.val, 'TypeCast');
    if (cast) type = ctx.formatType(cast.typeName);
    columns.push({ name: target.name ?? targetName(target.val), type, notNull: false });
  }
  return columns;
}

/** The query's text: what follows the AS that ends the head, without `WITH [NO] DATA` / `WITH CHECK OPTION`. */
function queryText(ctx: ApplyContext, after: number | undefined): string | undefined {
  const start = ctx.statement.offsetOfLocation(after);
  let depth = 0;
  for (const t of ctx.statement.tokens()) {
    if (t.start < start) continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'AS') {
      const text = ctx.statement.text.slice(t.end - ctx.statement.start).trim().replace(/;$/, '').trim();
      return text.replace(/\s+WITH\s+(NO\s+)?DATA$/i, '').replace(/\s+WITH\s+((CASCADED|LOCAL)\s+)?CHECK\s+OPTION$/i, '');
    }
  }
  return undefined;
}

function withAliases(columns: Column[], aliases: readonly string[]): Column[] {
  return columns.map((c, i) => (i < aliases.length ? { ...c, name: aliases[i] } : c));
}

export function createView(ctx: ApplyContext, stmt: ViewStmt): void {
  const rel = stmt.view;
  if (!rel?.relname) return;
  const name = ctx.newRelationName(rel);
  const existing = ctx.catalog.relation(name);
  if (existing && !(stmt.replace && existing.kind === 'view')) {
    ctx.problem(`relation "${name.name}" already exists`, rel.location);
    return;
  }
  if (!existing && ctx.catalog.hasRelationName(name)) {
    ctx.problem(`relation "${name.name}" already exists`, rel.location);
    return;
  }
  const columns = withAliases(queryColumns(ctx, stmt.query), stringValues(stmt.aliases));
  const query = queryText(ctx, rel.location);
  ctx.catalog.putRelation(
    newRelation('view', name, {
      columns,
      persistence: rel.relpersistence === 't' ? 'temporary' : 'permanent',
      ...(query ? { query } : {}),
      ...(existing?.comment ? { comment: existing.comment } : {}),
      location: ctx.locate(rel.location),
    }),
  );
}

export function createTableAs(ctx: ApplyContext, stmt: CreateTableAsStmt): void {
  const rel = stmt.into?.rel;
  if (!rel?.relname) return;
  const name: QualifiedName = ctx.newRelationName(rel);
  if (ctx.catalog.hasRelationName(name)) {
    if (!stmt.if_not_exists) ctx.problem(`relation "${name.name}" already exists`, rel.location);
    return;
  }
  const materialized = stmt.objtype === 'OBJECT_MATVIEW';
  const columns = withAliases(queryColumns(ctx, stmt.query), stringValues(stmt.into?.colNames));
  const query = materialized ? queryText(ctx, rel.location) : undefined;
  ctx.catalog.putRelation(
    newRelation(materialized ? 'materialized-view' : 'table', name, {
      columns,
      persistence: rel.relpersistence === 'u' ? 'unlogged' : rel.relpersistence === 't' ? 'temporary' : 'permanent',
      ...(query ? { query } : {}),
      location: ctx.locate(rel.location),
    }),
  );
}

/** SELECT ... INTO new_table: a CREATE TABLE AS in disguise. */
export function selectInto(ctx: ApplyContext, select: SelectStmt): void {
  if (!select.intoClause?.rel) return;
  const { intoClause, ...query } = select;
  createTableAs(ctx, { into: intoClause, query: { SelectStmt: query }, objtype: 'OBJECT_TABLE' });
}
