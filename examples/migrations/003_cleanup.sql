SET lock_timeout = '5s';

-- pg-architect-ignore ban-drop-column -- nothing has read this column since the v2 API was retired
ALTER TABLE customers DROP COLUMN created_at;

DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;
