/**
 * Whether a foreign key column's type matches the key it references, as the per-file rule
 * (foreign-key-type-mismatch) and the workspace check (core/semantics/cross-file-checks.ts) judge it: types are
 * compared by family (serials as the integers they are, varchar as text, numeric whatever its precision), and a
 * wider integer than the referenced one is accepted (it cannot overflow first).
 */

/** Canonical names of built-in types by typname or SQL name; undefined for types that are not judged. */
const CANONICAL: Readonly<Record<string, string>> = {
  int2: 'smallint', smallint: 'smallint', smallserial: 'smallint', serial2: 'smallint',
  int4: 'integer', int: 'integer', integer: 'integer', serial: 'integer', serial4: 'integer',
  int8: 'bigint', bigint: 'bigint', bigserial: 'bigint', serial8: 'bigint',
  numeric: 'numeric', decimal: 'numeric',
  uuid: 'uuid',
  text: 'text', varchar: 'text', 'character varying': 'text', bpchar: 'character', character: 'character',
  date: 'date', timestamp: 'timestamp', 'timestamp without time zone': 'timestamp', timestamptz: 'timestamptz', 'timestamp with time zone': 'timestamptz',
};

const INTEGERS = ['smallint', 'integer', 'bigint'];

/** The judged family of a type name (`int4`, `varchar`, `character varying`), `[]` appended for arrays. */
export function keyTypeFamily(name: string, array: boolean): string | undefined {
  const c = CANONICAL[name];
  if (!c) return undefined;
  return array ? `${c}[]` : c;
}

/** The family of a catalog column type in format_type form (`character varying(20)`, `integer[]`). */
export function displayTypeFamily(display: string): string | undefined {
  const array = display.endsWith('[]');
  const base = (array ? display.slice(0, -2) : display).replace(/\(\s*[-\d\s,]*\)/g, '').replace(/\s+/g, ' ').trim();
  return keyTypeFamily(base, array);
}

/** Undefined when `mine` may reference `theirs`; else whether `mine` is the narrower integer (it overflows first). */
export function keyTypeMismatch(mine: string, theirs: string): { readonly narrower: boolean } | undefined {
  if (mine === theirs) return undefined;
  const a = INTEGERS.indexOf(mine);
  const b = INTEGERS.indexOf(theirs);
  if (a >= 0 && b >= 0 && a > b) return undefined;
  return { narrower: a >= 0 && b >= 0 && a < b };
}

/** `orders.customer_id is integer but references customers.id (bigint)...; use bigint.` */
export function keyTypeMessage(column: string, mine: string, referenced: string, theirs: string, overflowingTable: string | undefined, replacement: string): string {
  return `${column} is ${mine} but references ${referenced} (${theirs})${overflowingTable ? `: it overflows once ${overflowingTable} ids outgrow ${mine}` : ''}; use ${replacement}.`;
}
