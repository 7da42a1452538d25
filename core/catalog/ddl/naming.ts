/**
 * The names PostgreSQL generates for objects created without one (indexes, constraints, serial sequences),
 * following makeObjectName / ChooseRelationName / ChooseConstraintName: `<table>_<columns>_<label>`,
 * truncated to 63 bytes by shortening the longer part, with a number appended on collision.
 */

/** NAMEDATALEN - 1: identifiers are truncated to this many bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Truncates to at most `bytes` UTF-8 bytes without splitting a character (pg_mbcliplen). */
export function clipBytes(s: string, bytes: number): string {
  if (byteLength(s) <= bytes) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = byteLength(ch);
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** PostgreSQL's truncation of an over-long identifier (with a NOTICE on the server). */
export function truncateIdentifier(name: string): string {
  return clipBytes(name, MAX_IDENTIFIER_BYTES);
}

/** makeObjectName: `name1[_name2][_label]`, shortening the longer of name1/name2 until it fits. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  let len1 = byteLength(name1);
  let len2 = name2 ? byteLength(name2) : 0;
  let overhead = 0;
  if (name2) overhead += 1;
  if (label) overhead += byteLength(label) + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  while (len1 + len2 > available) {
    if (len1 > len2) len1--;
    else len2--;
  }
  let name = clipBytes(name1, len1);
  if (name2) name += `_${clipBytes(name2, len2)}`;
  if (label) name += `_${label}`;
  return name;
}

/** ChooseRelationName / ChooseConstraintName: the first free `name`, `name1`, `name2`, ... */
export function chooseName(name1: string, name2: string | undefined, label: string, taken: (name: string) => boolean): string {
  let pass = 0;
  let modlabel = label;
  for (;;) {
    const name = makeObjectName(name1, name2, modlabel);
    if (!taken(name)) return name;
    pass++;
    modlabel = `${label}${pass}`;
  }
}

/** ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: column names joined by `_`, capped. */
export function columnsAddition(columns: readonly string[]): string {
  let out = '';
  for (const column of columns) {
    if (out !== '') out += '_';
    out += column;
    if (byteLength(out) >= MAX_IDENTIFIER_BYTES) break;
  }
  return out;
}

/** The default name of a serial column's sequence: `<table>_<column>_seq`. */
export function serialSequenceName(table: string, column: string, taken: (name: string) => boolean): string {
  return chooseName(table, column, 'seq', taken);
}
