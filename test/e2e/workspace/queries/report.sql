-- Explain runs on the embedded PostgreSQL holding the schema of migrations/.
SELECT c.email, count(*) AS orders
FROM customers c
JOIN orders o ON o.customer_id = c.id
WHERE o.placed_at > now() - interval '30 days'
GROUP BY c.email;
