// Shared fixtures for the semantics tests: a small schema built by core's DDL catalog (real parser output).
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import type { CatalogView } from '../../../core/catalog/catalog';
import { parseDocument, type SqlDocument } from '../../../core/parse/document';
import { SchemaLookup } from '../../../core/semantics/lookup';

export const SCHEMA = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'new',
  total numeric(12,2)
);
CREATE INDEX orders_customer_idx ON orders (customer_id, status);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE moods (id int, feeling mood);
CREATE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 1';
`;

export function schemaCatalog(sql = SCHEMA): CatalogView {
  return buildCatalog([{ path: 'file:///ws/V1__init.sql', text: sql }]).catalog;
}

export function lookupOf(sql = SCHEMA): SchemaLookup {
  return new SchemaLookup([schemaCatalog(sql)]);
}

/** `text` with `|` marking a cursor: the parsed document (without the bar) and the cursor's offset. */
export function at(text: string): { document: SqlDocument; offset: number } {
  const offset = text.indexOf('|');
  return { document: parseDocument(text.replace('|', ''), 'file:///ws/query.sql'), offset };
}
