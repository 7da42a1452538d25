/**
 * Every place a statement names a schema object (table or view, column, function, type), resolved to the
 * object it means: the FROM items and column references name resolution binds (through aliases, CTEs and the
 * search_path), plus the names DDL writes without an AST location (column lists of keys and indexes, ALTER
 * TABLE commands, RENAME, DROP, COMMENT ON, GRANT, routine and type names). Objects are identified by their
 * qualified names, so one found in a migration and one in a query file are the same object when their names
 * are. Serves find references, rename and go to symbol; pure.
 */
import type { ColumnRef, Constraint, FuncCall, JoinExpr, Node, RangeVar, TypeName } from '@pgsql/types';
import type { Relation } from '../catalog/model';
import { asNode, stringValues, tagOf, walkAst, type AstRef } from '../parse/ast';
import type { StatementView } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import { columnSymbol, OccurrenceCollector, referenceOf, relationSymbol, type Occurrence } from './occurrence-collector';
import { ddlOccurrences, nonRelationRangeVars } from './occurrences-ddl';
import type { SchemaLookup } from './lookup';
import type { NameReader } from './name-tokens';
import { resolveStatement, type ColumnReference, type ScopeItem } from './resolve';

export { columnSymbol, relationSymbol, symbolKey, type BodyQuoting, type Occurrence, type SchemaSymbol } from './occurrence-collector';

/** The occurrences of one statement (top-level or embedded in a routine body), in text order. */
export function statementOccurrences(view: StatementView, lookup: SchemaLookup, searchPath: readonly string[]): Occurrence[] {
  const ast = view.ast;
  if (!ast) return [];
  const c = new OccurrenceCollector(view, lookup, searchPath);
  // Declarations first: the same range found again by name resolution stays a declaration.
  walkOccurrences(c, ast);
  ddlOccurrences(c, ast);
  resolvedOccurrences(c, view, ast);
  return c.result();
}

/** What name resolution binds: FROM items, targets, column references and their table qualifiers. */
function resolvedOccurrences(c: OccurrenceCollector, view: StatementView, ast: Node): void {
  const semantics = resolveStatement(view, c.lookup, c.searchPath);
  const skipped = nonRelationRangeVars(view, ast);
  const declared = declaredRelations(view, ast);
  for (const ref of semantics.relations) {
    if (!ref.relation || ref.cte || skipped.has(ref.range.start)) continue;
    c.add(relationSymbol(ref.relation), ref.nameRange, declared.has(ref.range.start));
  }
  for (const ref of semantics.columns) columnOccurrences(c, ref);
  starQualifiers(c, ast, semantics.items);
  usingColumns(c, ast);
  // SQL-standard routine bodies (BEGIN ATOMIC ... END, RETURN ...) hold queries of their own.
  const body = asNode(ast, 'CreateFunctionStmt')?.sql_body;
  if (body) {
    walkAst(body, (ref) => {
      if (ref.tag !== 'SelectStmt' && ref.tag !== 'InsertStmt' && ref.tag !== 'UpdateStmt' && ref.tag !== 'DeleteStmt') return undefined;
      const inner = withAst(view, { [ref.tag]: ref.node } as Node);
      const semantics = resolveStatement(inner, c.lookup, c.searchPath);
      for (const r of semantics.relations) if (r.relation && !r.cte) c.add(relationSymbol(r.relation), r.nameRange);
      for (const r of semantics.columns) columnOccurrences(c, r);
      return false;
    });
  }
}

function columnOccurrences(c: OccurrenceCollector, ref: ColumnReference): void {
  const r = ref.resolution;
  // Ambiguous names are refused by PostgreSQL: not a reference to either column.
  if (r.status !== 'resolved' || ref.ambiguity) return;
  const out = r.column;
  // A column reached through a CTE or subquery counts when it still has the column's name (no alias between).
  if (out?.column && out.relation && out.column.name === ref.name) c.add(columnSymbol(out.relation, out.column.name), ref.nameRange);
  const relation = r.item.kind === 'relation' ? r.item.relation : undefined;
  if (!relation) return;
  if (ref.qualifier.length > 0) {
    // `orders.id` names the table; `o.id` names an alias of it.
    const qualifier = qualifierRanges(c.reader, ref);
    const table = qualifier[qualifier.length - 1];
    c.add(relationSymbol(relation), table, false, r.item.aliased === true);
  } else if (!out) {
    // A whole-row reference: `SELECT orders FROM orders`.
    c.add(relationSymbol(relation), ref.nameRange, false, r.item.aliased === true);
  }
}

/**
 * `orders.*`: name resolution skips stars, but the qualifier names a FROM item all the same. It counts when
 * the statement's FROM items of that name are all the same relation.
 */
function starQualifiers(c: OccurrenceCollector, ast: Node, items: readonly ScopeItem[]): void {
  walkAst(ast, (ref) => {
    if (ref.tag !== 'ColumnRef') return undefined;
    const star = ref.node as ColumnRef;
    const fields = star.fields ?? [];
    const names = stringValues(fields);
    if (fields.length < 2 || names.length !== fields.length - 1 || !asNode(fields[fields.length - 1], 'A_Star')) return false;
    const table = names[names.length - 1];
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    const matches = items.filter((i) => i.kind === 'relation' && i.relation && i.name === table && (schema === undefined || i.relation.schema === schema));
    const relations = new Set(matches.map((i) => `${i.relation!.schema}\u0000${i.relation!.name}`));
    if (relations.size !== 1) return false;
    const aliased = matches.every((i) => i.aliased === true);
    if (!aliased && matches.some((i) => i.aliased === true)) return false;
    c.add(relationSymbol(matches[0].relation!), c.parts(star.location, fields.length)?.at(-2), false, aliased);
    return false;
  });
}

/** `a JOIN b USING (col)`: the column of each side's table that has it (sides that are plain tables). */
function usingColumns(c: OccurrenceCollector, ast: Node): void {
  walkAst(ast, (ref) => {
    if (ref.tag !== 'JoinExpr') return undefined;
    const join = ref.node as JoinExpr;
    const names = stringValues(join.usingClause);
    const right = asNode(join.rarg, 'RangeVar');
    if (names.length === 0 || !right) return undefined;
    // `JOIN b [AS x] USING (`: the list follows the right side's name and alias.
    let at = c.reader.indexOfLocation(right.location);
    while (at >= 0 && c.reader.tokens[at + 1]?.text === '.') at += 2;
    const using = at >= 0 ? c.reader.keyword('USING', at + 1) : -1;
    const list = using >= 0 && using <= at + 3 ? c.reader.list(using, using + 2) : undefined;
    if (!list) return undefined;
    const tables = [...joinedRangeVars(join.larg), right].flatMap((rv) => {
      const relation = c.relationOf(rv);
      return relation ? [relation] : [];
    });
    names.forEach((name, i) => {
      const range = c.reader.elementName(list.elements[i], name);
      for (const table of tables) if (table.columns.some((col) => col.name === name)) c.add(columnSymbol(table, name), range, false, false, true);
    });
    return undefined;
  });
}

/** The tables a join side is made of (not looking into subqueries). */
function joinedRangeVars(node: Node | undefined): RangeVar[] {
  const rv = asNode(node, 'RangeVar');
  if (rv) return [rv];
  const join = asNode(node, 'JoinExpr');
  return join ? [...joinedRangeVars(join.larg), ...joinedRangeVars(join.rarg)] : [];
}

/** The ranges of the qualifier parts of a column reference (`s`, `t` of `s.t.c`). */
function qualifierRanges(reader: NameReader, ref: ColumnReference): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (let i = reader.indexAt(ref.range.start); i < reader.tokens.length && reader.tokens[i].end <= ref.nameRange.start; i++) {
    const t = reader.tokens[i];
    if (t.text !== '.') out.push({ start: t.start, end: t.end });
  }
  return out;
}

/** Offsets of the RangeVars that create a relation (CREATE TABLE / VIEW / TABLE AS / FOREIGN TABLE). */
function declaredRelations(view: StatementView, ast: Node): Set<number> {
  const out = new Set<number>();
  const rvs = [
    asNode(ast, 'CreateStmt')?.relation,
    asNode(ast, 'CreateForeignTableStmt')?.base?.relation,
    asNode(ast, 'ViewStmt')?.view,
    asNode(ast, 'CreateTableAsStmt')?.into?.rel,
  ];
  for (const rv of rvs) if (rv?.location !== undefined) out.add(view.offsetOfLocation(rv.location));
  return out;
}

/** A view of the same statement with another AST (a query inside it), for name resolution. */
function withAst(view: StatementView, ast: Node): StatementView {
  const substituted = 'psqlVariablesSubstituted' in view ? { psqlVariablesSubstituted: (view as { psqlVariablesSubstituted: boolean }).psqlVariablesSubstituted } : {};
  return {
    ...substituted,
    index: view.index,
    start: view.start,
    end: view.end,
    text: view.text,
    ast,
    kind: tagOf(ast),
    ...(view.container ? { container: view.container } : {}),
    offsetOfLocation: (location) => view.offsetOfLocation(location),
    rangeOfLocation: (location) => view.rangeOfLocation(location),
    tokens: () => view.tokens(),
    tokenAt: (offset) => view.tokenAt(offset),
    rangeOfWords: (words, from) => view.rangeOfWords(words, from),
    headRange: () => view.headRange(),
  };
}

/** The relation a DDL construct belongs to: the table being created or altered, a trigger's or policy's table. */
function ownerOf(c: OccurrenceCollector, parents: readonly AstRef[]): Relation | undefined {
  for (let i = parents.length - 1; i >= 0; i--) {
    const p = parents[i];
    switch (p.tag) {
      case 'CreateStmt':
        return c.relationOf((p.node as { relation?: RangeVar }).relation);
      case 'AlterTableStmt': {
        const stmt = p.node as { relation?: RangeVar; objtype?: string };
        return stmt.objtype === 'OBJECT_INDEX' || stmt.objtype === 'OBJECT_SEQUENCE' || stmt.objtype === 'OBJECT_TYPE' ? undefined : c.relationOf(stmt.relation);
      }
      case 'CreateTrigStmt':
        return c.relationOf((p.node as { relation?: RangeVar }).relation);
      case 'CreatePolicyStmt':
      case 'AlterPolicyStmt':
        return c.relationOf((p.node as { table?: RangeVar }).table);
      // Column lists of other things (composite types, function result columns) are not a relation's.
      case 'CompositeTypeStmt':
      case 'RangeFunction':
      case 'SelectStmt':
      case 'ViewStmt':
      case 'CreateTableAsStmt':
      case 'IndexStmt':
        return undefined;
      default:
        break;
    }
  }
  return undefined;
}

/** Constructs that list the owner's columns wherever they occur: definitions, constraints, partition keys. */
function walkOccurrences(c: OccurrenceCollector, ast: Node): void {
  walkAst(ast, (ref, parents) => {
    switch (ref.tag) {
      case 'FuncCall': {
        const call = ref.node as FuncCall;
        const names = stringValues(call.funcname);
        const symbol = c.functionSymbol(names);
        if (symbol) c.add(symbol, c.parts(call.location, names.length)?.at(-1));
        return undefined;
      }
      case 'TypeName':
        typeOccurrence(c, ref.node as TypeName);
        return undefined;
      case 'ColumnDef': {
        const def = ref.node as { colname?: string; location?: number };
        const owner = def.colname ? ownerOf(c, parents) : undefined;
        if (owner && def.colname) c.add(columnSymbol(owner, def.colname), c.parts(def.location, 1)?.[0], true);
        return undefined;
      }
      case 'Constraint': {
        const owner = ownerOf(c, parents);
        if (owner) constraintColumns(c, ref.node as Constraint, owner);
        return undefined;
      }
      case 'PartitionElem': {
        const elem = ref.node as { name?: string; location?: number };
        const owner = elem.name ? ownerOf(c, parents) : undefined;
        if (owner && elem.name) c.add(columnSymbol(owner, elem.name), c.parts(elem.location, 1)?.[0]);
        return undefined;
      }
      case 'InferClause': {
        // ON CONFLICT (a, b): columns of the INSERT's target.
        const infer = ref.node as { indexElems?: Node[]; location?: number };
        const insert = [...parents].reverse().find((p) => p.tag === 'InsertStmt')?.node as { relation?: RangeVar } | undefined;
        const target = c.relationOf(insert?.relation);
        const at = c.reader.indexOfLocation(infer.location);
        const list = target && at >= 0 ? c.reader.list(at, at + 1) : undefined;
        (infer.indexElems ?? []).forEach((e, i) => {
          const name = asNode(e, 'IndexElem')?.name;
          if (name && target && list) c.add(columnSymbol(target, name), c.reader.elementName(list.elements[i], name));
        });
        return undefined;
      }
      case 'ColumnRef':
        ddlColumnRef(c, ref.node as ColumnRef, parents);
        return false;
      default:
        return undefined;
    }
  });
}

/** Statement kinds whose expressions (CHECK, GENERATED, USING, WHEN, policy quals) read the owner's columns. */
const DDL_EXPRESSION_OWNERS: ReadonlySet<string> = new Set(['CreateStmt', 'AlterTableStmt', 'CreateTrigStmt', 'CreatePolicyStmt', 'AlterPolicyStmt']);

/** A column reference in a DDL expression: a column of the table the statement defines or alters. */
function ddlColumnRef(c: OccurrenceCollector, ref: ColumnRef, parents: readonly AstRef[]): void {
  // Queries (and sub-queries) are name resolution's: their scopes decide.
  if (parents.some((p) => p.tag === 'SelectStmt' || p.tag === 'IndexStmt') || !parents.some((p) => DDL_EXPRESSION_OWNERS.has(p.tag))) return;
  const fields = ref.fields ?? [];
  const names = stringValues(fields);
  if (names.length !== fields.length || names.length === 0) return;
  const owner = ownerOf(c, parents);
  if (!owner) return;
  const trigger = parents.some((p) => p.tag === 'CreateTrigStmt');
  // Trigger conditions say NEW.col / OLD.col; other DDL expressions name columns bare.
  if (names.length === 1 && !trigger) c.add(columnSymbol(owner, names[0]), c.parts(ref.location, 1)?.[0]);
  else if (names.length === 2 && trigger && (names[0] === 'new' || names[0] === 'old')) c.add(columnSymbol(owner, names[1]), c.parts(ref.location, 2)?.[1]);
}

/** A type name: a catalog type, a relation's row type, or `table.column%TYPE`. */
function typeOccurrence(c: OccurrenceCollector, type: TypeName): void {
  const names = stringValues(type.names);
  if (names.length === 0) return;
  if (type.pct_type) {
    if (names.length < 2 || names.length > 3) return;
    const relation = c.relation(referenceOf(names.slice(0, -1)));
    const ranges = c.parts(type.location, names.length);
    if (!relation || !ranges) return;
    c.add(relationSymbol(relation), ranges[ranges.length - 2]);
    c.add(columnSymbol(relation, names[names.length - 1]), ranges[ranges.length - 1]);
    return;
  }
  const symbol = c.typeSymbol(names);
  if (symbol) c.add(symbol, c.parts(type.location, names.length)?.at(-1));
}

/** Key, INCLUDE, foreign key and exclusion column lists: written without locations, read from the tokens. */
function constraintColumns(c: OccurrenceCollector, con: Constraint, owner: Relation): void {
  const r = c.reader;
  const at = r.indexOfLocation(con.location);
  if (at < 0) return;
  // The list follows the constraint's keywords closely (`CONSTRAINT name UNIQUE NULLS NOT DISTINCT (`).
  const nearby = at + 10;
  const names = (list: readonly Node[] | undefined): string[] => stringValues(list);
  const addList = (table: Relation, columns: readonly string[], list: ReturnType<NameReader['list']>): void => {
    if (!list) return;
    columns.forEach((name, i) => c.add(columnSymbol(table, name), r.elementName(list.elements[i], name)));
  };
  const keys = names(con.keys);
  let next = at;
  if ((con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_UNIQUE') && keys.length > 0) {
    const list = r.list(at, nearby);
    addList(owner, keys, list);
    next = list?.next ?? at;
  }
  if (con.contype === 'CONSTR_EXCLUSION' && con.exclusions?.length) {
    const list = r.list(at, nearby);
    if (list) {
      con.exclusions.forEach((pair, i) => {
        const elem = asNode(asNode(pair, 'List')?.items?.[0], 'IndexElem');
        if (elem?.name) c.add(columnSymbol(owner, elem.name), r.elementName(list.elements[i], elem.name));
      });
      next = list.next;
    }
  }
  const including = names(con.including);
  if (including.length > 0) {
    const include = r.keyword('INCLUDE', next);
    if (include >= 0) addList(owner, including, r.list(include, include + 2));
  }
  if (con.contype === 'CONSTR_FOREIGN') {
    const fk = names(con.fk_attrs);
    if (fk.length > 0) addList(owner, fk, r.list(at, nearby));
    const pk = names(con.pk_attrs);
    const target = c.relationOf(con.pktable);
    let i = r.indexOfLocation(con.pktable?.location);
    if (pk.length > 0 && target && i >= 0) {
      while (r.tokens[i + 1]?.text === '.') i += 2;
      addList(target, pk, r.list(i + 1, i + 2));
    }
  }
}
