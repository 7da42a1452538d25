-- An existing table gets an index: the squiggle, the quick fix and the lock hover are tested on this file.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
