/**
 * Whether ALTER COLUMN ... TYPE rewrites the table, following PostgreSQL's ATColumnChangeRequiresRewrite: no
 * rewrite when the conversion reduces to the old value relabelled, i.e. a binary-coercible cast (pg_cast
 * castmethod 'b') and a typmod change that the type's support function simplifies away (varchar, numeric,
 * varbit and the datetime types when the new typmod is absent or not narrower). timestamp <-> timestamptz
 * needs no rewrite since PostgreSQL 12 only while the session TimeZone is UTC. test/pg checks these pairs
 * against a real server.
 */
import type { Node, TypeName } from '@pgsql/types';
import { asNode, isArrayType, typeModifiers, typeNameOf } from '../parse/ast';
import { parseStatementText } from '../parse/parser';
import { versionAtLeast } from './versions';

export interface ColumnType {
  /** Base name as the parser resolves it: int4, varchar, bpchar, numeric, timestamptz, citext ... */
  readonly name: string;
  /** Declared type modifiers: varchar(20) -> [20], numeric(10,2) -> [10, 2]; empty when none. */
  readonly modifiers: readonly number[];
  readonly array: boolean;
}

export type RewriteVerdict = 'no' | 'yes' | 'unless-utc';

export function columnTypeOf(type: TypeName | undefined): ColumnType {
  const full = typeNameOf(type);
  // Extension types are found in any schema: compare by their own name.
  const name = full.includes('.') ? full.slice(full.lastIndexOf('.') + 1) : full;
  return { name, modifiers: typeModifiers(type), array: isArrayType(type) };
}

/**
 * A catalog column's type (format_type's display form: `timestamp without time zone`, `character varying(20)`,
 * `public.mood[]`) as PostgreSQL's parser reads it; undefined when it does not parse as a type.
 */
export function columnTypeOfDisplay(display: string): ColumnType | undefined {
  const target = parseStatementText(`SELECT NULL::${display}`).stmts[0]?.stmt;
  const value = asNode(asNode(asNode(target, 'SelectStmt')?.targetList?.[0], 'ResTarget')?.val, 'TypeCast');
  return value?.typeName ? columnTypeOf(value.typeName) : undefined;
}

/** Binary-coercible casts (source -> targets) between the types that migrations commonly convert. */
const BINARY_COERCIBLE: Readonly<Record<string, readonly string[]>> = {
  varchar: ['text', 'bpchar', 'citext'],
  text: ['varchar', 'bpchar', 'citext'],
  citext: ['text', 'varchar', 'bpchar'],
  cidr: ['inet'],
  xml: ['text', 'varchar', 'bpchar'],
  int4: ['oid', 'regclass', 'regtype', 'regproc'],
  oid: ['int4', 'regclass', 'regtype', 'regproc'],
  regclass: ['oid', 'int4'],
  regtype: ['oid', 'int4'],
  regproc: ['oid', 'int4'],
};

/** Types whose length/precision coercion has a support function that drops it when not narrowing. */
const WIDENING_SIMPLIFIED: ReadonlySet<string> = new Set(['varchar', 'varbit', 'numeric', 'timestamp', 'timestamptz', 'time', 'timetz']);

/** Does converting a column from `from` to `to` rewrite the table (and rebuild its indexes)? */
export function typeChangeRewrites(from: ColumnType, to: ColumnType, postgresVersion: number): RewriteVerdict {
  // Arrays convert element by element (ArrayCoerceExpr), which is never a plain relabel.
  if (from.array || to.array) return from.array === to.array && from.name === to.name && sameModifiers(from, to) ? 'no' : 'yes';
  if (from.name === to.name) return sameModifiers(from, to) || typmodChangeIsRelabel(to.name, from.modifiers, to.modifiers) ? 'no' : 'yes';
  const timestampPair = (from.name === 'timestamp' && to.name === 'timestamptz') || (from.name === 'timestamptz' && to.name === 'timestamp');
  if (timestampPair) {
    if (!versionAtLeast(postgresVersion, 12)) return 'yes';
    return typmodChangeIsRelabel(to.name, from.modifiers, to.modifiers) ? 'unless-utc' : 'yes';
  }
  if (!BINARY_COERCIBLE[from.name]?.includes(to.name)) return 'yes';
  // After the binary cast the value has no typmod: a declared target length is enforced row by row.
  return to.modifiers.length === 0 ? 'no' : 'yes';
}

function sameModifiers(a: ColumnType, b: ColumnType): boolean {
  return a.modifiers.length === b.modifiers.length && a.modifiers.every((m, i) => m === b.modifiers[i]);
}

/** varchar(n) -> varchar(m >= n), numeric(p,s) -> numeric(p2 >= p, s), anything -> unconstrained, ... */
function typmodChangeIsRelabel(type: string, from: readonly number[], to: readonly number[]): boolean {
  if (to.length === 0) return WIDENING_SIMPLIFIED.has(type);
  if (from.length === 0 || !WIDENING_SIMPLIFIED.has(type)) return false;
  if (type === 'numeric') {
    const [p1, s1 = 0] = from;
    const [p2, s2 = 0] = to;
    return s1 === s2 && p2 >= p1;
  }
  return to[0] >= from[0];
}

/**
 * Target types some common old type reaches without a rewrite (varchar(n) -> text, numeric(p,s) -> numeric,
 * cidr -> inet, ...). When the old type is unknown, a change to one of these may be free.
 */
export function mayAvoidRewrite(to: ColumnType): boolean {
  if (to.array) return false;
  if (['text', 'citext', 'inet', 'varchar', 'varbit', 'numeric', 'time', 'timetz', 'oid', 'regclass'].includes(to.name)) return true;
  return to.name === 'bpchar' && to.modifiers.length === 0;
}

/** `USING col` or `USING col::type`: the same conversion as without USING; anything else computes new values. */
export function isPlainConversion(using: Node, column: string): boolean {
  const cast = asNode(using, 'TypeCast');
  if (cast) return cast.arg !== undefined && isPlainConversion(cast.arg, column);
  const fields = asNode(using, 'ColumnRef')?.fields ?? [];
  return asNode(fields[fields.length - 1], 'String')?.sval === column;
}
