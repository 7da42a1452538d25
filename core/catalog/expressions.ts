/**
 * Expressions in the catalog are SQL text. From DDL, the text is the written source of an AST node: the
 * parser gives only start locations, so the range is found on PostgreSQL's tokens (balanced parentheses, up
 * to a delimiter or a keyword that ends the clause). To compare a written expression with pg_get_expr's
 * output there is no deparser at hand, so both are re-parsed and compared as ASTs in a normal form
 * (`expressionKey`): positions dropped, type names in format_type form (qualified through a resolver),
 * `pg_catalog.` dropped from names, functions compared by name without schema, `'name'::regclass` literals
 * qualified through a search path, and optionally casts of constants and columns dropped.
 */
import type { Node } from '@pgsql/types';
import { walkAst } from '../parse/ast';
import type { Statement } from '../parse/document';
import { parseStatementText } from '../parse/parser';
import type { OffsetRange } from '../parse/positions';
import { parseNameReference, type QualifiedName } from './names';
import { formatTypeName, type TypeResolver } from './types';

/** Keywords that end a column's DEFAULT / GENERATED expression (the next column constraint). */
export const COLUMN_CONSTRAINT_WORDS: ReadonlySet<string> = new Set([
  'NOT', 'NULL', 'CONSTRAINT', 'CHECK', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'DEFAULT', 'COLLATE', 'GENERATED',
  'DEFERRABLE', 'INITIALLY', 'STORED', 'VIRTUAL',
]);

/** Where an expression ends besides `,`, `;` and an unmatched `)`: keywords at depth 0, or an identifier after `)`. */
export interface ExpressionStop {
  readonly words?: ReadonlySet<string>;
  /** An identifier right after a `)` at depth 0 ends it: an index key's operator class (`lower(x) text_pattern_ops`). */
  readonly identifierAfterParen?: boolean;
}

/** A column's DEFAULT / GENERATED expression. */
export const COLUMN_EXPRESSION_STOP: ExpressionStop = { words: COLUMN_CONSTRAINT_WORDS };
/** An index key expression, followed by its operator class, ordering or collation. */
export const INDEX_KEY_STOP: ExpressionStop = { words: new Set(['ASC', 'DESC', 'NULLS', 'COLLATE']), identifierAfterParen: true };

/** AST fields that hold source positions rather than meaning. */
const POSITION_FIELDS: ReadonlySet<string> = new Set(['location', 'list_start', 'list_end', 'rexpr_list_start', 'rexpr_list_end', 'stmt_location', 'stmt_len']);

/** Smallest and largest AST position in a subtree (UTF-8 byte offsets into the statement). */
function locationSpan(node: Node): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  walkAst(node, (ref) => {
    for (const key of ['location', 'list_end', 'rexpr_list_end']) {
      const at = (ref.node as Record<string, unknown>)[key];
      if (typeof at === 'number' && at >= 0) {
        if (key === 'location' && at < min) min = at;
        if (at > max) max = at;
      }
    }
  });
  return Number.isFinite(min) ? { min, max } : undefined;
}

/**
 * The document range of an expression node's source text, found on the statement's tokens from the node's
 * first position: it ends at `,`, `;`, an unmatched `)`, or what `stop` says, whichever comes first.
 */
export function expressionRange(statement: Statement, node: Node, stop: ExpressionStop = {}): OffsetRange | undefined {
  const span = locationSpan(node);
  if (!span) return undefined;
  const tokens = statement.tokens();
  const minOffset = statement.offsetOfLocation(span.min);
  const maxOffset = statement.offsetOfLocation(span.max);
  let first = tokens.findIndex((t) => t.end > minOffset);
  if (first < 0) return undefined;
  for (;;) {
    let depth = 0;
    let last = first;
    for (let i = first; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && i > first && (t.text === ',' || t.text === ';' || (t.keyword && stop.words?.has(t.kind)))) break;
      else if (depth === 0 && stop.identifierAfterParen && i > first && tokens[i - 1].text === ')' && t.kind === 'IDENT') break;
      else if (t.text === ';') break;
      last = i;
    }
    const end = tokens[last].end;
    // A parenthesised head (`(a)::text`): the AST reaches past where the scan stopped, so take the `(` too.
    if (maxOffset >= end && first > 0 && tokens[first - 1].text === '(') {
      first--;
      continue;
    }
    return { start: tokens[first].start, end };
  }
}

/** The source text of an expression node, or undefined when it has no locations. */
export function expressionText(statement: Statement, node: Node | undefined, stop?: ExpressionStop): string | undefined {
  if (!node) return undefined;
  const range = expressionRange(statement, node, stop);
  if (!range) return undefined;
  return statement.text.slice(range.start - statement.start, range.end - statement.start).trim();
}

export interface NormalFormOptions {
  /** Resolves unqualified type names (defaults: built-ins only). */
  readonly resolveType?: TypeResolver;
  /** Qualifies a relation named in a `'...'::regclass` literal (defaults: as written). */
  readonly qualifyRelation?: (name: string) => QualifiedName | undefined;
  /**
   * Compare casts of constants and of plain column references as their argument: PostgreSQL adds such
   * coercions when it stores an expression (`DEFAULT 'x'` -> `'x'::text`, `lower(c)` -> `lower(c::text)`).
   */
  readonly ignoreImplicitCasts?: boolean;
}

/**
 * A comparison key for an expression: two texts with equal keys mean the same expression. Text that does not
 * parse keys as itself with whitespace collapsed.
 */
export function expressionKey(text: string, options: NormalFormOptions = {}): string {
  const outcome = parseStatementText(`SELECT (${text})`);
  const target = outcome.stmts[0]?.stmt;
  if (outcome.error || !target || outcome.stmts.length !== 1) return `text:${text.replace(/\s+/g, ' ').trim()}`;
  const select = (target as { SelectStmt?: { targetList?: Node[] } }).SelectStmt;
  const value = (select?.targetList?.[0] as { ResTarget?: { val?: Node } } | undefined)?.ResTarget?.val;
  return JSON.stringify(normalize(value, options));
}

function normalize(value: unknown, options: NormalFormOptions): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, options));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if ('TypeCast' in record) return normalizeCast(record.TypeCast as Record<string, unknown>, options);
  if ('TypeName' in record) return { type: formatTypeName(record.TypeName as never, options.resolveType ?? (() => undefined)) };
  // A constant by its value as text: `'-1'::integer` is stored for `DEFAULT -1`, `'false'` for `false`.
  if (options.ignoreImplicitCasts && 'A_Const' in record) return { A_Const: constantText(record.A_Const as Record<string, unknown>) };
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) {
    if (POSITION_FIELDS.has(key)) continue;
    if (key === 'funcname' && Array.isArray(field)) {
      out[key] = functionName(field);
      continue;
    }
    if (key === 'names' && Array.isArray(field)) {
      out[key] = normalize(dropCatalogSchema(field), options);
      continue;
    }
    out[key] = normalize(field, options);
  }
  return out;
}

function normalizeCast(cast: Record<string, unknown>, options: NormalFormOptions): unknown {
  const typeName = formatTypeName(cast.typeName as never, options.resolveType ?? (() => undefined));
  const arg = cast.arg as Record<string, unknown> | undefined;
  const array = arg && 'A_ArrayExpr' in arg ? (arg.A_ArrayExpr as { elements?: unknown[] }) : undefined;
  const typeNode = cast.typeName as { arrayBounds?: unknown[] } | undefined;
  if (array && typeNode?.arrayBounds?.length) {
    // `ARRAY['a', 'b']::text[]` is stored as `ARRAY['a'::text, 'b'::text]` (PostgreSQL 15+ prints it so).
    const { arrayBounds: _bounds, ...elementType } = typeNode;
    const elements = (array.elements ?? []).map((e) => ({ TypeCast: { arg: e, typeName: elementType } }));
    return normalize({ A_ArrayExpr: { elements } }, options);
  }
  const constant = arg && 'A_Const' in arg ? (arg.A_Const as Record<string, unknown>) : undefined;
  if (constant && typeName === 'regclass' && options.qualifyRelation) {
    const sval = (constant.sval as { sval?: string } | undefined)?.sval;
    const qualified = sval !== undefined ? qualifyLiteral(sval, options.qualifyRelation) : undefined;
    if (qualified) return { regclass: qualified };
  }
  const normalizedArg = normalize(arg, options);
  // A constant or column under any number of casts compares as itself (`('a'::varchar)::text` == `'a'`).
  if (options.ignoreImplicitCasts && normalizedArg !== null && typeof normalizedArg === 'object' && ('A_Const' in normalizedArg || 'ColumnRef' in normalizedArg)) return normalizedArg;
  // Parentheses around a cast argument leave no trace in the AST, so `(0)::numeric` == `0::numeric`.
  return { cast: typeName, arg: normalizedArg };
}

function qualifyLiteral(literal: string, qualify: (name: string) => QualifiedName | undefined): string | undefined {
  const ref = parseNameReference(literal);
  if (!ref) return undefined;
  const q = ref.schema !== undefined ? { schema: ref.schema, name: ref.name } : qualify(ref.name);
  return q ? `${q.schema}.${q.name}` : ref.name;
}

/**
 * A called function by its name alone: pg_get_expr omits the schema of visible functions and pg_dump writes
 * it, and extension functions are unknown to a DDL catalog, so schemas cannot be resolved the same way on
 * both sides. Two same-named functions in different schemas would compare equal: accepted.
 */
function functionName(names: readonly unknown[]): string {
  const parts = names.map((n) => (n as { String?: { sval?: string } }).String?.sval ?? '');
  return parts[parts.length - 1] ?? '';
}

/** `pg_catalog.now()` and `now()` name the same function. */
function dropCatalogSchema(names: readonly unknown[]): readonly unknown[] {
  if (names.length < 2) return names;
  const first = names[0] as { String?: { sval?: string } };
  return first.String?.sval === 'pg_catalog' ? names.slice(1) : names;
}

/** Column names an expression text references (last part of each column reference). */
export function expressionColumns(text: string): Set<string> {
  const out = new Set<string>();
  const outcome = parseStatementText(`SELECT (${text})`);
  const stmt = outcome.stmts[0]?.stmt;
  if (outcome.error || !stmt) return out;
  walkAst(stmt, (ref) => {
    if (ref.tag !== 'ColumnRef') return;
    const fields = (ref.node as { fields?: Node[] }).fields ?? [];
    const last = fields[fields.length - 1] as { String?: { sval?: string } } | undefined;
    if (last?.String?.sval !== undefined) out.add(last.String.sval);
  });
  return out;
}

function constantText(c: Record<string, unknown>): string | null {
  if (c.isnull) return null;
  const value = (c.sval ?? c.ival ?? c.fval ?? c.boolval ?? c.bsval) as Record<string, unknown> | undefined;
  if (!value) return c.ival !== undefined ? '0' : '';
  const inner = value.sval ?? value.ival ?? value.fval ?? value.boolval ?? value.bsval;
  if (inner === undefined) return c.ival !== undefined ? '0' : c.boolval !== undefined ? 'false' : '';
  return String(inner);
}
