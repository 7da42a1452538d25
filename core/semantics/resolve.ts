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
  readonly items: ScopeItem[];
  readonly parent: Scope | undefined;
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
          const scope: Scope = { items: [item], parent: undefined };
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
      const left = stmt.larg ? this.select(stmt.larg, outer, ctes) : undefined;
      if (stmt.rarg) this.select(stmt.rarg, outer, ctes);
      // ORDER BY / LIMIT of a set operation see its output columns only.
      if (left) {
        const scope: Scope = { items: [{ kind: 'other', name: '', columns: left, complete: true }], parent: outer };
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
    const scope: Scope = { items: [], parent: outer };
    for (const item of stmt.fromClause ?? []) this.fromItem(item, scope, ctes);
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
        const qualifier = stringValues(fields).pop();
        const items = fields.length > 1 ? scope.items.filter((i) => i.name === qualifier) : scope.items;
        if (items.length === 0) complete = false;
        for (const item of items) {
          if (!item.complete) complete = false;
          out.push(...item.columns);
        }
        continue;
      }
      let column: OutputColumn | undefined;
      if (ref) {
        const names = stringValues(fields);
        const last = names[names.length - 1];
        const items = names.length > 1 ? scope.items.filter((i) => i.name === names[names.length - 2]) : scope.items;
        const hits = items.flatMap((i) => i.columns.filter((c) => c.name === last));
        if (hits.length === 1) column = hits[0];
      }
      const name = target.name ?? outputName(target.val);
      out.push(column ? { ...column, name } : { name });
    }
    return complete ? out : undefined;
  }

  private fromItem(node: Node, scope: Scope, ctes: Ctes): void {
    const rv = asNode(node, 'RangeVar');
    if (rv) {
      this.addItem(scope, this.rangeVarItem(rv, ctes, 'from'));
      return;
    }
    const sub = asNode(node, 'RangeSubselect');
    if (sub) {
      // Without LATERAL a subquery in FROM sees the outer query levels, not its siblings.
      const columns = this.query(sub.subquery, sub.lateral ? scope : scope.parent, ctes);
      this.addItem(scope, { kind: 'subquery', name: sub.alias?.aliasname ?? '', columns: withAliasNames(columns ?? [], sub.alias), complete: columns !== undefined });
      return;
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
      this.addItem(scope, { kind: 'function', name: fn.alias?.aliasname ?? name, columns, complete: definitions.length > 0 });
      return;
    }
    const join = asNode(node, 'JoinExpr');
    if (join) {
      if (join.larg) this.fromItem(join.larg, scope, ctes);
      if (join.rarg) this.fromItem(join.rarg, scope, ctes);
      this.expression(join.quals, scope, ctes);
      if (join.alias?.aliasname) this.addItem(scope, { kind: 'other', name: join.alias.aliasname, columns: [], complete: false });
      return;
    }
    const sample = asNode(node, 'RangeTableSample');
    if (sample) {
      if (sample.relation) this.fromItem(sample.relation, scope, ctes);
      for (const a of sample.args ?? []) this.expression(a, scope, ctes);
      return;
    }
    // XMLTABLE, JSON_TABLE, ...: named, columns not followed.
    const alias = (Object.values(node)[0] as { alias?: Alias } | undefined)?.alias;
    this.addItem(scope, { kind: 'other', name: alias?.aliasname ?? '', columns: [], complete: false });
  }

  private addItem(scope: Scope, item: ScopeItem): void {
    scope.items.push(item);
    this.items.push(item);
  }

  private rangeVarItem(rv: RangeVar, ctes: Ctes, role: RelationReference['role']): ScopeItem {
    const cte = !rv.schemaname && rv.relname ? ctes.get(rv.relname) : undefined;
    const ref = this.relationRef(rv, role, cte);
    const name = rv.alias?.aliasname ?? rv.relname ?? '';
    if (cte) return { ...cte, name, columns: withAliasNames(cte.columns, rv.alias) };
    const relation = ref ? ref.relation : rv.relname ? this.lookup.relation(rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname }, this.searchPath) : undefined;
    if (!relation) return { kind: 'relation', name, columns: [], complete: false };
    return { kind: 'relation', name, relation, columns: withAliasNames(relationColumns(relation), rv.alias), complete: columnsComplete(relation) };
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
      const scope: Scope = { items: [target, excluded], parent: outer };
      for (const e of conflict.infer?.indexElems ?? []) this.expression(asNode(e, 'IndexElem')?.expr, scope, ctes);
      this.expression(conflict.infer?.whereClause, scope, ctes);
      for (const t of conflict.targetList ?? []) {
        const rt = asNode(t, 'ResTarget');
        this.targetColumn(rt, target);
        this.expression(rt?.val, scope, ctes);
      }
      this.expression(conflict.whereClause, scope, ctes);
    }
    return this.returning(stmt.returningClause, target, [], outer, ctes);
  }

  private update(stmt: UpdateStmt, outer: Scope | undefined, outerCtes: Ctes): OutputColumn[] | undefined {
    const ctes = this.withClause(stmt.withClause, outer, outerCtes);
    const target = this.targetItem(stmt.relation, ctes);
    const scope: Scope = { items: target ? [target] : [], parent: outer };
    for (const f of stmt.fromClause ?? []) this.fromItem(f, scope, ctes);
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
    return this.returning(stmt.returningClause, target, scope.items.slice(1), outer, ctes);
  }

  private delete(stmt: DeleteStmt, outer: Scope | undefined, outerCtes: Ctes): OutputColumn[] | undefined {
    const ctes = this.withClause(stmt.withClause, outer, outerCtes);
    const target = this.targetItem(stmt.relation, ctes);
    const scope: Scope = { items: target ? [target] : [], parent: outer };
    for (const f of stmt.usingClause ?? []) this.fromItem(f, scope, ctes);
    this.expression(stmt.whereClause, scope, ctes);
    return this.returning(stmt.returningClause, target, scope.items.slice(1), outer, ctes);
  }

  private returning(clause: ReturningClause | undefined, target: ScopeItem | undefined, others: readonly ScopeItem[], outer: Scope | undefined, ctes: Ctes): OutputColumn[] | undefined {
    if (!clause?.exprs?.length) return [];
    const items: ScopeItem[] = target ? [target, { ...target, kind: 'pseudo', name: 'old' }, { ...target, kind: 'pseudo', name: 'new' }] : [];
    const scope: Scope = { items: [...items, ...others], parent: outer };
    for (const e of clause.exprs) this.expression(asNode(e, 'ResTarget')?.val, scope, ctes);
    return this.outputs(clause.exprs, { items: target ? [target, ...others] : [...others], parent: outer });
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

/** System columns count as known columns of any table (ctid, xmin, ...). */
export function isSystemColumn(name: string): boolean {
  return SYSTEM_COLUMNS.includes(name);
}
