-- A later migration on tables that already hold production data: every statement below takes a lock
-- that someone waits on. Hover a statement in VS Code to see which lock, what it blocks, and for how long.

ALTER TABLE orders ADD COLUMN shipped_at timestamptz;

CREATE INDEX orders_status_idx ON orders (status);

ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total_cents >= 0);

ALTER TABLE order_events ADD CONSTRAINT order_events_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);

ALTER TABLE orders ALTER COLUMN status SET NOT NULL;

ALTER TABLE orders ALTER COLUMN total_cents TYPE numeric(12, 2);

ALTER TABLE customers RENAME COLUMN name TO full_name;

ALTER TABLE orders ADD COLUMN tracking_token uuid DEFAULT gen_random_uuid();
