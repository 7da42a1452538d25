/**
 * What the schema rules' documentation shares: the shop schema their examples run against, and where the
 * checks judge names.
 */
export const SHOP = [
  'CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
  'CREATE TABLE orders (',
  '    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
  '    customer_id bigint NOT NULL REFERENCES customers (id),',
  "    status text NOT NULL DEFAULT 'new',",
  '    created_at timestamptz NOT NULL DEFAULT now()',
  ');',
].join('\n');

export const WHERE_CHECKED =
  'Names are judged against the project\'s schema (its migrations applied in order, unsaved edits included; a ' +
  'connected database\'s catalog on top), only where that schema is complete enough to say something does not exist: ' +
  'a schema the project defines tables in, whose history is complete (no migration uses a table that no file creates), ' +
  'without extensions that create tables of their own. CTEs, temporary tables, system catalogs and what the file ' +
  'itself creates are never unknown.';
