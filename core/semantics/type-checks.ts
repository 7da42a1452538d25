/**
 * type-mismatch: comparisons and assignments PostgreSQL's parser refuses because no operator or cast fits the
 * operands' types - `text_col = 42` ("operator does not exist: text = integer"), `uuid_col = 1`, `date_col > 5`,
 * `INSERT INTO t (flag) VALUES (1)` into a boolean ("column "flag" is of type boolean but expression is of type
 * integer"). Judged only when both types are certain (see expression-types.ts) and follow PostgreSQL's own
 * coercion data (knowledge/type-coercion.ts): implicit casts between integers, numerics, string types and
 * date/time types are accepted exactly where PostgreSQL accepts them, and quoted literals never mismatch.
 */
import type { A_Expr, ColumnRef, InsertStmt, Node, ResTarget, SelectStmt, UpdateStmt } from '@pgsql/types';
import type { Column, Relation } from '../catalog/model';
import { extensionFunctionNames } from '../knowledge/function-names';
import { assignable, comparisonExists, COMPARISON_OPERATORS, explicitCastExists } from '../knowledge/type-coercion';
import type { Finding } from '../lint';
import { asNode, stringValues, walkAst } from '../parse/ast';
import type { Statement } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import { typeSpan } from '../rules/helpers/column-defs';
import type { Fix, Severity } from '../rules/types';
import { TYPE_MISMATCH_ID } from './check-ids';
import { columnType, operandType, type SqlType } from './expression-types';
import type { SchemaLookup } from './lookup';
import type { ColumnReference, StatementSemantics } from './resolve';

/** What the file changes: columns whose type may not be the catalog's at a given statement, and operators or casts it creates. */
export interface TypeGuard {
  /** The file creates operators or casts: PostgreSQL's own rules are not all there is. */
  readonly definesCoercions?: boolean;
  /** `relation.column` names the file alters the type of, adds, drops or renames. */
  readonly alteredColumns: ReadonlySet<string>;
  /** Relation names whose columns may differ between statements (recreated, or a stale catalog). */
  readonly unstableRelations: ReadonlySet<string>;
}

const TABLE_KINDS: ReadonlySet<Relation['kind']> = new Set(['table', 'partitioned-table', 'foreign-table']);

interface Context {
  readonly statement: Statement;
  readonly lookup: SchemaLookup;
  readonly path: readonly string[];
  readonly guard: TypeGuard;
  readonly severity: Severity;
  readonly references: ReadonlyMap<ColumnRef, ColumnReference>;
  readonly out: Finding[];
}

/**
 * Whether PostgreSQL's built-in operators and casts are all there is: an extension whose objects are not known
 * (the coercion data covers the contrib ones, which add operators and casts for their own types only) could add
 * operators or casts between built-in types.
 */
export function builtinCoercionsOnly(lookup: SchemaLookup): boolean {
  return lookup.catalogs.every((c) => c.extensions().every((e) => e.name === 'plpgsql' || extensionFunctionNames(e.name) !== undefined));
}

export function typeMismatches(statement: Statement, semantics: StatementSemantics, lookup: SchemaLookup, path: readonly string[], guard: TypeGuard, severity: Severity): Finding[] {
  const ast = statement.ast;
  if (!ast || guard.definesCoercions || !builtinCoercionsOnly(lookup)) return [];
  const references = new Map<ColumnRef, ColumnReference>();
  for (const c of semantics.columns) if (c.node) references.set(c.node, c);
  const ctx: Context = { statement, lookup, path, guard, severity, references, out: [] };
  walkAst(ast, (ref) => {
    if (ref.tag === 'A_Expr') comparison(ctx, ref.node as A_Expr);
    else if (ref.tag === 'InsertStmt') insertAssignments(ctx, ref.node as InsertStmt);
    else if (ref.tag === 'UpdateStmt') updateAssignments(ctx, ref.node as UpdateStmt);
    return undefined;
  });
  return ctx.out;
}

/** A catalog column's type, when the column is a table's and the file does not change it. */
function catalogColumnType(ctx: Context, relation: Relation | undefined, column: Column | undefined): SqlType | undefined {
  if (!relation || !column || !TABLE_KINDS.has(relation.kind)) return undefined;
  if (ctx.guard.unstableRelations.has(relation.name) || ctx.guard.alteredColumns.has(`${relation.name}.${column.name}`)) return undefined;
  // An inherited column follows its parents' ALTERs (ALTER TABLE parent* ADD COLUMN ...).
  if ((column.inherited || relation.inherits.length > 0) && [...ctx.guard.alteredColumns].some((k) => k.endsWith(`.${column.name}`))) return undefined;
  return columnType(column.type, ctx.lookup, ctx.path);
}

function referenceType(ctx: Context, node: Node): SqlType | undefined {
  const ref = asNode(node, 'ColumnRef');
  const reference = ref ? ctx.references.get(ref) : undefined;
  const r = reference?.resolution;
  if (!reference || reference.ambiguity || r?.status !== 'resolved') return undefined;
  return catalogColumnType(ctx, r.column?.relation, r.column?.column);
}

function typeOf(ctx: Context, node: Node | undefined): SqlType | undefined {
  return operandType(node, (n) => referenceType(ctx, n), ctx.lookup, ctx.path);
}

/** Whether `left op right` has an operator; undefined when the model cannot tell. */
function operatorExists(op: string, left: SqlType, right: SqlType): boolean | undefined {
  if (left.kind === 'unknown' && right.kind === 'unknown') return undefined;
  // Enums have only their own operators (anyenum): equal enum types, or an unknown literal to coerce.
  if (left.kind === 'enum' || right.kind === 'enum') {
    if (left.kind === 'unknown' || right.kind === 'unknown') return true;
    return left.kind === 'enum' && right.kind === 'enum' && left.key === right.key;
  }
  return comparisonExists(op, left.kind === 'builtin' ? left.name : undefined, right.kind === 'builtin' ? right.name : undefined);
}

function display(type: SqlType): string {
  return type.kind === 'unknown' ? 'unknown' : type.display;
}

function comparison(ctx: Context, expr: A_Expr): void {
  const op = stringValues(expr.name).pop() ?? '';
  const between = expr.kind === 'AEXPR_BETWEEN' || expr.kind === 'AEXPR_NOT_BETWEEN';
  const names = stringValues(expr.name);
  // OPERATOR(myschema.=) is someone else's operator.
  if ((!between && !COMPARISON_OPERATORS.includes(op)) || names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return;
  const pairs: { left: Node | undefined; right: Node | undefined; op: string; range: 'whole' | 'right' }[] = [];
  switch (expr.kind) {
    case 'AEXPR_OP':
      pairs.push({ left: expr.lexpr, right: expr.rexpr, op, range: 'whole' });
      break;
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT':
      pairs.push({ left: expr.lexpr, right: expr.rexpr, op: '=', range: 'whole' });
      break;
    case 'AEXPR_IN':
      // `x IN (a, b)` compares x with each item (a common array type is tried first; it fails whenever one pair does).
      for (const item of asNode(expr.rexpr, 'List')?.items ?? []) pairs.push({ left: expr.lexpr, right: item, op, range: 'right' });
      break;
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      const [low, high] = asNode(expr.rexpr, 'List')?.items ?? [];
      const not = expr.kind === 'AEXPR_NOT_BETWEEN';
      pairs.push({ left: expr.lexpr, right: low, op: not ? '<' : '>=', range: 'right' }, { left: expr.lexpr, right: high, op: not ? '>' : '<=', range: 'right' });
      break;
    }
    default:
      return;
  }
  for (const pair of pairs) {
    if (!pair.left || !pair.right) continue;
    const left = typeOf(ctx, pair.left);
    const right = typeOf(ctx, pair.right);
    if (!left || !right || operatorExists(pair.op, left, right) !== false) continue;
    const rightRange = operandRange(ctx, pair.right);
    const leftRange = operandRange(ctx, pair.left);
    const range = pair.range === 'right' ? rightRange : leftRange && rightRange ? { start: leftRange.start, end: rightRange.end } : undefined;
    const fixes = [...castFix(ctx, pair.right, right, left), ...castFix(ctx, pair.left, left, right)];
    ctx.out.push({
      ruleId: TYPE_MISMATCH_ID,
      severity: ctx.severity,
      message: `operator does not exist: ${display(left)} ${pair.op} ${display(right)}. PostgreSQL compares values of these types only after an explicit cast.`,
      range: range ?? ctx.statement.rangeOfLocation(expr.location),
      fixes,
    });
  }
}

/** `literal::type`, when the operand is a typed literal with an explicit cast to the other side's type. */
function castFix(ctx: Context, node: Node, from: SqlType, to: SqlType): Fix[] {
  const constant = asNode(node, 'A_Const');
  if (!constant || from.kind !== 'builtin' || to.kind !== 'builtin' || !explicitCastExists(from.name, to.name)) return [];
  const range = operandRange(ctx, node);
  if (!range) return [];
  const text = ctx.statement.text.slice(range.start - ctx.statement.start, range.end - ctx.statement.start);
  // `-5::text` would cast 5 and negate text.
  const operand = text.startsWith('-') ? `(${text})` : text;
  return [{ title: `Cast ${text} to ${to.display}: ${operand}::${to.display}`, edits: [{ range, newText: `${operand}::${to.display}` }] }];
}

/** The written extent of a simple operand: a column reference, a literal (with its sign) or a cast. */
function operandRange(ctx: Context, node: Node): OffsetRange | undefined {
  const ref = asNode(node, 'ColumnRef');
  if (ref) return ctx.references.get(ref)?.range;
  const constant = asNode(node, 'A_Const');
  if (constant) {
    const token = ctx.statement.tokenAt(ctx.statement.offsetOfLocation(constant.location));
    if (!token) return undefined;
    if (token.text !== '-' && token.text !== '+') return { start: token.start, end: token.end };
    const tokens = ctx.statement.tokens();
    const next = tokens[tokens.indexOf(token) + 1];
    return next ? { start: token.start, end: next.end } : undefined;
  }
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const inner = cast.arg ? operandRange(ctx, cast.arg) : undefined;
    const span = typeSpan(ctx.statement, cast.typeName);
    if (!inner || !span || span.end < inner.end) return undefined;
    // CAST(x AS t): through the closing parenthesis.
    const tokens = ctx.statement.tokens();
    const after = tokens.find((t) => t.start >= span.end);
    const start = Math.min(inner.start, ctx.statement.offsetOfLocation(cast.location));
    return { start, end: after?.text === ')' && ctx.statement.tokenAt(start)?.text.toUpperCase() === 'CAST' ? after.end : span.end };
  }
  return undefined;
}

function assignment(ctx: Context, target: { readonly name: string; readonly relation: Relation; readonly column: Column }, value: Node | undefined): void {
  if (!value || asNode(value, 'SetToDefault')) return;
  const to = catalogColumnType(ctx, target.relation, target.column);
  const from = typeOf(ctx, value);
  if (!to || !from || from.kind === 'unknown') return;
  let ok: boolean;
  if (to.kind === 'enum') ok = from.kind === 'enum' && from.key === to.key;
  else if (to.kind === 'builtin' && from.kind === 'builtin') ok = assignable(from.name, to.name);
  // An enum converts to a string type through its output function; to nothing else.
  else ok = to.kind === 'builtin' && ['text', 'varchar', 'bpchar', 'name'].includes(to.name);
  if (ok) return;
  const range = operandRange(ctx, value);
  if (!range) return;
  ctx.out.push({
    ruleId: TYPE_MISMATCH_ID,
    severity: ctx.severity,
    message: `column "${target.name}" is of type ${display(to)} but expression is of type ${display(from)}. PostgreSQL needs the expression rewritten or cast.`,
    range,
    fixes: castFix(ctx, value, from, to),
  });
}

function targetRelation(ctx: Context, stmt: { relation?: { relname?: string; schemaname?: string } }): Relation | undefined {
  const rv = stmt.relation;
  if (!rv?.relname) return undefined;
  return ctx.lookup.relation(rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname }, ctx.path);
}

function columnOf(relation: Relation, name: string): { name: string; relation: Relation; column: Column } | undefined {
  const column = relation.columns.find((c) => c.name === name);
  return column ? { name, relation, column } : undefined;
}

function insertAssignments(ctx: Context, stmt: InsertStmt): void {
  const relation = targetRelation(ctx, stmt);
  if (!relation) return;
  setAssignments(ctx, relation, stmt.onConflictClause?.targetList);
  const select = asNode(stmt.selectStmt, 'SelectStmt');
  if (!select || (select.op && select.op !== 'SETOP_NONE')) return;
  const cols = (stmt.cols ?? []).map((c) => asNode(c, 'ResTarget'));
  // A column with a subscript or field (`tags[1]`, `point.x`) is not assigned as a whole.
  if (cols.some((c) => !c?.name || (c.indirection?.length ?? 0) > 0)) return;
  const targets = (cols.length > 0 ? cols.map((c) => c?.name ?? '') : relation.columns.map((c) => c.name)).map((name) => columnOf(relation, name));
  for (const row of rowsOf(select)) {
    row.forEach((value, i) => {
      const target = targets[i];
      if (target) assignment(ctx, target, value);
    });
  }
}

/** The value rows of INSERT's source: each VALUES row, or a plain SELECT's target list (without `*`). */
function rowsOf(select: SelectStmt): (Node | undefined)[][] {
  if (select.valuesLists?.length) return select.valuesLists.map((row) => [...(asNode(row, 'List')?.items ?? [])]);
  const values = (select.targetList ?? []).map((t) => asNode(t, 'ResTarget')?.val);
  const star = values.some((v) => {
    const fields = asNode(v, 'ColumnRef')?.fields ?? [];
    return fields.length > 0 && asNode(fields[fields.length - 1], 'A_Star') !== undefined;
  });
  return star ? [] : [values];
}

function updateAssignments(ctx: Context, stmt: UpdateStmt): void {
  const relation = targetRelation(ctx, stmt);
  if (relation) setAssignments(ctx, relation, stmt.targetList);
}

/** `SET col = value, ...` of UPDATE and of INSERT ... ON CONFLICT DO UPDATE. */
function setAssignments(ctx: Context, relation: Relation, targets: readonly Node[] | undefined): void {
  for (const t of targets ?? []) {
    const target: ResTarget | undefined = asNode(t, 'ResTarget');
    if (!target?.name || (target.indirection?.length ?? 0) > 0 || asNode(target.val, 'MultiAssignRef')) continue;
    const column = columnOf(relation, target.name);
    if (column) assignment(ctx, column, target.val);
  }
}
