/**
 * How a statement uses its tables' columns, read from PostgreSQL's own parse tree: per query block (each SELECT,
 * UPDATE, DELETE and subquery), the top-level AND conditions of WHERE and JOIN ... ON — equality, IN, ranges,
 * patterns, containment, join keys — and the block's ORDER BY, GROUP BY, LIMIT and the columns it reads.
 */
import type { Node, RangeVar } from '@pgsql/types';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import { quoteIdentifier } from '../../catalog/names';
import { buildScope, resolveColumn, tableKey, type ColumnsOf, type ResolvedColumn, type Scope } from './scope';
import type { ColumnUse, QueryShape, SortColumn, TableRef, TableUsage } from './types';

const RANGE_OPS = new Set(['<', '<=', '>', '>=']);
const PATTERN_OPS = new Set(['~~', '~~*', '~', '~*']);
const CONTAINMENT_OPS = new Set(['@>', '<@', '&&']);
const KEY_OPS = new Set(['?', '?|', '?&']);

interface Block {
  readonly scope: Scope;
  readonly where: Node | undefined;
  readonly sort: readonly Node[];
  readonly group: readonly Node[];
  readonly targets: readonly Node[];
  readonly limited: boolean;
  /** UPDATE/DELETE: no index-only scan, so the columns read do not matter. */
  readonly dml: boolean;
}

/** AND-ed conditions, flattened. */
function conjuncts(node: Node | undefined, out: Node[] = []): Node[] {
  const bool = asNode(node, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') for (const a of bool.args ?? []) conjuncts(a, out);
  else if (node) out.push(node);
  return out;
}

function stripCasts(node: Node | undefined): Node | undefined {
  let current = node;
  for (let cast = asNode(current, 'TypeCast'); cast; cast = asNode(current, 'TypeCast')) current = cast.arg;
  return current;
}

/** True when an expression refers to no column (constants, parameters, now(), ...): a lookup value. */
function isFree(node: Node | undefined): boolean {
  if (!node) return false;
  let free = true;
  walkAst(node, (ref) => {
    if (ref.tag === 'ColumnRef' || ref.tag === 'SubLink') free = false;
    return free ? undefined : false;
  });
  return free;
}

/** A constant as SQL and as pg_stats prints it, when the expression is a plain literal. */
function literal(node: Node | undefined): { text: string; sql: string } | undefined {
  const c = asNode(stripCasts(node), 'A_Const');
  if (!c || c.isnull) return undefined;
  if (c.sval) return { text: c.sval.sval ?? '', sql: `'${(c.sval.sval ?? '').replace(/'/g, "''")}'` };
  if (c.ival) return { text: String(c.ival.ival ?? 0), sql: String(c.ival.ival ?? 0) };
  if (c.fval) return { text: c.fval.fval ?? '', sql: c.fval.fval ?? '' };
  if (c.boolval) return { text: c.boolval.boolval ? 't' : 'f', sql: c.boolval.boolval ? 'true' : 'false' };
  return undefined;
}

class Collector {
  private readonly uses = new Map<string, { table: TableRef; uses: ColumnUse[]; read: Set<string>; all: boolean; order: SortColumn[]; group: string[]; limited: boolean }>();
  readonly unresolved = new Set<string>();

  constructor(private readonly columnsOf: ColumnsOf | undefined) {}

  private entry(table: TableRef) {
    const key = `${tableKey(table)}\u0000${table.alias}`;
    let e = this.uses.get(key);
    if (!e) this.uses.set(key, (e = { table, uses: [], read: new Set(), all: false, order: [], group: [], limited: false }));
    return e;
  }

  private resolve(node: Node | undefined, scope: Scope): ResolvedColumn | undefined {
    const r = resolveColumn(stripCasts(node), scope, this.columnsOf);
    if (!r && asNode(stripCasts(node), 'ColumnRef')) this.unresolved.add(stringValues(asNode(stripCasts(node), 'ColumnRef')?.fields).join('.'));
    return r;
  }

  private use(col: ResolvedColumn, use: Omit<ColumnUse, 'column'>): void {
    if (col.outer) return;
    this.entry(col.table).uses.push({ column: col.column, ...use });
  }

  block(b: Block): void {
    for (const t of b.scope.tables) {
      const e = this.entry(t);
      e.limited ||= b.limited;
      if (b.dml) e.all = true;
    }
    for (const c of [...conjuncts(b.where), ...b.scope.joinQuals.flatMap((q) => conjuncts(q))]) this.condition(c, b.scope);
    this.sorting(b);
    this.reads(b);
  }

  private condition(node: Node, scope: Scope): void {
    const e = asNode(node, 'A_Expr');
    if (e) return this.expression(e.kind ?? '', stringValues(e.name).join('.'), e.lexpr, e.rexpr, scope);
    const nullTest = asNode(node, 'NullTest');
    if (nullTest) {
      const col = this.resolve(nullTest.arg, scope);
      const isNull = nullTest.nulltesttype === 'IS_NULL';
      if (col) this.use(col, { kind: 'null', constant: isNull ? 'null' : 'not null', predicateSql: `${quoteIdentifier(col.column)} IS ${isNull ? '' : 'NOT '}NULL` });
      return;
    }
    // `WHERE active` / `WHERE NOT archived`: a boolean column compared with a constant.
    const not = asNode(node, 'BoolExpr');
    const negated = not?.boolop === 'NOT_EXPR' && not.args?.length === 1;
    const bare = this.resolve(negated ? not.args?.[0] : node, scope);
    if (bare && asNode(negated ? not?.args?.[0] : node, 'ColumnRef')) {
      this.use(bare, { kind: 'equality', constant: negated ? 'f' : 't', predicateSql: `${negated ? 'NOT ' : ''}${quoteIdentifier(bare.column)}` });
    }
  }

  private expression(kind: string, op: string, lexpr: Node | undefined, rexpr: Node | undefined, scope: Scope): void {
    const left = asNode(stripCasts(lexpr), 'ColumnRef') ? this.resolve(lexpr, scope) : undefined;
    const right = asNode(stripCasts(rexpr), 'ColumnRef') ? this.resolve(rexpr, scope) : undefined;
    if (kind === 'AEXPR_OP' && op === '=' && left && right) {
      if (tableKey(left.table) === tableKey(right.table) && left.table.alias === right.table.alias) return;
      this.use(left, { kind: 'join' });
      this.use(right, { kind: 'join' });
      return;
    }
    // The column side and the value side; a column compared with something free of columns.
    const [col, value] = left && isFree(rexpr) ? [left, rexpr] : right && isFree(lexpr) && kind === 'AEXPR_OP' ? [right, lexpr] : [undefined, undefined];
    if (!col) return;
    const lit = literal(value);
    const eq = (k: ColumnUse['kind']): void =>
      this.use(col, { kind: k, ...(lit ? { constant: lit.text, predicateSql: `${quoteIdentifier(col.column)} = ${lit.sql}` } : {}) });
    if (kind === 'AEXPR_OP' && op === '=') eq('equality');
    else if ((kind === 'AEXPR_IN' && op === '=') || (kind === 'AEXPR_OP_ANY' && op === '=')) this.use(col, { kind: 'membership' });
    else if ((kind === 'AEXPR_OP' && RANGE_OPS.has(op)) || kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM') this.use(col, { kind: 'range', operator: op });
    else if ((kind === 'AEXPR_OP' && PATTERN_OPS.has(op)) || ((kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE') && !op.startsWith('!'))) {
      this.use(col, { kind: 'pattern', operator: op, ...(lit ? { constant: lit.text } : {}) });
    } else if (kind === 'AEXPR_OP' && CONTAINMENT_OPS.has(op) && col === left) this.use(col, { kind: 'containment', operator: op });
    else if (kind === 'AEXPR_OP' && KEY_OPS.has(op) && col === left) this.use(col, { kind: 'jsonb-key', operator: op });
  }

  /** ORDER BY and GROUP BY, kept for a table when every item is a plain column of that one table. */
  private sorting(b: Block): void {
    const order = this.columnsOfOneTable(b.sort.map((s) => asNode(s, 'SortBy')?.node), b.scope);
    if (order) {
      const desc = b.sort.map((s) => asNode(s, 'SortBy')?.sortby_dir === 'SORTBY_DESC');
      this.entry(order.table).order.push(...order.columns.map((column, i) => ({ column, descending: desc[i] })));
    }
    const group = this.columnsOfOneTable(b.group, b.scope);
    if (group) this.entry(group.table).group.push(...group.columns);
  }

  private columnsOfOneTable(nodes: readonly (Node | undefined)[], scope: Scope): { table: TableRef; columns: string[] } | undefined {
    const cols: ResolvedColumn[] = [];
    for (const n of nodes) {
      const col = asNode(stripCasts(n), 'ColumnRef') ? this.resolve(n, scope) : undefined;
      if (!col || col.outer) return undefined;
      cols.push(col);
    }
    if (cols.length === 0 || !cols.every((c) => c.table === cols[0].table)) return undefined;
    return { table: cols[0].table, columns: cols.map((c) => c.column) };
  }

  /** Every column the block reads, per table; `*` or `t.*` reads them all. */
  private reads(b: Block): void {
    const roots: Node[] = [...b.targets, ...b.sort, ...b.group, ...(b.where ? [b.where] : []), ...b.scope.joinQuals];
    for (const root of roots) {
      walkAst(root, (ref) => {
        if (ref.tag === 'SelectStmt') return false;
        if (ref.tag !== 'ColumnRef') return undefined;
        const fields = (ref.node as { fields?: Node[] }).fields ?? [];
        if (fields.some((f) => asNode(f, 'A_Star') !== undefined)) {
          const qualifier = stringValues(fields)[0];
          for (const t of b.scope.tables) if (qualifier === undefined || t.alias === qualifier) this.entry(t).all = true;
          return false;
        }
        const col = resolveColumn({ ColumnRef: ref.node } as Node, b.scope, this.columnsOf);
        if (col && !col.outer) this.entry(col.table).read.add(col.column);
        return false;
      });
    }
  }

  shape(): QueryShape {
    const usages: TableUsage[] = [...this.uses.values()].map((e) => ({
      table: e.table,
      uses: e.uses,
      orderBy: e.order,
      groupBy: e.group,
      selected: e.all ? undefined : [...e.read],
      limited: e.limited,
    }));
    return { usages, unresolved: [...this.unresolved] };
  }
}

function cteNamesOf(ast: Node): Set<string> {
  const names = new Set<string>();
  walkAst(ast, (ref) => {
    if (ref.tag === 'CommonTableExpr') {
      const name = (ref.node as { ctename?: string }).ctename;
      if (name) names.add(name);
    }
  });
  return names;
}

/** The query shape of one parsed statement. `columnsOf` (from the catalog) attributes unqualified columns in joins. */
export function queryShape(ast: Node, columnsOf?: ColumnsOf): QueryShape {
  const ctes = cteNamesOf(ast);
  const collector = new Collector(columnsOf);
  const scopes = new Map<object, Scope>();
  walkAst(ast, (ref, parents) => {
    if (ref.tag !== 'SelectStmt' && ref.tag !== 'UpdateStmt' && ref.tag !== 'DeleteStmt') return undefined;
    let outer: Scope | undefined;
    for (let i = parents.length - 1; i >= 0 && !outer; i--) outer = scopes.get(parents[i].node);
    const n = ref.node as {
      fromClause?: Node[];
      usingClause?: Node[];
      relation?: RangeVar;
      whereClause?: Node;
      sortClause?: Node[];
      groupClause?: Node[];
      targetList?: Node[];
      limitCount?: Node;
    };
    const dml = ref.tag !== 'SelectStmt';
    const scope = buildScope([...(n.fromClause ?? []), ...(n.usingClause ?? [])], dml ? n.relation : undefined, ctes, outer);
    scopes.set(ref.node, scope);
    collector.block({ scope, where: n.whereClause, sort: n.sortClause ?? [], group: n.groupClause ?? [], targets: dml ? [] : (n.targetList ?? []), limited: n.limitCount !== undefined, dml });
    return undefined;
  });
  return collector.shape();
}
