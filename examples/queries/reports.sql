-- Everyday queries with classic traps.

-- Customers who never ordered: NOT IN returns no rows at all once one customer_id is NULL.
SELECT c.id, c.email
FROM customers c
WHERE c.id NOT IN (SELECT o.customer_id FROM orders o);

-- Orders not yet shipped: "= NULL" is never true.
SELECT id, placed_at
FROM orders
WHERE shipped_at = NULL;

-- Housekeeping that empties the whole table.
DELETE FROM order_events;
