/**
 * Names in DDL that the AST keeps without a location, found in the statement's tokens in the order the AST
 * lists them: index columns, ALTER TABLE column commands, RENAME (old name and new name), DROP, COMMENT ON,
 * GRANT (routines and column privileges), routine and type names in CREATE / ALTER, trigger functions.
 */
import type { AlterTableStmt, CommentStmt, CreateTrigStmt, DropStmt, GrantStmt, IndexStmt, Node, ObjectWithArgs, RangeVar, RenameStmt } from '@pgsql/types';
import type { Relation } from '../catalog/model';
import { asNode, stringValues, tagOf } from '../parse/ast';
import type { StatementView } from '../parse/document';
import { columnSymbol, referenceOf, relationSymbol, type OccurrenceCollector, type SchemaSymbol } from './occurrence-collector';

const RELATION_OBJECTS: ReadonlySet<string> = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);
const ROUTINE_OBJECTS: ReadonlySet<string> = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);
const TYPE_OBJECTS: ReadonlySet<string> = new Set(['OBJECT_TYPE', 'OBJECT_DOMAIN']);
const ROUTINE_KEYWORDS: readonly string[] = ['FUNCTION', 'PROCEDURE', 'ROUTINE', 'AGGREGATE'];

/** ALTER TABLE commands whose `name` is a column. */
const COLUMN_COMMANDS: ReadonlySet<string> = new Set([
  'AT_ColumnDefault', 'AT_CookedColumnDefault', 'AT_DropNotNull', 'AT_SetNotNull', 'AT_SetExpression', 'AT_DropExpression',
  'AT_SetStatistics', 'AT_SetOptions', 'AT_ResetOptions', 'AT_SetStorage', 'AT_SetCompression', 'AT_DropColumn',
  'AT_AlterColumnType', 'AT_AlterColumnGenericOptions', 'AT_AddIdentity', 'AT_SetIdentity', 'AT_DropIdentity',
]);
/** Keywords right before a column name in those commands (`ALTER [COLUMN] c`, `DROP [COLUMN] [IF EXISTS] c`). */
const BEFORE_COLUMN: ReadonlySet<string> = new Set(['ALTER', 'COLUMN', 'DROP', 'EXISTS']);

/**
 * Offsets of RangeVars that name something other than a table or view (sequences, indexes, composite types):
 * name resolution looks them up as relations, which would be wrong when a table elsewhere on the path shares the name.
 */
export function nonRelationRangeVars(view: StatementView, ast: Node): Set<number> {
  const out = new Set<number>();
  const add = (rv: RangeVar | undefined): void => {
    if (rv?.location !== undefined) out.add(view.offsetOfLocation(rv.location));
  };
  add(asNode(ast, 'CreateSeqStmt')?.sequence);
  add(asNode(ast, 'AlterSeqStmt')?.sequence);
  add(asNode(ast, 'CompositeTypeStmt')?.typevar);
  const rename = asNode(ast, 'RenameStmt');
  if (rename && !RELATION_OBJECTS.has(rename.renameType ?? '') && rename.renameType !== 'OBJECT_COLUMN' && rename.renameType !== 'OBJECT_TABCONSTRAINT') add(rename.relation);
  if (rename?.renameType === 'OBJECT_COLUMN' && !RELATION_OBJECTS.has(rename.relationType ?? '')) add(rename.relation);
  const alter = asNode(ast, 'AlterTableStmt');
  if (alter && !RELATION_OBJECTS.has(alter.objtype ?? 'OBJECT_TABLE')) add(alter.relation);
  const move = asNode(ast, 'AlterObjectSchemaStmt');
  if (move && !RELATION_OBJECTS.has(move.objectType ?? '')) add(move.relation);
  return out;
}

export function ddlOccurrences(c: OccurrenceCollector, ast: Node): void {
  switch (tagOf(ast)) {
    case 'IndexStmt':
      indexColumns(c, asNode(ast, 'IndexStmt')!);
      break;
    case 'AlterTableStmt':
      alterTableColumns(c, asNode(ast, 'AlterTableStmt')!);
      break;
    case 'RenameStmt':
      rename(c, asNode(ast, 'RenameStmt')!);
      break;
    case 'DropStmt':
      drop(c, asNode(ast, 'DropStmt')!);
      break;
    case 'CommentStmt':
      comment(c, asNode(ast, 'CommentStmt')!);
      break;
    case 'GrantStmt':
      grant(c, asNode(ast, 'GrantStmt')!);
      break;
    case 'CreateFunctionStmt': {
      const fn = asNode(ast, 'CreateFunctionStmt')!;
      routineName(c, stringValues(fn.funcname), c.reader.keyword(fn.is_procedure ? 'PROCEDURE' : 'FUNCTION', 0), true);
      break;
    }
    case 'AlterFunctionStmt':
      routineObjects(c, [asNode(ast, 'AlterFunctionStmt')!.func], 0);
      break;
    case 'CreateTrigStmt':
      trigger(c, asNode(ast, 'CreateTrigStmt')!);
      break;
    case 'CreateEnumStmt':
      typeName(c, stringValues(asNode(ast, 'CreateEnumStmt')!.typeName), 'TYPE', true);
      break;
    case 'CreateRangeStmt':
      typeName(c, stringValues(asNode(ast, 'CreateRangeStmt')!.typeName), 'TYPE', true);
      break;
    case 'DefineStmt': {
      const define = asNode(ast, 'DefineStmt')!;
      if (define.kind === 'OBJECT_TYPE') typeName(c, stringValues(define.defnames), 'TYPE', true);
      break;
    }
    case 'CreateDomainStmt':
      typeName(c, stringValues(asNode(ast, 'CreateDomainStmt')!.domainname), 'DOMAIN', true);
      break;
    case 'CompositeTypeStmt': {
      const rv = asNode(ast, 'CompositeTypeStmt')!.typevar;
      const names = rv?.relname ? [...(rv.schemaname ? [rv.schemaname] : []), rv.relname] : [];
      const symbol = c.typeSymbol(names);
      if (symbol?.kind === 'type') c.add(symbol, c.parts(rv?.location, names.length)?.at(-1), true);
      break;
    }
    case 'AlterEnumStmt':
      typeName(c, stringValues(asNode(ast, 'AlterEnumStmt')!.typeName), 'TYPE', false);
      break;
    case 'AlterDomainStmt':
      typeName(c, stringValues(asNode(ast, 'AlterDomainStmt')!.typeName), 'DOMAIN', false);
      break;
    default:
      break;
  }
}

/** Index of the token after a RangeVar's (possibly qualified) name, or -1. */
function afterRangeVar(c: OccurrenceCollector, rv: RangeVar | undefined): number {
  let i = c.reader.indexOfLocation(rv?.location);
  if (i < 0) return -1;
  while (c.reader.tokens[i + 1]?.text === '.') i += 2;
  return i + 1;
}

function indexColumns(c: OccurrenceCollector, stmt: IndexStmt): void {
  const table = c.relationOf(stmt.relation);
  const from = afterRangeVar(c, stmt.relation);
  if (!table || from < 0) return;
  // `ON t [USING method] (`.
  const list = c.reader.list(from, from + 3);
  if (!list) return;
  (stmt.indexParams ?? []).forEach((p, i) => {
    const name = asNode(p, 'IndexElem')?.name;
    if (name) c.add(columnSymbol(table, name), c.reader.elementName(list.elements[i], name));
  });
  const including = stmt.indexIncludingParams ?? [];
  const include = including.length > 0 ? c.reader.keyword('INCLUDE', list.next) : -1;
  const included = include >= 0 ? c.reader.list(include, include + 2) : undefined;
  if (!included) return;
  including.forEach((p, i) => {
    const name = asNode(p, 'IndexElem')?.name;
    if (name) c.add(columnSymbol(table, name), c.reader.elementName(included.elements[i], name));
  });
}

function alterTableColumns(c: OccurrenceCollector, stmt: AlterTableStmt): void {
  if (!RELATION_OBJECTS.has(stmt.objtype ?? 'OBJECT_TABLE')) return;
  const table = c.relationOf(stmt.relation);
  let cursor = afterRangeVar(c, stmt.relation);
  if (!table || cursor < 0) return;
  const tokens = c.reader.tokens;
  for (const node of stmt.cmds ?? []) {
    const cmd = asNode(node, 'AlterTableCmd');
    if (!cmd) continue;
    // Definitions carry locations (walked elsewhere); reading goes on after them.
    const defLocation = (asNode(cmd.def, 'ColumnDef') ?? asNode(cmd.def, 'Constraint'))?.location;
    if (cmd.subtype !== 'AT_AlterColumnType' && defLocation !== undefined) {
      const at = c.reader.indexOfLocation(defLocation);
      if (at >= cursor) cursor = at + 1;
      continue;
    }
    if (!cmd.name || !COLUMN_COMMANDS.has(cmd.subtype ?? '')) continue;
    for (let i = cursor; i < tokens.length; i++) {
      const before = tokens[i - 1];
      if (!before?.keyword || !BEFORE_COLUMN.has(before.kind) || !c.reader.nameAt(i, [cmd.name])) continue;
      c.add(columnSymbol(table, cmd.name), { start: tokens[i].start, end: tokens[i].end });
      cursor = i + 1;
      break;
    }
  }
}

function rename(c: OccurrenceCollector, stmt: RenameStmt): void {
  const r = c.reader;
  const type = stmt.renameType ?? '';
  // The new name: the name right after the last TO.
  const newNameAt = (from: number, schema: string | undefined, make: (schema: string) => SchemaSymbol | undefined): void => {
    if (!stmt.newname || schema === undefined) return;
    let to = -1;
    for (let i = r.keyword('TO', from); i >= 0; i = r.keyword('TO', i + 1)) to = i;
    const symbol = make(schema);
    const found = to >= 0 ? r.nameAt(to + 1, [stmt.newname]) : undefined;
    if (symbol && found) c.add(symbol, found.parts[0], true);
  };
  if (RELATION_OBJECTS.has(type)) {
    const old = c.relationOf(stmt.relation);
    const schema = old?.schema ?? stmt.relation?.schemaname ?? c.relation(stmt.newname ? { name: stmt.newname } : undefined)?.schema;
    newNameAt(afterRangeVar(c, stmt.relation), schema, (s) => ({ kind: 'relation', schema: s, name: stmt.newname ?? '' }));
    return;
  }
  if (type === 'OBJECT_COLUMN' && RELATION_OBJECTS.has(stmt.relationType ?? '')) {
    const table = c.relationOf(stmt.relation);
    const from = afterRangeVar(c, stmt.relation);
    if (!table || from < 0 || !stmt.subname || !stmt.newname) return;
    let i = r.keyword('RENAME', from);
    if (i < 0) return;
    i++;
    if (r.tokens[i]?.keyword && r.tokens[i].kind === 'COLUMN') i++;
    const old = r.nameAt(i, [stmt.subname]);
    if (!old) return;
    c.add(columnSymbol(table, stmt.subname), old.parts[0]);
    newNameAt(old.next, table.schema, () => columnSymbol(table, stmt.newname ?? ''));
    return;
  }
  if (ROUTINE_OBJECTS.has(type)) {
    const object = asNode(stmt.object, 'ObjectWithArgs');
    const found = object ? routineObjects(c, [object], 0) : [];
    newNameAt(found[0]?.next ?? 0, found[0]?.symbol.schema, (s) => ({ kind: 'function', schema: s, name: stmt.newname ?? '' }));
    return;
  }
  if (TYPE_OBJECTS.has(type)) {
    const names = objectNames(stmt.object);
    const found = typeName(c, names, type === 'OBJECT_DOMAIN' ? 'DOMAIN' : 'TYPE', false);
    newNameAt(found?.next ?? 0, found?.symbol.schema, (s) => ({ kind: 'type', schema: s, name: stmt.newname ?? '' }));
  }
}

function objectNames(node: Node | undefined): string[] {
  const list = asNode(node, 'List');
  if (list) return stringValues(list.items);
  const typeName = asNode(node, 'TypeName');
  if (typeName) return stringValues(typeName.names);
  const s = asNode(node, 'String');
  return s?.sval !== undefined ? [s.sval] : [];
}

/** Relations named by lists of names (DROP TABLE a, s.b), read in order from token `from`. */
function relationNames(c: OccurrenceCollector, objects: readonly Node[], from: number): void {
  let cursor = from;
  for (const o of objects) {
    const names = objectNames(o);
    const found = c.reader.findName(names, cursor);
    if (!found) return;
    cursor = found.next;
    const relation = c.relation(referenceOf(names));
    if (relation) c.add(relationSymbol(relation), found.parts[found.parts.length - 1]);
  }
}

/** Routines named by ObjectWithArgs (DROP / ALTER / COMMENT ON / GRANT ... FUNCTION f(args)), in order. */
function routineObjects(c: OccurrenceCollector, objects: readonly (ObjectWithArgs | undefined)[], from: number): { symbol: SchemaSymbol; next: number }[] {
  const out: { symbol: SchemaSymbol; next: number }[] = [];
  let cursor = firstKeyword(c, ROUTINE_KEYWORDS, from);
  if (cursor < 0) return out;
  for (const object of objects) {
    const names = stringValues(object?.objname);
    const found = c.reader.findName(names, cursor);
    if (!found) break;
    cursor = found.next;
    const symbol = c.functionSymbol(names);
    if (!symbol) continue;
    c.add(symbol, found.parts[found.parts.length - 1]);
    out.push({ symbol, next: found.next });
  }
  return out;
}

function firstKeyword(c: OccurrenceCollector, words: readonly string[], from: number): number {
  let best = -1;
  for (const w of words) {
    const i = c.reader.keyword(w, from);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/** CREATE FUNCTION's name: right after the keyword. */
function routineName(c: OccurrenceCollector, names: readonly string[], keyword: number, declaration: boolean): void {
  if (keyword < 0) return;
  const found = c.reader.nameAt(keyword + 1, names);
  const symbol = c.functionSymbol(names);
  if (found && symbol) c.add(symbol, found.parts[found.parts.length - 1], declaration);
}

/** A type named right after `keyword` (CREATE TYPE x, ALTER DOMAIN x). */
function typeName(c: OccurrenceCollector, names: readonly string[], keyword: string, declaration: boolean): { symbol: SchemaSymbol; next: number } | undefined {
  const at = c.reader.keyword(keyword, 0);
  const found = at >= 0 ? c.reader.nameAt(at + 1, names) : undefined;
  const symbol = c.typeSymbol(names);
  if (!found || symbol?.kind !== 'type') return undefined;
  c.add(symbol, found.parts[found.parts.length - 1], declaration);
  return { symbol, next: found.next };
}

function drop(c: OccurrenceCollector, stmt: DropStmt): void {
  const type = stmt.removeType ?? '';
  const objects = stmt.objects ?? [];
  if (RELATION_OBJECTS.has(type)) {
    const keyword = type === 'OBJECT_TABLE' || type === 'OBJECT_FOREIGN_TABLE' ? 'TABLE' : 'VIEW';
    const at = c.reader.keyword(keyword, 0);
    if (at >= 0) relationNames(c, objects, at + 1);
  } else if (ROUTINE_OBJECTS.has(type)) {
    routineObjects(c, objects.map((o) => asNode(o, 'ObjectWithArgs')), 0);
  }
}

function comment(c: OccurrenceCollector, stmt: CommentStmt): void {
  const type = stmt.objtype ?? '';
  const on = c.reader.keyword('ON', 0);
  if (on < 0) return;
  if (RELATION_OBJECTS.has(type) && stmt.object) relationNames(c, [stmt.object], on + 1);
  else if (ROUTINE_OBJECTS.has(type)) routineObjects(c, [asNode(stmt.object, 'ObjectWithArgs')], on);
  else if (type === 'OBJECT_COLUMN') {
    const names = objectNames(stmt.object);
    if (names.length < 2) return;
    const found = c.reader.findName(names, on + 1);
    const table = c.relation(referenceOf(names.slice(0, -1)));
    if (!found || !table) return;
    c.add(relationSymbol(table), found.parts[found.parts.length - 2]);
    c.add(columnSymbol(table, names[names.length - 1]), found.parts[found.parts.length - 1]);
  }
}

function grant(c: OccurrenceCollector, stmt: GrantStmt): void {
  if (stmt.targtype && stmt.targtype !== 'ACL_TARGET_OBJECT') return;
  if (ROUTINE_OBJECTS.has(stmt.objtype ?? '')) {
    const on = c.reader.keyword('ON', 0);
    if (on >= 0) routineObjects(c, (stmt.objects ?? []).map((o) => asNode(o, 'ObjectWithArgs')), on);
    return;
  }
  // Column privileges: GRANT SELECT (a, b) ON t.
  const objects = stmt.objects ?? [];
  const table = stmt.objtype === 'OBJECT_TABLE' && objects.length === 1 ? c.relationOf(asNode(objects[0], 'RangeVar')) : undefined;
  if (!table) return;
  let cursor = 0;
  for (const p of stmt.privileges ?? []) {
    const priv = asNode(p, 'AccessPriv');
    const columns = stringValues(priv?.cols);
    if (!priv?.priv_name || columns.length === 0) continue;
    const at = c.reader.keyword(priv.priv_name.toUpperCase(), cursor);
    const list = at >= 0 ? c.reader.list(at + 1, at + 2) : undefined;
    if (!list) return;
    columns.forEach((name, i) => c.add(columnSymbol(table, name), c.reader.elementName(list.elements[i], name)));
    cursor = list.next;
  }
}

function trigger(c: OccurrenceCollector, stmt: CreateTrigStmt): void {
  const r = c.reader;
  const table: Relation | undefined = c.relationOf(stmt.relation);
  // UPDATE OF a, b (before ON).
  const columns = stringValues(stmt.columns);
  if (table && columns.length > 0) {
    const update = r.keyword('UPDATE', 0);
    let i = update >= 0 && r.tokens[update + 1]?.kind === 'OF' ? update + 2 : -1;
    for (const name of columns) {
      const found = i >= 0 ? r.nameAt(i, [name]) : undefined;
      if (!found) break;
      c.add(columnSymbol(table, name), found.parts[0]);
      i = r.tokens[found.next]?.text === ',' ? found.next + 1 : -1;
    }
  }
  const execute = r.keyword('EXECUTE', 0);
  const names = stringValues(stmt.funcname);
  const found = execute >= 0 ? r.nameAt(execute + 2, names) : undefined;
  const symbol = c.functionSymbol(names);
  if (found && symbol) c.add(symbol, found.parts[found.parts.length - 1]);
}
