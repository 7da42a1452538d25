-- The first migration creates the schema: tables created here are new and empty, so indexing them
-- without CONCURRENTLY is fine and nothing below is reported as a locking problem.
CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id           serial PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id),
    status       varchar(20) NOT NULL DEFAULT 'new',
    total_cents  bigint NOT NULL,
    placed_at    timestamp NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_id_idx ON orders (customer_id);

CREATE TABLE order_events (
    order_id  integer NOT NULL,
    kind      text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
