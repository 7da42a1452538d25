-- An existing table (created by 001) gets an index: the squiggle, the quick fix and the lock hover are tested here.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
