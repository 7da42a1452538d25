/**
 * PostgreSQL's names for things: identifier quoting, and the default constraint names it chooses
 * (ChooseConstraintName / makeObjectName: `<table>_<columns>_<label>`, cut to NAMEDATALEN - 1 bytes).
 */

/** Maximum identifier length in bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/** Keywords that cannot be used as bare column or table names (reserved, and reserved-but-usable-as-function). */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation ' +
    'column concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze ' +
    'from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true union ' +
    'unique user using variadic verbose when where window with'
  ).split(' '),
);

/** An identifier as SQL text: bare when PostgreSQL would read it back unchanged, else double-quoted. */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` from its parts, each quoted as needed. */
export function quoteQualified(schema: string | undefined, name: string): string {
  return schema ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts a string to at most `bytes` UTF-8 bytes without splitting a character. */
export function cutToBytes(s: string, bytes: number): string {
  let out = '';
  for (const ch of s) {
    if (utf8Length(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/**
 * makeObjectName(name1, name2, label): `name1_name2_label`, shortening the longer of name1/name2 until the
 * whole fits in 63 bytes.
 */
export function makeObjectName(name1: string, name2: string, label: string): string {
  const overhead = utf8Length(label) + 1 + (name2 ? 1 : 0);
  const available = MAX_IDENTIFIER_BYTES - overhead;
  let n1 = utf8Length(name1);
  let n2 = utf8Length(name2);
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const first = cutToBytes(name1, n1);
  const second = cutToBytes(name2, n2);
  return second ? `${first}_${second}_${label}` : `${first}_${label}`;
}

/** The name PostgreSQL gives an unnamed constraint: `orders_customer_id_fkey`, `orders_total_check`. */
export function defaultConstraintName(table: string, columns: readonly string[], label: 'fkey' | 'check' | 'key' | 'pkey' | 'not_null' | 'excl'): string {
  return makeObjectName(table, columns.join('_'), label);
}
