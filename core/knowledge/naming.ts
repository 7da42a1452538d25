/**
 * PostgreSQL's names for things: identifier quoting (PostgreSQL's own keyword list, through catalog/names.ts), and
 * the default constraint names it chooses
 * (ChooseConstraintName / makeObjectName: `<table>_<columns>_<label>`, cut to NAMEDATALEN - 1 bytes).
 */
import { quoteIdentifier } from '../catalog/names';

/** An identifier as SQL text, quoted exactly when PostgreSQL's quote_ident would (its keyword list: catalog/names.ts). */
export { quoteIdentifier };

/** `schema.name` from its parts, each quoted as needed. */
export function quoteQualified(schema: string | undefined, name: string): string {
  return schema ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
}

/** PostgreSQL's identifier length and name construction, as the catalog applies them (one copy: catalog/ddl/naming.ts). */
export { clipBytes as cutToBytes, makeObjectName, MAX_IDENTIFIER_BYTES } from '../catalog/ddl/naming';
import { makeObjectName } from '../catalog/ddl/naming';

/** The name PostgreSQL gives an unnamed constraint: `orders_customer_id_fkey`, `orders_total_check`. */
export function defaultConstraintName(table: string, columns: readonly string[], label: 'fkey' | 'check' | 'key' | 'pkey' | 'not_null' | 'excl'): string {
  return makeObjectName(table, columns.join('_'), label);
}
