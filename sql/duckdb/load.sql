-- The per-batch load on DuckDB, run in one transaction by the warehouse in the order below.
-- Staging tables are filled by the Appender before these statements run.

-- name: create_stage
-- Staging tables, temporary to the loading connection: filled by the Appender and emptied at the start of
-- every batch; no constraints on purpose. Two loaders on one database never see each other's staging rows.
CREATE TEMP TABLE IF NOT EXISTS STAGE_ORDERS (
    order_id VARCHAR, content_hash VARCHAR, order_ts TIMESTAMP, customer_id VARCHAR, name VARCHAR,
    email VARCHAR, region VARCHAR, source_topic VARCHAR, source_partition INTEGER, source_offset BIGINT
);
CREATE TEMP TABLE IF NOT EXISTS STAGE_LINES (
    order_id VARCHAR, line_number INTEGER, order_ts TIMESTAMP, product_id VARCHAR, product_name VARCHAR,
    category VARCHAR, unit_price DECIMAL(9,2), quantity INTEGER
);
CREATE TEMP TABLE IF NOT EXISTS STAGE_DATES AS SELECT * FROM DIM_DATE LIMIT 0;
CREATE TEMP TABLE IF NOT EXISTS STAGE_OFFSETS (topic VARCHAR, partition INTEGER, last_offset BIGINT);

-- name: clear_stage
DELETE FROM STAGE_ORDERS;
DELETE FROM STAGE_LINES;
DELETE FROM STAGE_DATES;
DELETE FROM STAGE_OFFSETS;

-- name: find_already_loaded
SELECT s.order_id, s.content_hash = e.content_hash AS same_content
FROM STAGE_ORDERS s JOIN ORDER_EVENTS e ON e.order_id = s.order_id;

-- name: drop_already_loaded
DELETE FROM STAGE_LINES WHERE order_id IN (SELECT order_id FROM ORDER_EVENTS);
DELETE FROM STAGE_ORDERS WHERE order_id IN (SELECT order_id FROM ORDER_EVENTS);

-- name: insert_dates
INSERT INTO DIM_DATE
SELECT * FROM STAGE_DATES s WHERE NOT EXISTS (SELECT 1 FROM DIM_DATE d WHERE d.date_key = s.date_key);

-- name: insert_order_events
INSERT INTO ORDER_EVENTS
SELECT order_id, content_hash, order_ts, customer_id, name, email, region,
       source_topic, source_partition, source_offset, now()::TIMESTAMP
FROM STAGE_ORDERS;

-- name: merge_products
-- Type 1: a product's name and category are those of its latest line by (order_ts, order_id, line_number).
CREATE OR REPLACE TEMP TABLE latest_staged_line AS
SELECT product_id, product_name, category, unit_price, order_ts, order_id, line_number
FROM STAGE_LINES
QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY order_ts DESC, order_id DESC, line_number DESC) = 1;
INSERT INTO DIM_PRODUCT
SELECT nextval('product_key_seq'), l.product_id, l.product_name, l.category, l.unit_price, NULL, NULL,
       l.order_ts, l.order_id, l.line_number, now()::TIMESTAMP
FROM latest_staged_line l
WHERE NOT EXISTS (SELECT 1 FROM DIM_PRODUCT p WHERE p.product_id = l.product_id);
UPDATE DIM_PRODUCT p
SET product_name = l.product_name, category = l.category, latest_order_ts = l.order_ts,
    latest_order_id = l.order_id, latest_line_number = l.line_number, updated_at = now()::TIMESTAMP
FROM latest_staged_line l
WHERE p.product_id = l.product_id
  AND (l.order_ts > p.latest_order_ts
       OR l.order_ts = p.latest_order_ts AND (l.order_id > p.latest_order_id
           OR l.order_id = p.latest_order_id AND l.line_number > p.latest_line_number));

-- name: insert_facts
-- customer_key is set by rebuild_customers, which knows the version valid at each order_ts.
INSERT INTO FACT_ORDERS
SELECT l.order_id, l.line_number, NULL, p.product_key,
       CAST(strftime(l.order_ts, '%Y%m%d') AS INTEGER),
       l.quantity, l.unit_price, CAST(l.quantity * l.unit_price AS DECIMAL(18,2)), l.order_ts,
       o.source_topic, o.source_partition, o.source_offset, now()::TIMESTAMP
FROM STAGE_LINES l
JOIN STAGE_ORDERS o ON o.order_id = l.order_id
JOIN DIM_PRODUCT p ON p.product_id = l.product_id;

-- name: reprice_products
-- Type 3 by event time: current price of the latest line, the price before the latest change and when
-- the current price began, over each touched product's whole line history (late lines included).
UPDATE DIM_PRODUCT p
SET current_price = x.current_price, previous_price = x.previous_price, price_changed_at = x.price_changed_at
FROM (
    WITH history AS (
        SELECT f.product_key, f.order_ts, f.order_id, f.line_number, f.unit_price,
               LAG(f.unit_price) OVER (PARTITION BY f.product_key
                                       ORDER BY f.order_ts, f.order_id, f.line_number) AS price_before
        FROM FACT_ORDERS f
        WHERE f.product_key IN (SELECT p2.product_key FROM DIM_PRODUCT p2
                                WHERE p2.product_id IN (SELECT product_id FROM latest_staged_line))
    ),
    latest AS (
        SELECT product_key, unit_price FROM history
        QUALIFY ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts DESC, order_id DESC, line_number DESC) = 1
    ),
    last_change AS (
        SELECT product_key, price_before, order_ts FROM history
        WHERE price_before <> unit_price
        QUALIFY ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts DESC, order_id DESC, line_number DESC) = 1
    )
    SELECT l.product_key, l.unit_price AS current_price, c.price_before AS previous_price, c.order_ts AS price_changed_at
    FROM latest l LEFT JOIN last_change c ON c.product_key = l.product_key
) x
WHERE p.product_key = x.product_key;

-- name: rebuild_customers
-- Type 2 by event time: a touched customer's orders sorted by (order_ts, order_id), consecutive equal
-- regions collapsed into one version. Unchanged versions keep their key, so only facts whose version
-- really changed are re-pointed.
CREATE OR REPLACE TEMP TABLE customer_order_versions AS
WITH history AS (
    SELECT e.customer_id, e.order_id, e.order_ts, e.region,
           CASE WHEN LAG(e.region) OVER (PARTITION BY e.customer_id ORDER BY e.order_ts, e.order_id)
                     IS DISTINCT FROM e.region THEN 1 ELSE 0 END AS starts_version
    FROM ORDER_EVENTS e
    WHERE e.customer_id IN (SELECT customer_id FROM STAGE_ORDERS)
)
SELECT customer_id, order_id, order_ts, region,
       SUM(starts_version) OVER (PARTITION BY customer_id ORDER BY order_ts, order_id
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS version
FROM history;
CREATE OR REPLACE TEMP TABLE customer_versions AS
WITH versions AS (
    SELECT customer_id, version, MIN(region) AS region, MIN(order_ts) AS valid_from
    FROM customer_order_versions GROUP BY customer_id, version
),
latest AS (
    SELECT e.customer_id, e.name, e.email FROM ORDER_EVENTS e
    WHERE e.customer_id IN (SELECT customer_id FROM STAGE_ORDERS)
    QUALIFY ROW_NUMBER() OVER (PARTITION BY e.customer_id ORDER BY e.order_ts DESC, e.order_id DESC) = 1
),
framed AS (
    SELECT v.customer_id, v.version, v.region, v.valid_from,
           LEAD(v.valid_from) OVER (PARTITION BY v.customer_id ORDER BY v.version) AS valid_to,
           v.version = MAX(v.version) OVER (PARTITION BY v.customer_id) AS is_current,
           l.name, l.email
    FROM versions v JOIN latest l ON l.customer_id = v.customer_id
)
SELECT f.*, c.customer_key AS kept_key
FROM framed f
LEFT JOIN DIM_CUSTOMER c
  ON c.customer_id = f.customer_id AND c.version = f.version AND c.region = f.region AND c.valid_from = f.valid_from;
DELETE FROM DIM_CUSTOMER
WHERE customer_id IN (SELECT customer_id FROM customer_versions)
  AND customer_key NOT IN (SELECT kept_key FROM customer_versions WHERE kept_key IS NOT NULL);
UPDATE DIM_CUSTOMER c
SET name = v.name, email = v.email, valid_to = v.valid_to, is_current = v.is_current, updated_at = now()::TIMESTAMP
FROM customer_versions v
WHERE c.customer_key = v.kept_key;
INSERT INTO DIM_CUSTOMER
SELECT nextval('customer_key_seq'), customer_id, version, name, email, region, valid_from, valid_to, is_current,
       now()::TIMESTAMP
FROM customer_versions WHERE kept_key IS NULL;
UPDATE FACT_ORDERS f
SET customer_key = c.customer_key
FROM customer_order_versions v
JOIN DIM_CUSTOMER c ON c.customer_id = v.customer_id AND c.version = v.version
WHERE f.order_id = v.order_id AND f.customer_key IS DISTINCT FROM c.customer_key;

-- name: save_offsets
INSERT INTO INGEST_OFFSETS
SELECT topic, partition, last_offset, now()::TIMESTAMP FROM STAGE_OFFSETS
ON CONFLICT (topic, partition) DO UPDATE
SET last_offset = greatest(INGEST_OFFSETS.last_offset, excluded.last_offset), updated_at = excluded.updated_at;

-- name: committed_offsets
SELECT topic, partition, last_offset FROM INGEST_OFFSETS;
