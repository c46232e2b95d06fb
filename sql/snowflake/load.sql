-- The per-batch load on Snowflake, run in one transaction by the warehouse in the order below; the same
-- meaning as sql/duckdb/load.sql. DDL commits a Snowflake transaction, so every table a batch needs is
-- created once per connection (create_stage) and only emptied and filled inside the transaction.

-- name: create_stage
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_ORDERS (
    order_id VARCHAR, content_hash VARCHAR, order_ts TIMESTAMP_NTZ, customer_id VARCHAR, name VARCHAR,
    email VARCHAR, region VARCHAR, source_topic VARCHAR, source_partition NUMBER(9,0), source_offset NUMBER(19,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_LINES (
    order_id VARCHAR, line_number NUMBER(9,0), order_ts TIMESTAMP_NTZ, product_id VARCHAR, unit_price NUMBER(9,2),
    quantity NUMBER(9,0)
);
-- each product's latest new line of the batch, found in Java: the Type 1 candidate
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_PRODUCTS (
    product_id VARCHAR, product_name VARCHAR, category VARCHAR, unit_price NUMBER(9,2), order_ts TIMESTAMP_NTZ,
    order_id VARCHAR, line_number NUMBER(9,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_DATES LIKE DIM_DATE;
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_OFFSETS (topic VARCHAR, partition NUMBER(9,0), last_offset NUMBER(19,0));
CREATE TEMPORARY TABLE IF NOT EXISTS PRODUCT_FRONTIER (
    product_key NUMBER(19,0), first_ts TIMESTAMP_NTZ, first_order_id VARCHAR, first_line NUMBER(9,0),
    anchor_ts TIMESTAMP_NTZ, anchor_order_id VARCHAR, anchor_line NUMBER(9,0), anchor_price NUMBER(9,2)
);
CREATE TEMPORARY TABLE IF NOT EXISTS PRODUCT_NEW_RUNS LIKE PRODUCT_PRICE_RUNS;
CREATE TEMPORARY TABLE IF NOT EXISTS CUSTOMER_FRONTIER (
    customer_id VARCHAR, first_ts TIMESTAMP_NTZ, first_order_id VARCHAR, anchor_version NUMBER(9,0),
    anchor_region VARCHAR, anchor_ts TIMESTAMP_NTZ, anchor_order_id VARCHAR
);
CREATE TEMPORARY TABLE IF NOT EXISTS CUSTOMER_ORDER_VERSIONS (
    customer_id VARCHAR, order_id VARCHAR, order_ts TIMESTAMP_NTZ, region VARCHAR, name VARCHAR, email VARCHAR,
    stands_for_anchor BOOLEAN, version NUMBER(9,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS CUSTOMER_VERSIONS (
    customer_id VARCHAR, version NUMBER(9,0), region VARCHAR, valid_from TIMESTAMP_NTZ, start_order_id VARCHAR,
    valid_to TIMESTAMP_NTZ, is_current BOOLEAN, kept_key NUMBER(19,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS CUSTOMER_LATEST (customer_id VARCHAR, name VARCHAR, email VARCHAR);
CREATE TEMPORARY TABLE IF NOT EXISTS MOVED_ORDERS (order_id VARCHAR, customer_key NUMBER(19,0));

-- name: clear_stage
DELETE FROM STAGE_ORDERS;
DELETE FROM STAGE_LINES;
DELETE FROM STAGE_PRODUCTS;
DELETE FROM STAGE_DATES;
DELETE FROM STAGE_OFFSETS;

-- name: lock
-- The batch's first write to a shared table, after staging: Snowflake runs DML at read committed and INSERTs
-- do not block each other, but an UPDATE locks its table until commit, so loaders run the steps after this
-- one batch at a time, each statement seeing what the batch before committed.
UPDATE LOAD_LOCK SET batches = batches + 1, updated_at = SYSDATE() WHERE name = 'load';

-- name: find_already_loaded
SELECT s.order_id, s.content_hash = e.content_hash AS same_content
FROM STAGE_ORDERS s JOIN ORDER_EVENTS e ON e.order_id = s.order_id;

-- name: drop_already_loaded
-- only the staged order ids are looked up, not every loaded order
DELETE FROM STAGE_LINES WHERE order_id IN (SELECT s.order_id FROM STAGE_ORDERS s JOIN ORDER_EVENTS e ON e.order_id = s.order_id);
DELETE FROM STAGE_ORDERS WHERE order_id IN (SELECT order_id FROM ORDER_EVENTS WHERE order_id IN (SELECT order_id FROM STAGE_ORDERS));

-- name: insert_dates
INSERT INTO DIM_DATE
SELECT * FROM STAGE_DATES s WHERE NOT EXISTS (SELECT 1 FROM DIM_DATE d WHERE d.date_key = s.date_key);

-- name: insert_order_events
INSERT INTO ORDER_EVENTS
SELECT order_id, content_hash, order_ts, customer_id, name, email, region,
       source_topic, source_partition, source_offset, SYSDATE()
FROM STAGE_ORDERS;

-- name: merge_products
MERGE INTO DIM_PRODUCT p
USING STAGE_PRODUCTS l ON p.product_id = l.product_id
WHEN MATCHED AND (l.order_ts > p.latest_order_ts
                  OR l.order_ts = p.latest_order_ts AND (l.order_id > p.latest_order_id
                      OR l.order_id = p.latest_order_id AND l.line_number > p.latest_line_number)) THEN UPDATE
    SET product_name = l.product_name, category = l.category, latest_order_ts = l.order_ts,
        latest_order_id = l.order_id, latest_line_number = l.line_number, updated_at = SYSDATE()
WHEN NOT MATCHED THEN INSERT (product_key, product_id, product_name, category, current_price, latest_order_ts,
                              latest_order_id, latest_line_number, updated_at)
    VALUES (product_key_seq.NEXTVAL, l.product_id, l.product_name, l.category, l.unit_price, l.order_ts,
            l.order_id, l.line_number, SYSDATE());

-- name: reprice_products
DELETE FROM PRODUCT_FRONTIER;
INSERT INTO PRODUCT_FRONTIER
WITH first_staged AS (
    SELECT p.product_key, s.order_ts, s.order_id, s.line_number
    FROM STAGE_LINES s JOIN DIM_PRODUCT p ON p.product_id = s.product_id
    QUALIFY ROW_NUMBER() OVER (PARTITION BY p.product_key ORDER BY s.order_ts, s.order_id, s.line_number) = 1
)
SELECT s.product_key, s.order_ts, s.order_id, s.line_number, r.run_ts, r.run_order_id, r.run_line, r.price
FROM first_staged s
LEFT JOIN PRODUCT_PRICE_RUNS r
  ON r.product_key = s.product_key
 AND (r.run_ts < s.order_ts OR r.run_ts = s.order_ts AND (r.run_order_id < s.order_id
      OR r.run_order_id = s.order_id AND r.run_line < s.line_number))
QUALIFY ROW_NUMBER() OVER (PARTITION BY s.product_key
                           ORDER BY r.run_ts DESC NULLS LAST, r.run_order_id DESC, r.run_line DESC) = 1;
DELETE FROM PRODUCT_NEW_RUNS;
INSERT INTO PRODUCT_NEW_RUNS
WITH lines AS (
    SELECT product_key, anchor_ts AS order_ts, anchor_order_id AS order_id, anchor_line AS line_number,
           anchor_price AS unit_price
    FROM PRODUCT_FRONTIER WHERE anchor_ts IS NOT NULL
    UNION ALL
    SELECT f.product_key, f.order_ts, f.order_id, f.line_number, f.unit_price
    FROM FACT_ORDERS f JOIN PRODUCT_FRONTIER fr ON fr.product_key = f.product_key
    WHERE f.order_ts >= (SELECT MIN(first_ts) FROM PRODUCT_FRONTIER)
      AND (f.order_ts > fr.first_ts OR f.order_ts = fr.first_ts AND (f.order_id > fr.first_order_id
           OR f.order_id = fr.first_order_id AND f.line_number >= fr.first_line))
    UNION ALL
    SELECT p.product_key, s.order_ts, s.order_id, s.line_number, s.unit_price
    FROM STAGE_LINES s JOIN DIM_PRODUCT p ON p.product_id = s.product_id
)
SELECT product_key, order_ts, order_id, line_number, unit_price
FROM (
    SELECT product_key, order_ts, order_id, line_number, unit_price,
           LAG(unit_price) OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) AS price_before
    FROM lines
)
WHERE price_before IS NULL OR price_before <> unit_price;
DELETE FROM PRODUCT_PRICE_RUNS r
USING PRODUCT_FRONTIER f
WHERE r.product_key = f.product_key
  AND (f.anchor_ts IS NULL OR r.run_ts > f.anchor_ts OR r.run_ts = f.anchor_ts AND (r.run_order_id > f.anchor_order_id
       OR r.run_order_id = f.anchor_order_id AND r.run_line >= f.anchor_line));
INSERT INTO PRODUCT_PRICE_RUNS SELECT * FROM PRODUCT_NEW_RUNS;
UPDATE DIM_PRODUCT p
SET current_price = x.price, previous_price = x.previous_price, price_changed_at = x.price_changed_at
FROM (
    SELECT product_key, price,
           LAG(price) OVER (PARTITION BY product_key ORDER BY run_ts, run_order_id, run_line) AS previous_price,
           CASE WHEN LAG(price) OVER (PARTITION BY product_key ORDER BY run_ts, run_order_id, run_line) IS NOT NULL
                THEN run_ts END AS price_changed_at
    FROM PRODUCT_PRICE_RUNS
    WHERE product_key IN (SELECT product_key FROM PRODUCT_FRONTIER)
    QUALIFY ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY run_ts DESC, run_order_id DESC, run_line DESC) = 1
) x
WHERE p.product_key = x.product_key;

-- name: rebuild_customers
DELETE FROM CUSTOMER_FRONTIER;
INSERT INTO CUSTOMER_FRONTIER
WITH first_staged AS (
    SELECT customer_id, order_ts, order_id FROM STAGE_ORDERS
    QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_ts, order_id) = 1
)
SELECT s.customer_id, s.order_ts, s.order_id, a.version, a.region, a.valid_from, a.start_order_id
FROM first_staged s
LEFT JOIN DIM_CUSTOMER a
  ON a.customer_id = s.customer_id
 AND (a.valid_from < s.order_ts OR a.valid_from = s.order_ts AND a.start_order_id < s.order_id)
QUALIFY ROW_NUMBER() OVER (PARTITION BY s.customer_id ORDER BY a.version DESC NULLS LAST) = 1;
DELETE FROM CUSTOMER_ORDER_VERSIONS;
INSERT INTO CUSTOMER_ORDER_VERSIONS
WITH orders AS (
    SELECT customer_id, anchor_ts AS order_ts, anchor_order_id AS order_id, anchor_region AS region,
           NULL AS name, NULL AS email, TRUE AS stands_for_anchor
    FROM CUSTOMER_FRONTIER WHERE anchor_version IS NOT NULL
    UNION ALL
    SELECT e.customer_id, e.order_ts, e.order_id, e.region, e.name, e.email, FALSE
    FROM ORDER_EVENTS e JOIN CUSTOMER_FRONTIER f ON f.customer_id = e.customer_id
    WHERE e.order_ts >= (SELECT MIN(first_ts) FROM CUSTOMER_FRONTIER)
      AND (e.order_ts > f.first_ts OR e.order_ts = f.first_ts AND e.order_id >= f.first_order_id)
),
marked AS (
    SELECT o.*, CASE WHEN LAG(o.region) OVER (PARTITION BY o.customer_id ORDER BY o.order_ts, o.order_id)
                          IS DISTINCT FROM o.region THEN 1 ELSE 0 END AS starts_version
    FROM orders o
)
SELECT m.customer_id, m.order_id, m.order_ts, m.region, m.name, m.email, m.stands_for_anchor,
       COALESCE(f.anchor_version, 1) - 1
         + SUM(m.starts_version) OVER (PARTITION BY m.customer_id ORDER BY m.order_ts, m.order_id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
FROM marked m JOIN CUSTOMER_FRONTIER f ON f.customer_id = m.customer_id;
DELETE FROM CUSTOMER_VERSIONS;
INSERT INTO CUSTOMER_VERSIONS
WITH versions AS (
    SELECT customer_id, version, MIN(region) AS region, MIN(order_ts) AS valid_from,
           ARRAY_AGG(order_id) WITHIN GROUP (ORDER BY order_ts, order_id)[0]::VARCHAR AS start_order_id
    FROM CUSTOMER_ORDER_VERSIONS GROUP BY customer_id, version
),
framed AS (
    SELECT v.*, LEAD(v.valid_from) OVER (PARTITION BY v.customer_id ORDER BY v.version) AS valid_to,
           v.version = MAX(v.version) OVER (PARTITION BY v.customer_id) AS is_current
    FROM versions v
)
SELECT f.customer_id, f.version, f.region, f.valid_from, f.start_order_id, f.valid_to, f.is_current, c.customer_key
FROM framed f
LEFT JOIN DIM_CUSTOMER c
  ON c.customer_id = f.customer_id AND c.version = f.version AND c.region = f.region
 AND c.valid_from = f.valid_from AND c.start_order_id = f.start_order_id;
DELETE FROM CUSTOMER_LATEST;
INSERT INTO CUSTOMER_LATEST
SELECT customer_id, name, email FROM CUSTOMER_ORDER_VERSIONS WHERE NOT stands_for_anchor
QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_ts DESC, order_id DESC) = 1;
DELETE FROM DIM_CUSTOMER c
USING CUSTOMER_FRONTIER f
WHERE c.customer_id = f.customer_id AND c.version >= COALESCE(f.anchor_version, 1)
  AND c.customer_key NOT IN (SELECT kept_key FROM CUSTOMER_VERSIONS WHERE kept_key IS NOT NULL);
UPDATE DIM_CUSTOMER c
SET valid_to = v.valid_to, is_current = v.is_current, updated_at = SYSDATE()
FROM CUSTOMER_VERSIONS v
WHERE c.customer_key = v.kept_key AND (c.valid_to IS DISTINCT FROM v.valid_to OR c.is_current <> v.is_current);
INSERT INTO DIM_CUSTOMER (customer_key, customer_id, version, name, email, region, valid_from, valid_to,
                          is_current, start_order_id, updated_at)
SELECT customer_key_seq.NEXTVAL, v.customer_id, v.version, l.name, l.email, v.region, v.valid_from, v.valid_to,
       v.is_current, v.start_order_id, SYSDATE()
FROM CUSTOMER_VERSIONS v JOIN CUSTOMER_LATEST l ON l.customer_id = v.customer_id
WHERE v.kept_key IS NULL;
UPDATE DIM_CUSTOMER c
SET name = l.name, email = l.email, updated_at = SYSDATE()
FROM CUSTOMER_LATEST l
WHERE c.customer_id = l.customer_id AND (c.name IS DISTINCT FROM l.name OR c.email IS DISTINCT FROM l.email);
DELETE FROM MOVED_ORDERS;
INSERT INTO MOVED_ORDERS
SELECT v.order_id, c.customer_key
FROM CUSTOMER_ORDER_VERSIONS v
JOIN DIM_CUSTOMER c ON c.customer_id = v.customer_id AND c.version = v.version
WHERE NOT v.stands_for_anchor
  AND v.order_id NOT IN (SELECT order_id FROM STAGE_ORDERS)
  AND c.customer_key NOT IN (SELECT kept_key FROM CUSTOMER_VERSIONS WHERE kept_key IS NOT NULL);
UPDATE FACT_ORDERS f
SET customer_key = m.customer_key
FROM MOVED_ORDERS m
WHERE f.order_id = m.order_id;

-- name: insert_facts
INSERT INTO FACT_ORDERS
SELECT l.order_id, l.line_number, c.customer_key, p.product_key,
       TO_NUMBER(TO_CHAR(l.order_ts, 'YYYYMMDD')),
       l.quantity, l.unit_price, CAST(l.quantity * l.unit_price AS NUMBER(18,2)), l.order_ts,
       o.source_topic, o.source_partition, o.source_offset, SYSDATE()
FROM STAGE_LINES l
JOIN STAGE_ORDERS o ON o.order_id = l.order_id
JOIN DIM_PRODUCT p ON p.product_id = l.product_id
JOIN CUSTOMER_ORDER_VERSIONS v ON v.order_id = l.order_id AND NOT v.stands_for_anchor
JOIN DIM_CUSTOMER c ON c.customer_id = v.customer_id AND c.version = v.version;

-- name: save_offsets
MERGE INTO INGEST_OFFSETS o
USING STAGE_OFFSETS s ON o.topic = s.topic AND o.partition = s.partition
WHEN MATCHED THEN UPDATE SET last_offset = GREATEST(o.last_offset, s.last_offset), updated_at = SYSDATE()
WHEN NOT MATCHED THEN INSERT (topic, partition, last_offset, updated_at)
    VALUES (s.topic, s.partition, s.last_offset, SYSDATE());

-- name: committed_offsets
SELECT topic, partition, last_offset FROM INGEST_OFFSETS;
