/**
 * Name resolution of one statement against the catalog: the FROM scope of every query level (tables,
 * aliases, CTEs, subqueries, functions, joins), each table reference and each column reference with what it
 * resolves to, as PostgreSQL's analyzer would bind them. Pure: a statement and a SchemaLookup in, references
 * out. Where the model cannot know (a function's result columns, a view built on `*` over an unknown
 * table, a psql variable), a reference is `unchecked`, never `unknown`: unknown means PostgreSQL would refuse it.
 */
import type { Alias, ColumnRef, CommonTableExpr, DeleteStmt, InsertStmt, Node, RangeVar, ResTarget, ReturningClause, SelectStmt, UpdateStmt, WithClause } from '@pgsql/types';
import type { Column, Relation } from '../catalog/model';
import type { NameReference } from '../catalog/names';
import { asNode, stringValues, tagOf, walkAst } from '../parse/ast';
import type { StatementView } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import type { SchemaLookup } from './lookup';
import { namePartRanges } from './ranges';

/** A column a scope item offers: its name, and the catalog column behind it when there is one. */
export interface OutputColumn {
  readonly name: string;
  readonly type?: string;
  readonly column?: Column;
  readonly relation?: Relation;
}

export type ScopeItemKind = 'relation' | 'cte' | 'subquery' | 'function' | 'values' | 'pseudo' | 'other';

/** One entry of a FROM scope: what `name.column` refers to. */
export interface ScopeItem {
  readonly kind: ScopeItemKind;
  /** The name columns are qualified with: the alias, else the relation / CTE / function name ('' when none). */
  readonly name: string;
  readonly relation?: Relation;
  /** A FROM / target item written with an alias: its name is the alias, not the relation's name. */
  readonly aliased?: boolean;
  /** Columns known to exist (for completion even when incomplete). */
  readonly columns: readonly OutputColumn[];
  /** True when `columns` is every column: only then is a missing column really missing. */
  readonly complete: boolean;
}

export interface RelationReference {
  readonly kind: 'relation';
  readonly name: NameReference;
  /** The whole written name, and its last part. */
  readonly range: OffsetRange;
  readonly nameRange: OffsetRange;
  readonly relation?: Relation;
  /** Set when the name is a CTE of the statement. */
  readonly cte?: ScopeItem;
  /** from: a FROM item; target: INSERT / UPDATE / DELETE target; index: CREATE INDEX ON; other: any other statement. */
  readonly role: 'from' | 'target' | 'index' | 'other';
}

export type ColumnResolution =
  | { readonly status: 'resolved'; readonly item: ScopeItem; readonly column?: OutputColumn }
  | { readonly status: 'unknown'; readonly candidates: readonly string[]; readonly item?: ScopeItem }
  | { readonly status: 'unchecked' };

export interface ColumnReference {
  readonly kind: 'column';
  readonly qualifier: readonly string[];
  readonly name: string;
  readonly range: OffsetRange;
  readonly nameRange: OffsetRange;
  readonly resolution: ColumnResolution;
  /** Items visible where the reference is, innermost level first. */
  readonly visible: readonly ScopeItem[];
  /** The reference's node (absent for column names of INSERT / UPDATE targets and column definitions). */
  readonly node?: ColumnRef;
  /**
   * Set when an unqualified name matches two or more columns of the query level it resolves in (PostgreSQL:
   * "column reference is ambiguous"): the items the matches come from.
   */
  readonly ambiguity?: Ambiguity;
}

export interface Ambiguity {
  /** Every match, in FROM order. */
  readonly matches: readonly AmbiguousMatch[];
}

export interface AmbiguousMatch {
  /** The item the column comes from; absent for a join's merged USING / NATURAL column. */
  readonly item?: ScopeItem;
  /** The matching column (with the catalog column behind it, when there is one). */
  readonly column: OutputColumn;
  /** Whether `item.name.column` is a valid, unambiguous way to write this match. */
  readonly qualifiable: boolean;
}

export interface StatementSemantics {
  readonly relations: readonly RelationReference[];
  readonly columns: readonly ColumnReference[];
  /** Every scope item of every query level (for completion when the cursor is in no column reference). */
  readonly items: readonly ScopeItem[];
  /** A query's output columns (undefined when unknown or not a query). */
  readonly outputs?: readonly OutputColumn[];
  /** Every CTE the statement defines. */
  readonly ctes: readonly ScopeItem[];
}

interface Scope {
  /** Every item whose name qualifies columns here (FROM items, join members, aliases). */
  readonly items: ScopeItem[];
  /** What unqualified names search at this level, as PostgreSQL's namespace: FROM items and joins. */
  readonly entries: FromEntry[];
  readonly parent: Scope | undefined;
}

/**
 * An entry of a query level's namespace for unqualified column names. A join merges its USING (or NATURAL)
 * columns into one and hides its members' own copies of them; with an alias its members are hidden entirely.
 */
type FromEntry =
  | { readonly kind: 'item'; readonly item: ScopeItem }
  | { readonly kind: 'join'; readonly left: FromEntry; readonly right: FromEntry; readonly merged: readonly string[] | undefined; readonly alias?: string };

/** One column of an entry, with the item it comes from (none for a merged join column). */
interface EntryColumn {
  readonly name: string;
  readonly column: OutputColumn;
  readonly origin?: ScopeItem;
  /** False inside a join with an alias: the member's name no longer qualifies anything. */
  readonly qualifiable: boolean;
}

function entryColumns(entry: FromEntry): { readonly columns: readonly EntryColumn[]; readonly complete: boolean } {
  if (entry.kind === 'item') {
    const item = entry.item;
    return { columns: item.columns.map((column) => ({ name: column.name, column, origin: item, qualifiable: item.name !== '' })), complete: item.complete };
  }
  const left = entryColumns(entry.left);
  const right = entryColumns(entry.right);
  const merged = entry.merged ?? [];
  const hidden = new Set(merged);
  const mergedColumns: EntryColumn[] = merged.flatMap((name) => {
    const column = left.columns.find((c) => c.name === name)?.column ?? right.columns.find((c) => c.name === name)?.column;
    return [{ name, column: column ?? { name }, qualifiable: false }];
  });
  const rest = [...left.columns, ...right.columns].filter((c) => !hidden.has(c.name)).map((c) => (entry.alias !== undefined ? { ...c, qualifiable: false } : c));
  return { columns: [...mergedColumns, ...rest], complete: left.complete && right.complete && entry.merged !== undefined };
}

function entryItems(entry: FromEntry): ScopeItem[] {
  return entry.kind === 'item' ? [entry.item] : [...entryItems(entry.left), ...entryItems(entry.right)];
}

type Ctes = ReadonlyMap<string, ScopeItem>;

/** Columns every table has besides its own. */
const SYSTEM_COLUMNS: readonly string[] = ['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid'];

/** Statements whose table and column references resolve through FROM scopes. */
export const QUERY_STATEMENTS: ReadonlySet<string> = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt']);

export function relationColumns(relation: Relation): OutputColumn[] {
  return relation.columns.map((column) => ({ name: column.name, type: column.type, column, relation }));
}

/** Whether the catalog knows every column of a relation (views over `*` of unknown relations may miss some). */
function columnsComplete(relation: Relation): boolean {
  if (relation.kind === 'view' || relation.kind === 'materialized-view') return relation.columns.length > 0 && !/(^|[\s,(.])\*/.test(relation.query ?? '*');
  // A table without columns is most likely one the model could not follow (typed tables: OF type); inherited
  // columns come from parents the model may know only in part; temporary tables live in one session only.
  return relation.columns.length > 0 && relation.inherits.length === 0 && relation.persistence !== 'temporary';
}

function withAliasNames(columns: readonly OutputColumn[], alias: Alias | undefined): OutputColumn[] {
  const names = stringValues(alias?.colnames);
  return columns.map((c, i) => (i < names.length ? { ...c, name: names[i] } : c));
}

/** The column names PostgreSQL gives CURRENT_DATE, CURRENT_USER, ... (FigureColnameInternal). */
const SQL_VALUE_FUNCTION_NAMES: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

/** FigureColname for the common cases. */
function outputName(node: Node | undefined): string {
  const ref = asNode(node, 'ColumnRef');
  if (ref) return stringValues(ref.fields).pop() ?? '?column?';
  const call = asNode(node, 'FuncCall');
  if (call) return stringValues(call.funcname).pop() ?? '?column?';
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const inner = outputName(cast.arg);
    return inner !== '?column?' ? inner : (stringValues(cast.typeName?.names).pop() ?? '?column?');
  }
  const indirection = asNode(node, 'A_Indirection');
  if (indirection) {
    const last = stringValues(indirection.indirection).pop();
    return last ?? outputName(indirection.arg);
  }
  const sub = asNode(node, 'SubLink');
  if (sub?.subLinkType === 'EXISTS_SUBLINK') return 'exists';
  if (sub?.subLinkType === 'ARRAY_SUBLINK') return 'array';
  if (asNode(node, 'CaseExpr')) return 'case';
  if (asNode(node, 'CoalesceExpr')) return 'coalesce';
  if (asNode(node, 'A_ArrayExpr')) return 'array';
  if (asNode(node, 'RowExpr')) return 'row';
  if (asNode(node, 'GroupingFunc')) return 'grouping';
  const minmax = asNode(node, 'MinMaxExpr');
  if (minmax) return minmax.op === 'IS_GREATEST' ? 'greatest' : minmax.op === 'IS_LEAST' ? 'least' : '?column?';
  const collate = asNode(node, 'CollateClause');
  if (collate) return outputName(collate.arg);
  if (asNode(node, 'A_Expr')?.kind === 'AEXPR_NULLIF') return 'nullif';
  const svf = asNode(node, 'SQLValueFunction');
  if (svf?.op) return SQL_VALUE_FUNCTION_NAMES[svf.op] ?? '?column?';
  return '?column?';
}

export function resolveStatement(statement: StatementView, lookup: SchemaLookup, searchPath: readonly string[] = lookup.searchPath): StatementSemantics {
  const resolver = new Resolver(statement, lookup, searchPath);
  const ast = statement.ast;
  const outputs = ast ? resolver.statement(ast) : undefined;
  const byPosition = (a: { range: OffsetRange }, b: { range: OffsetRange }): number => a.range.start - b.range.start;
  return { relations: resolver.relations.sort(byPosition), columns: resolver.columns.sort(byPosition), items: resolver.items, ctes: resolver.ctes, ...(outputs ? { outputs } : {}) };
}

class Resolver {
  readonly relations: RelationReference[] = [];
  readonly columns: ColumnReference[] = [];
  readonly items: ScopeItem[] = [];
  readonly ctes: ScopeItem[] = [];
  /** psql variables read as identifiers look like column references: nothing about columns can be said. */
  private readonly columnsCheckable: boolean;

  constructor(
    private readonly view: StatementView,
    private readonly lookup: SchemaLookup,
    private readonly searchPath: readonly string[],
  ) {
    this.columnsCheckable = !('psqlVariablesSubstituted' in view && (view as { psqlVariablesSubstituted: boolean }).psqlVariablesSubstituted);
  }

  statement(ast: Node): OutputColumn[] | undefined {
    const tag = tagOf(ast);
    switch (tag) {
      case 'SelectStmt':
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
        return this.query(ast, undefined, new Map());
      case 'ExplainStmt': {
        const query = asNode(ast, 'ExplainStmt')?.query;
        return query ? this.statement(query) : undefined;
      }
      case 'IndexStmt': {
        const stmt = asNode(ast, 'IndexStmt')!;
        const ref = this.relationRef(stmt.relation, 'index');
        if (ref?.relation) {
          const item: ScopeItem = { kind: 'relation', name: ref.relation.name, relation: ref.relation, columns: relationColumns(ref.relation), complete: columnsComplete(ref.relation) };
          const scope: Scope = { items: [item], entries: [{ kind: 'item', item }], parent: undefined };
          for (const p of [...(stmt.indexParams ?? []), ...(stmt.indexIncludingParams ?? [])]) {
            const expr = asNode(p, 'IndexElem')?.expr;
            if (expr) this.expression(expr, scope, new Map());
          }
          if (stmt.whereClause) this.expression(stmt.whereClause, scope, new Map());
        }
        return undefined;
      }
      case 'ViewStmt':
        this.otherRelations(ast, asNode(ast, 'ViewStmt')?.query);
        return undefined;
      case 'CreateTableAsStmt':
        this.otherRelations(ast, asNode(ast, 'CreateTableAsStmt')?.query);
        return undefined;
      default:
        this.otherRelations(ast, undefined);
        this.columnDefinitions(ast);
        return undefined;
    }
  }

  /** Table names in statements without FROM scopes (ALTER TABLE, REFERENCES, ...), plus a view's query. */
  private otherRelations(ast: Node, query: Node | undefined): void {
    if (query) this.query(query, undefined, new Map());
    walkAst(ast, (ref) => {
      if (query && (ref.field === 'query' || ref.tag === 'SelectStmt')) return false;
      if (ref.tag === 'RangeVar') {
        this.relationRef(ref.node as RangeVar, 'other');
        return false;
      }
      return undefined;
    });
  }

  /** Column names defined or altered by CREATE TABLE / ALTER TABLE ADD COLUMN: hover and definition on them. */
  private columnDefinitions(ast: Node): void {
    const create = asNode(ast, 'CreateStmt');
    const alter = asNode(ast, 'AlterTableStmt');
    const rel = create?.relation ?? alter?.relation;
    const relation = rel?.relname ? this.lookup.relation(rel.schemaname ? { schema: rel.schemaname, name: rel.relname } : { name: rel.relname }, this.searchPath) : undefined;
    if (!relation) return;
    const item: ScopeItem = { kind: 'relation', name: relation.name, relation, columns: relationColumns(relation), complete: true };
    const defs: Node[] = create ? (create.tableElts ?? []) : (alter?.cmds ?? []).flatMap((c) => {
      const def = asNode(c, 'AlterTableCmd')?.def;
      return def ? [def] : [];
    });
    for (const d of defs) {
      const def = asNode(d, 'ColumnDef');
      if (!def?.colname) continue;
      const ranges = namePartRanges(this.view, def.location, 1);
      if (!ranges) continue;
      const column = item.columns.find((c) => c.name === def.colname);
      this.columns.push({
        kind: 'column',
        qualifier: [],
        name: def.colname,
        range: ranges[0],
        nameRange: ranges[0],
        resolution: column ? { status: 'resolved', item, column } : { status: 'unchecked' },
        visible: [item],
      });
    }
  }

  /** Any query (SELECT, or DML with RETURNING in a CTE): its output columns, undefined when unknown. */
  private query(node: Node | undefined, outer: Scope | undefined, ctes: Ctes): OutputColumn[] | undefined {
    const select = asNode(node, 'SelectStmt');
    if (select) return this.select(select, outer, ctes);
    const insert = asNode(node, 'InsertStmt');
    if (insert) return this.insert(insert, outer, ctes);
    const update = asNode(node, 'UpdateStmt');
    if (update) return this.update(update, outer, ctes);
    const del = asNode(node, 'DeleteStmt');
    if (del) return this.delete(del, outer, ctes);
    return undefined;
  }

  private withClause(clause: WithClause | undefined, outer: Scope | undefined, ctes: Ctes): Ctes {
    if (!clause?.ctes?.length) return ctes;
    const out = new Map(ctes);
    if (clause.recursive) {
      // WITH RECURSIVE: every CTE is visible in every other, including those defined after it.
      for (const c of clause.ctes) {
        const cte = asNode(c, 'CommonTableExpr');
        if (!cte?.ctename) continue;
        const aliasNames = stringValues(cte.aliascolnames);
        out.set(cte.ctename, this.cteItem(cte, aliasNames.map((name) => ({ name })), aliasNames.length > 0 && !cte.search_clause && !cte.cycle_clause));
      }
    }
    for (const c of clause.ctes) {
      const cte = asNode(c, 'CommonTableExpr');
      if (!cte?.ctename) continue;
      const aliasNames = stringValues(cte.aliascolnames);
      if (clause.recursive) {
        const query = asNode(cte.ctequery, 'SelectStmt');
        if (query && query.op && query.op !== 'SETOP_NONE' && query.larg && aliasNames.length === 0) {
          const first = this.select(query.larg, outer, out);
          out.set(cte.ctename, this.cteItem(cte, first ?? [], first !== undefined && !cte.search_clause && !cte.cycle_clause));
          if (query.rarg) this.select(query.rarg, outer, out);
          continue;
        }
      }
      const columns = this.query(cte.ctequery, outer, out);
      const named = columns ? columns.map((col, i) => (i < aliasNames.length ? { ...col, name: aliasNames[i] } : col)) : aliasNames.map((name) => ({ name }));
      // SEARCH ... SET col / CYCLE ... SET col USING path add columns.
      const extra = cte.search_clause !== undefined || cte.cycle_clause !== undefined;
      out.set(cte.ctename, this.cteItem(cte, named, columns !== undefined && !extra));
    }
    return out;
  }

  private cteItem(cte: CommonTableExpr, columns: readonly OutputColumn[], complete: boolean): ScopeItem {
    const item: ScopeItem = { kind: 'cte', name: cte.ctename ?? '', columns, complete };
    const at = this.ctes.findIndex((c) => c.name === item.name);
    if (at >= 0) this.ctes[at] = item;
    else this.ctes.push(item);
    return item;
  }

  private select(stmt: SelectStmt, outer: Scope | undefined, outerCtes: Ctes): OutputColumn[] | undefined {
    const ctes = this.withClause(stmt.withClause, outer, outerCtes);
    if (stmt.op && stmt.op !== 'SETOP_NONE') {
      const first = stmt.larg ? this.select(stmt.larg, outer, ctes) : undefined;
      const second = stmt.rarg ? this.select(stmt.rarg, outer, ctes) : undefined;
      // Names come from the first branch; a column's type is the branches' common type, known here only when both agree.
      const left = first?.map((c, i) => (c.type === undefined || c.type === second?.[i]?.type ? c : { name: c.name }));
      // ORDER BY / LIMIT of a set operation see its output columns only.
      if (left) {
        const item: ScopeItem = { kind: 'other', name: '', columns: left, complete: true };
        const scope: Scope = { items: [item], entries: [{ kind: 'item', item }], parent: outer };
        for (const s of stmt.sortClause ?? []) this.expression(s, scope, ctes);
      }
      return left;
    }
    if (stmt.valuesLists?.length) {
      let width = 0;
      for (const row of stmt.valuesLists) {
        const items = asNode(row, 'List')?.items ?? [];
        width = Math.max(width, items.length);
        for (const e of items) this.expression(e, outer, ctes);
      }
      return Array.from({ length: width }, (_, i) => ({ name: `column${i + 1}` }));
    }
    const scope: Scope = { items: [], entries: [], parent: outer };
    for (const item of stmt.fromClause ?? []) scope.entries.push(this.fromItem(item, scope, ctes));
    const outputs = this.outputs(stmt.targetList, scope);
    // ORDER BY / GROUP BY / DISTINCT ON may name output columns (aliases, or names PostgreSQL gives them).
    const aliases = new Set((stmt.targetList ?? []).flatMap((t) => {
      const target = asNode(t, 'ResTarget');
      return target ? [target.name ?? outputName(target.val)] : [];
    }));
    for (const t of stmt.targetList ?? []) this.expression(asNode(t, 'ResTarget')?.val, scope, ctes);
    this.expression(stmt.whereClause, scope, ctes);
    for (const d of stmt.distinctClause ?? []) this.expression(d, scope, ctes, aliases);
    for (const g of stmt.groupClause ?? []) this.expression(g, scope, ctes, aliases);
    this.expression(stmt.havingClause, scope, ctes);
    for (const w of stmt.windowClause ?? []) this.expression(w, scope, ctes);
    for (const s of stmt.sortClause ?? []) this.expression(s, scope, ctes, aliases);
    this.expression(stmt.limitCount, scope, ctes);
    this.expression(stmt.limitOffset, scope, ctes);
    return outputs;
  }

  /** Output columns of a target list (`*` expanded over the scope), undefined when not all are known. */
  private outputs(targets: readonly Node[] | undefined, scope: Scope): OutputColumn[] | undefined {
    const out: OutputColumn[] = [];
    let complete = true;
    for (const t of targets ?? []) {
      const target = asNode(t, 'ResTarget');
      if (!target) continue;
      const ref = asNode(target.val, 'ColumnRef');
      const fields = ref?.fields ?? [];
      if (ref && asNode(fields[fields.length - 1], 'A_Star')) {
        if (fields.length > 1) {
          const qualifier = stringValues(fields).pop();
          const items = scope.items.filter((i) => i.name === qualifier);
          if (items.length === 0) complete = false;
          for (const item of items) {
            if (!item.complete) complete = false;
            out.push(...item.columns);
          }
        } else {
          // `*` expands the namespace: a join's USING columns once.
          if (scope.entries.length === 0) complete = false;
          for (const entry of scope.entries) {
            const expanded = entryColumns(entry);
            if (!expanded.complete) complete = false;
            out.push(...expanded.columns.map((c) => (c.column.name === c.name ? c.column : { ...c.column, name: c.name })));
          }
        }
        continue;
      }
      let column: OutputColumn | undefined;
      if (ref) {
        const names = stringValues(fields);
        const last = names[names.length - 1];
        const hits =
          names.length > 1
            ? scope.items.filter((i) => i.name === names[names.length - 2]).flatMap((i) => i.columns.filter((c) => c.name === last))
            : scope.entries.flatMap((e) => entryColumns(e).columns.filter((c) => c.name === last).map((c) => c.column));
        if (hits.length === 1) column = hits[0];
      }
      const name = target.name ?? outputName(target.val);
      out.push(column ? { ...column, name } : { name });
    }
    return complete ? out : undefined;
  }

  /** Adds a FROM item's scope items; returns its namespace entry. */
  private fromItem(node: Node, scope: Scope, ctes: Ctes): FromEntry {
    const rv = asNode(node, 'RangeVar');
    if (rv) return this.addItem(scope, this.rangeVarItem(rv, ctes, 'from'));
    const sub = asNode(node, 'RangeSubselect');
    if (sub) {
      // Without LATERAL a subquery in FROM sees the outer query levels, not its siblings.
      const columns = this.query(sub.subquery, sub.lateral ? scope : scope.parent, ctes);
      return this.addItem(scope, { kind: 'subquery', name: sub.alias?.aliasname ?? '', columns: withAliasNames(columns ?? [], sub.alias), complete: columns !== undefined });
    }
    const fn = asNode(node, 'RangeFunction');
    if (fn) {
      let name = '';
      for (const f of fn.functions ?? []) {
        for (const part of asNode(f, 'List')?.items ?? []) {
          const call = asNode(part, 'FuncCall');
          if (call && !name) name = stringValues(call.funcname).pop() ?? '';
          if (call) for (const a of call.args ?? []) this.expression(a, scope, ctes);
        }
      }
      const definitions = (fn.coldeflist ?? []).flatMap((c) => {
        const def = asNode(c, 'ColumnDef');
        return def?.colname ? [{ name: def.colname }] : [];
      });
      const aliasNames = stringValues(fn.alias?.colnames).map((n) => ({ name: n }));
      const columns = definitions.length > 0 ? definitions : aliasNames;
      if (fn.ordinality) columns.push({ name: 'ordinality' });
      return this.addItem(scope, { kind: 'function', name: fn.alias?.aliasname ?? name, columns, complete: definitions.length > 0 });
    }
    const join = asNode(node, 'JoinExpr');
    if (join) {
      const left = join.larg ? this.fromItem(join.larg, scope, ctes) : undefined;
      // The left side is visible to LATERAL items of the right side, as PostgreSQL adds it for the right side.
      if (left) scope.entries.push(left);
      const right = join.rarg ? this.fromItem(join.rarg, scope, ctes) : undefined;
      if (left) scope.entries.pop();
      if (!left || !right) return left ?? right ?? { kind: 'item', item: { kind: 'other', name: '', columns: [], complete: false } };
      let merged: readonly string[] | undefined = stringValues(join.usingClause);
      if (join.isNatural) {
        const l = entryColumns(left);
        const r = entryColumns(right);
        merged = l.complete && r.complete ? l.columns.filter((c) => r.columns.some((o) => o.name === c.name)).map((c) => c.name) : undefined;
      }
      const entry: FromEntry = { kind: 'join', left, right, merged, ...(join.alias?.aliasname ? { alias: join.alias.aliasname } : {}) };
      // ON sees the join's own members (and outer levels), not the FROM items before the join.
      const members: Scope = { items: [...entryItems(left), ...entryItems(right)], entries: [left, right], parent: scope.parent };
      this.expression(join.quals, members, ctes);
      if (join.alias?.aliasname) {
        const joined = entryColumns(entry);
        const item: ScopeItem = { kind: 'other', name: join.alias.aliasname, columns: withAliasNames(joined.columns.map((c) => ({ ...c.column, name: c.name })), join.alias), complete: joined.complete };
        // The alias hides the members: unqualified names search the join's columns under its name.
        return this.addItem(scope, item);
      }
      return entry;
    }
    const sample = asNode(node, 'RangeTableSample');
    if (sample) {
      const entry = sample.relation ? this.fromItem(sample.relation, scope, ctes) : undefined;
      for (const a of sample.args ?? []) this.expression(a, scope, ctes);
      return entry ?? { kind: 'item', item: { kind: 'other', name: '', columns: [], complete: false } };
    }
    // XMLTABLE, JSON_TABLE, ...: named, columns not followed.
    const alias = (Object.values(node)[0] as { alias?: Alias } | undefined)?.alias;
    return this.addItem(scope, { kind: 'other', name: alias?.aliasname ?? '', columns: [], complete: false });
  }

  private addItem(scope: Scope, item: ScopeItem): FromEntry {
    scope.items.push(item);
    this.items.push(item);
    return { kind: 'item', item };
  }

  private rangeVarItem(rv: RangeVar, ctes: Ctes, role: RelationReference['role']): ScopeItem {
    const cte = !rv.schemaname && rv.relname ? ctes.get(rv.relname) : undefined;
    const ref = this.relationRef(rv, role, cte);
    const name = rv.alias?.aliasname ?? rv.relname ?? '';
    if (cte) return { ...cte, name, columns: withAliasNames(cte.columns, rv.alias) };
    const relation = ref ? ref.relation : rv.relname ? this.lookup.relation(rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname }, this.searchPath) : undefined;
    const aliased = rv.alias?.aliasname !== undefined;
    if (!relation) return { kind: 'relation', name, columns: [], complete: false, ...(aliased ? { aliased } : {}) };
    return { kind: 'relation', name, relation, columns: withAliasNames(relationColumns(relation), rv.alias), complete: columnsComplete(relation), ...(aliased ? { aliased } : {}) };
  }

  private relationRef(rv: RangeVar | undefined, role: RelationReference['role'], cte?: ScopeItem): RelationReference | undefined {
    if (!rv?.relname) return undefined;
    const parts = (rv.catalogname ? 1 : 0) + (rv.schemaname ? 1 : 0) + 1;
    const ranges = namePartRanges(this.view, rv.location, parts);
    if (!ranges) return undefined;
    const name: NameReference = rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname };
    const relation = cte ? undefined : this.lookup.relation(name, this.searchPath);
    const ref: RelationReference = {
      kind: 'relation',
      name,
      range: { start: ranges[0].start, end: ranges[ranges.length - 1].end },
      nameRange: ranges[ranges.length - 1],
      ...(relation ? { relation } : {}),
      ...(cte ? { cte } : {}),
      role,
    };
    this.relations.push(ref);
    return ref;
  }

  /** The target of INSERT / UPDATE / DELETE: a scope item named by its alias (or its name). */
  private targetItem(rv: RangeVar | undefined, ctes: Ctes): ScopeItem | undefined {
    if (!rv) return undefined;
    const item = this.rangeVarItem(rv, ctes, 'target');
    this.items.push(item);
    return item;
  }

  private insert(stmt: InsertStmt, outer: Scope | undefined, outerCtes: Ctes): OutputColumn[] | undefined {
    const ctes = this.withClause(stmt.withClause, outer, outerCtes);
    const target = this.targetItem(stmt.relation, ctes);
    for (const c of stmt.cols ?? []) this.targetColumn(asNode(c, 'ResTarget'), target);
    // The target table is not in scope of the inserted query.
    if (stmt.selectStmt) this.query(stmt.selectStmt, outer, ctes);
    const conflict = stmt.onConflictClause;
    if (conflict && target) {
      const excluded: ScopeItem = { kind: 'pseudo', name: 'excluded', ...(target.relation ? { relation: target.relation } : {}), columns: target.columns, complete: target.complete };
      // Both are visible to unqualified names: `SET n = n + 1` is ambiguous in PostgreSQL.
      const scope: Scope = { items: [target, excluded], entries: [{ kind: 'item', item: target }, { kind: 'item', item: excluded }], parent: outer };
      for (const e of conflict.infer?.indexElems ?? []) this.expression(asNode(e, 'IndexElem')?.expr, scope, ctes);
      this.expression(conflict.infer?.whereClause, scope, ctes);
      for (const t of conflict.targetList ?? []) {
        const rt = asNode(t, 'ResTarget');
        this.targetColumn(rt, target);
        this.expression(rt?.val, scope, ctes);
      }
      this.expression(conflict.whereClause, scope, ctes);
    }
    return this.returning(stmt.returningClause, target, undefined, outer, ctes);
  }

  private update(stmt: UpdateStmt, outer: Scope | undefined, outerCtes: Ctes): OutputColumn[] | undefined {
    const ctes = this.withClause(stmt.withClause, outer, outerCtes);
    const target = this.targetItem(stmt.relation, ctes);
    const scope: Scope = { items: target ? [target] : [], entries: target ? [{ kind: 'item', item: target }] : [], parent: outer };
    for (const f of stmt.fromClause ?? []) scope.entries.push(this.fromItem(f, scope, ctes));
    const seen = new Set<Node>();
    for (const t of stmt.targetList ?? []) {
      const rt = asNode(t, 'ResTarget');
      this.targetColumn(rt, target);
      // SET (a, b) = (SELECT ...): each target holds the same source; visit it once.
      const multi = asNode(rt?.val, 'MultiAssignRef');
      if (multi?.source) {
        if (!seen.has(multi.source)) this.expression(multi.source, scope, ctes);
        seen.add(multi.source);
      } else this.expression(rt?.val, scope, ctes);
    }
    this.expression(stmt.whereClause, scope, ctes);
    return this.returning(stmt.returningClause, target, scope, outer, ctes);
  }

  private delete(stmt: DeleteStmt, outer: Scope | undefined, outerCtes: Ctes): OutputColumn[] | undefined {
    const ctes = this.withClause(stmt.withClause, outer, outerCtes);
    const target = this.targetItem(stmt.relation, ctes);
    const scope: Scope = { items: target ? [target] : [], entries: target ? [{ kind: 'item', item: target }] : [], parent: outer };
    for (const f of stmt.usingClause ?? []) scope.entries.push(this.fromItem(f, scope, ctes));
    this.expression(stmt.whereClause, scope, ctes);
    return this.returning(stmt.returningClause, target, scope, outer, ctes);
  }

  /** `level`: the UPDATE / DELETE scope (target, then FROM / USING items); absent for INSERT. */
  private returning(clause: ReturningClause | undefined, target: ScopeItem | undefined, level: Scope | undefined, outer: Scope | undefined, ctes: Ctes): OutputColumn[] | undefined {
    if (!clause?.exprs?.length) return [];
    const others = level ? level.items.slice(target ? 1 : 0) : [];
    const entries: FromEntry[] = level ? level.entries : target ? [{ kind: 'item', item: target }] : [];
    // `old` and `new` (PostgreSQL 18) qualify columns only.
    const items: ScopeItem[] = target ? [target, { ...target, kind: 'pseudo', name: 'old' }, { ...target, kind: 'pseudo', name: 'new' }] : [];
    const scope: Scope = { items: [...items, ...others], entries, parent: outer };
    for (const e of clause.exprs) this.expression(asNode(e, 'ResTarget')?.val, scope, ctes);
    return this.outputs(clause.exprs, { items: target ? [target, ...others] : [...others], entries, parent: outer });
  }

  /** A column named as an INSERT / UPDATE target: it must be a column of the target table. */
  private targetColumn(target: ResTarget | undefined, item: ScopeItem | undefined): void {
    if (!target?.name || !item) return;
    const ranges = namePartRanges(this.view, target.location, 1);
    if (!ranges) return;
    const column = item.columns.find((c) => c.name === target.name);
    const resolution: ColumnResolution = column
      ? { status: 'resolved', item, column }
      : item.complete && this.columnsCheckable
        ? { status: 'unknown', candidates: item.columns.map((c) => c.name), item }
        : { status: 'unchecked' };
    this.columns.push({ kind: 'column', qualifier: [], name: target.name, range: ranges[0], nameRange: ranges[0], resolution, visible: [item] });
  }

  /** Walks an expression: column references resolve in `scope`, sub-queries open a level below it. */
  private expression(node: Node | undefined, scope: Scope | undefined, ctes: Ctes, aliases?: ReadonlySet<string>): void {
    if (!node) return;
    walkAst(node, (ref) => {
      if (ref.tag === 'ColumnRef') {
        this.column(ref.node as ColumnRef, scope, aliases);
        return false;
      }
      if (ref.tag === 'SelectStmt') {
        this.select(ref.node as SelectStmt, scope, ctes);
        return false;
      }
      return undefined;
    });
  }

  private column(ref: ColumnRef, scope: Scope | undefined, aliases: ReadonlySet<string> | undefined): void {
    const fields = ref.fields ?? [];
    if (fields.length === 0 || asNode(fields[fields.length - 1], 'A_Star')) return;
    const names = stringValues(fields);
    if (names.length !== fields.length) return;
    const ranges = namePartRanges(this.view, ref.location, names.length);
    if (!ranges) return;
    const visible: ScopeItem[] = [];
    for (let s = scope; s; s = s.parent) visible.push(...s.items);
    const name = names[names.length - 1];
    const qualifier = names.slice(0, -1);
    this.columns.push({
      kind: 'column',
      qualifier,
      name,
      range: { start: ranges[0].start, end: ranges[ranges.length - 1].end },
      nameRange: ranges[ranges.length - 1],
      resolution: this.resolveColumn(qualifier, name, scope, aliases),
      visible,
      node: ref,
      ...(qualifier.length === 0 ? ambiguityOf(name, scope, aliases, this.columnsCheckable) : {}),
    });
  }

  private resolveColumn(qualifier: readonly string[], name: string, scope: Scope | undefined, aliases: ReadonlySet<string> | undefined): ColumnResolution {
    if (isSystemColumn(name)) return { status: 'unchecked' };
    if (qualifier.length === 0) {
      const candidates: string[] = [];
      for (let s = scope; s; s = s.parent) {
        let incomplete = false;
        for (const item of s.items) {
          const column = item.columns.find((c) => c.name === name);
          if (column) return { status: 'resolved', item, column };
          if (!item.complete) incomplete = true;
          for (const c of item.columns) candidates.push(c.name);
        }
        // A whole-row reference (`SELECT t FROM t`).
        const row = s.items.find((i) => i.name === name);
        if (row) return { status: 'resolved', item: row };
        if (incomplete) return { status: 'unchecked' };
      }
      if (aliases?.has(name)) return { status: 'unchecked' };
      if (!scope || !this.columnsCheckable) return { status: 'unchecked' };
      return { status: 'unknown', candidates: [...new Set(candidates)] };
    }
    if (qualifier.length > 2) return { status: 'unchecked' };
    const table = qualifier[qualifier.length - 1];
    const schema = qualifier.length === 2 ? qualifier[0] : undefined;
    for (let s = scope; s; s = s.parent) {
      const item = s.items.find((i) => i.name === table && (schema === undefined || i.relation?.schema === schema));
      if (!item) continue;
      const column = item.columns.find((c) => c.name === name);
      if (column) return { status: 'resolved', item, column };
      if (!item.complete || !this.columnsCheckable) return { status: 'unchecked' };
      return { status: 'unknown', candidates: item.columns.map((c) => c.name), item };
    }
    // `x.y` where x is in no scope: a composite column, a PL/pgSQL variable, NEW/OLD in a rule...
    return { status: 'unchecked' };
  }
}

/**
 * PostgreSQL's "column reference is ambiguous" for an unqualified name: the innermost query level with a
 * match decides, and there the name matches two or more columns of the namespace (a USING / NATURAL join
 * column counts once). Nothing is said where an item whose columns are not all known could hide a match
 * further in, or where the name may be an output column (ORDER BY / GROUP BY / DISTINCT ON aliases).
 */
function ambiguityOf(name: string, scope: Scope | undefined, aliases: ReadonlySet<string> | undefined, checkable: boolean): { ambiguity?: Ambiguity } {
  if (!checkable || isSystemColumn(name) || aliases?.has(name)) return {};
  for (let s = scope; s; s = s.parent) {
    const matches: EntryColumn[] = [];
    let incomplete = false;
    for (const entry of s.entries) {
      const { columns, complete } = entryColumns(entry);
      for (const c of columns) if (c.name === name) matches.push(c);
      if (!complete) incomplete = true;
    }
    if (matches.length >= 2) {
      const origins = matches.map((m) => m.origin);
      return {
        ambiguity: {
          matches: matches.map((m) => {
            if (!m.origin) return { column: m.column, qualifiable: false };
            // Qualifying helps only when the item offers the name once.
            const once = origins.filter((o) => o === m.origin).length === 1;
            return { item: m.origin, column: m.column, qualifiable: m.qualifiable && once };
          }),
        },
      };
    }
    if (matches.length === 1 || incomplete) return {};
  }
  return {};
}

/** System columns count as known columns of any table (ctid, xmin, ...). */
export function isSystemColumn(name: string): boolean {
  return SYSTEM_COLUMNS.includes(name);
}
