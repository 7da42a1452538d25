// The schema the schema-aware check tests run against: in core's DDL catalog (unit tests) and on PostgreSQL (test/pg).
export const CHECK_SCHEMA = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email varchar(200), created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (
  id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, public_id uuid NOT NULL, status text NOT NULL,
  code char(3), paid boolean NOT NULL DEFAULT false, placed_on date NOT NULL, shipped_at timestamp, quantity smallint,
  total numeric(12,2), weight real, data jsonb, feeling mood, items positive, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE notes (id bigint PRIMARY KEY, customer_id bigint, body text, created_at timestamptz);
CREATE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 0';
`;
