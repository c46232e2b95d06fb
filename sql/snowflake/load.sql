-- The per-batch load on Snowflake, run in one transaction by the warehouse in the order below; the same
-- meaning as sql/duckdb/load.sql and sql/postgres/load.sql. DDL commits a Snowflake transaction, so every
-- table a batch needs is created once per connection (create_stage) and only emptied and filled inside the
-- transaction. Snowflake prunes the micro-partitions of a stored table with constants and session variables,
-- not with a join or a correlated subquery, so every read of ORDER_EVENTS, FACT_ORDERS and PRODUCT_PRICE_RUNS
-- is bounded by session variables set from the batch's own keys (SET var = (SELECT ...), read as $var);
-- bounds of an empty set are NULL and select nothing. No tuple comparisons: (a, b, c) < (x, y, z) is spelled out.

-- name: create_stage
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_ORDERS (
    order_id VARCHAR, content_hash VARCHAR, order_ts TIMESTAMP_NTZ, customer_id VARCHAR, name VARCHAR,
    email VARCHAR, region VARCHAR, source_topic VARCHAR, source_partition NUMBER(9,0), source_offset NUMBER(19,0)
);
-- price_run_from and price_run_end, the line's run among the batch's lines of its product, are read on DuckDB only
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_LINES (
    order_id VARCHAR, line_number NUMBER(9,0), order_ts TIMESTAMP_NTZ, product_id VARCHAR, unit_price NUMBER(9,2),
    quantity NUMBER(9,0), price_run_from TIMESTAMP_NTZ, price_run_end BOOLEAN
);
-- each product's latest new line of the batch, found in Java: the Type 1 candidate
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_PRODUCTS (
    product_id VARCHAR, product_name VARCHAR, category VARCHAR, unit_price NUMBER(9,2), order_ts TIMESTAMP_NTZ,
    order_id VARCHAR, line_number NUMBER(9,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_DATES LIKE DIM_DATE;
CREATE TEMPORARY TABLE IF NOT EXISTS STAGE_OFFSETS (topic VARCHAR, partition NUMBER(9,0), last_offset NUMBER(19,0));
-- reprice_products' working tables: each staged line with the run in force where it falls, those inside a
-- run of another price, each product's anchor, the stored lines around a split, the recomputed runs
CREATE TEMPORARY TABLE IF NOT EXISTS STAGED_PRICE_LINES (
    product_key NUMBER(19,0), order_ts TIMESTAMP_NTZ, order_id VARCHAR, line_number NUMBER(9,0), price NUMBER(9,2),
    run_price NUMBER(9,2), run_ts TIMESTAMP_NTZ, run_order_id VARCHAR, run_line NUMBER(9,0),
    last_ts TIMESTAMP_NTZ, last_order_id VARCHAR, last_line NUMBER(9,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS LINES_INSIDE_RUNS LIKE STAGED_PRICE_LINES;
CREATE TEMPORARY TABLE IF NOT EXISTS PRODUCT_FRONTIER (
    product_key NUMBER(19,0), first_ts TIMESTAMP_NTZ, anchor_ts TIMESTAMP_NTZ, anchor_order_id VARCHAR,
    anchor_line NUMBER(9,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS PRODUCT_SPLIT_LINES (
    product_key NUMBER(19,0), price NUMBER(9,2), order_ts TIMESTAMP_NTZ, order_id VARCHAR, line_number NUMBER(9,0)
);
CREATE TEMPORARY TABLE IF NOT EXISTS PRODUCT_NEW_RUNS (
    product_key NUMBER(19,0), run_ts TIMESTAMP_NTZ, run_order_id VARCHAR, run_line NUMBER(9,0), price NUMBER(9,2),
    last_ts TIMESTAMP_NTZ, last_order_id VARCHAR, last_line NUMBER(9,0)
);
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
CREATE TEMPORARY TABLE IF NOT EXISTS MOVED_ORDERS (order_id VARCHAR, order_ts TIMESTAMP_NTZ, customer_key NUMBER(19,0));

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
-- The staged order ids' range bounds the look-ups of ORDER_EVENTS below. Set under the lock, from the batch as
-- collected: the fence may leave out some of its orders, never add any, so the range still covers them.
SET batch_first_order_id = (SELECT MIN(order_id) FROM STAGE_ORDERS);
SET batch_last_order_id = (SELECT MAX(order_id) FROM STAGE_ORDERS);

-- name: find_already_loaded
SELECT s.order_id, s.content_hash = e.content_hash AS same_content
FROM STAGE_ORDERS s JOIN ORDER_EVENTS e ON e.order_id = s.order_id
WHERE e.order_id BETWEEN $batch_first_order_id AND $batch_last_order_id;

-- name: drop_already_loaded
DELETE FROM STAGE_LINES l USING ORDER_EVENTS e
WHERE e.order_id = l.order_id AND e.order_id BETWEEN $batch_first_order_id AND $batch_last_order_id;
DELETE FROM STAGE_ORDERS s USING ORDER_EVENTS e
WHERE e.order_id = s.order_id AND e.order_id BETWEEN $batch_first_order_id AND $batch_last_order_id;

-- name: insert_order_events
INSERT INTO ORDER_EVENTS
SELECT order_id, content_hash, order_ts, customer_id, name, email, region,
       source_topic, source_partition, source_offset, SYSDATE()
FROM STAGE_ORDERS;

-- name: insert_dates
INSERT INTO DIM_DATE
SELECT * FROM STAGE_DATES s WHERE NOT EXISTS (SELECT 1 FROM DIM_DATE d WHERE d.date_key = s.date_key);

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

-- name: place_price_lines
-- Type 3 by event time from the price runs, as in sql/postgres/load.sql: each staged line with the run in force
-- where it falls; stored lines are read only right before and after a staged line that splits a run of
-- another price; the runs from the anchor (the run before the first staged line) on are replaced. A position
-- in event time is (order_ts, order_id, line_number); runs carry their first and last line.
-- no run that starts after the batch's last line is in force at any of its lines
SET batch_last_ts = (SELECT MAX(order_ts) FROM STAGE_LINES);
DELETE FROM STAGED_PRICE_LINES;
INSERT INTO STAGED_PRICE_LINES
SELECT s.product_key, s.order_ts, s.order_id, s.line_number, s.price, r.price,
       r.run_ts, r.run_order_id, r.run_line, r.last_ts, r.last_order_id, r.last_line
FROM (SELECT p.product_key, s.order_ts, s.order_id, s.line_number, s.unit_price AS price
      FROM STAGE_LINES s JOIN DIM_PRODUCT p ON p.product_id = s.product_id) s
LEFT JOIN PRODUCT_PRICE_RUNS r
  ON r.product_key = s.product_key AND r.run_ts <= $batch_last_ts
 AND (r.run_ts < s.order_ts OR r.run_ts = s.order_ts AND (r.run_order_id < s.order_id
      OR r.run_order_id = s.order_id AND r.run_line < s.line_number))
QUALIFY ROW_NUMBER() OVER (PARTITION BY s.product_key, s.order_id, s.line_number
                           ORDER BY r.run_ts DESC NULLS LAST, r.run_order_id DESC, r.run_line DESC) = 1;
-- emptied here, since read_split_lines, which fills it, is skipped when there is nothing to read
DELETE FROM PRODUCT_SPLIT_LINES;
DELETE FROM LINES_INSIDE_RUNS;
INSERT INTO LINES_INSIDE_RUNS
SELECT * FROM STAGED_PRICE_LINES
WHERE price <> run_price
  AND (order_ts < last_ts OR order_ts = last_ts AND (order_id < last_order_id
       OR order_id = last_order_id AND line_number < last_line));

-- name: read_split_lines
-- Run only when place_price_lines found lines inside runs: without them it would read nothing.
-- the stored lines right before and right after each staged line inside a run of another price, both within
-- that run: only the runs that are split are read, and only in their time span
SET split_first_ts = (SELECT MIN(run_ts) FROM LINES_INSIDE_RUNS);
SET split_last_ts = (SELECT MAX(last_ts) FROM LINES_INSIDE_RUNS);
INSERT INTO PRODUCT_SPLIT_LINES
SELECT d.product_key, d.run_price, f.order_ts, f.order_id, f.line_number
FROM LINES_INSIDE_RUNS d
JOIN FACT_ORDERS f
  ON f.product_key = d.product_key AND f.order_ts BETWEEN $split_first_ts AND $split_last_ts
 AND (f.order_ts > d.run_ts OR f.order_ts = d.run_ts AND (f.order_id > d.run_order_id
      OR f.order_id = d.run_order_id AND f.line_number >= d.run_line))
 AND (f.order_ts < d.order_ts OR f.order_ts = d.order_ts AND (f.order_id < d.order_id
      OR f.order_id = d.order_id AND f.line_number < d.line_number))
QUALIFY ROW_NUMBER() OVER (PARTITION BY d.product_key, d.order_id, d.line_number
                           ORDER BY f.order_ts DESC, f.order_id DESC, f.line_number DESC) = 1;
INSERT INTO PRODUCT_SPLIT_LINES
SELECT d.product_key, d.run_price, f.order_ts, f.order_id, f.line_number
FROM LINES_INSIDE_RUNS d
JOIN FACT_ORDERS f
  ON f.product_key = d.product_key AND f.order_ts BETWEEN $split_first_ts AND $split_last_ts
 AND (f.order_ts > d.order_ts OR f.order_ts = d.order_ts AND (f.order_id > d.order_id
      OR f.order_id = d.order_id AND f.line_number > d.line_number))
 AND (f.order_ts < d.last_ts OR f.order_ts = d.last_ts AND (f.order_id < d.last_order_id
      OR f.order_id = d.last_order_id AND f.line_number <= d.last_line))
QUALIFY ROW_NUMBER() OVER (PARTITION BY d.product_key, d.order_id, d.line_number
                           ORDER BY f.order_ts, f.order_id, f.line_number) = 1;

-- name: reprice_products
-- a line inside a run at the run's price changes nothing, unless another staged line splits that run
DELETE FROM STAGED_PRICE_LINES s
WHERE s.price = s.run_price
  AND (s.order_ts < s.last_ts OR s.order_ts = s.last_ts AND (s.order_id < s.last_order_id
       OR s.order_id = s.last_order_id AND s.line_number < s.last_line))
  AND NOT EXISTS (SELECT 1 FROM LINES_INSIDE_RUNS d
                  WHERE d.product_key = s.product_key AND d.run_ts = s.run_ts AND d.run_order_id = s.run_order_id
                    AND d.run_line = s.run_line);
DELETE FROM PRODUCT_FRONTIER;
INSERT INTO PRODUCT_FRONTIER
SELECT product_key, order_ts, run_ts, run_order_id, run_line
FROM STAGED_PRICE_LINES
QUALIFY ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) = 1;
-- a product without an anchor has no run before its first staged line: all its runs start after that line
SET runs_from = (SELECT MIN(COALESCE(anchor_ts, first_ts)) FROM PRODUCT_FRONTIER);
DELETE FROM PRODUCT_NEW_RUNS;
INSERT INTO PRODUCT_NEW_RUNS
WITH replaced_runs AS (
    SELECT r.* FROM PRODUCT_PRICE_RUNS r JOIN PRODUCT_FRONTIER f ON f.product_key = r.product_key
    WHERE r.run_ts >= $runs_from
      AND (f.anchor_ts IS NULL OR r.run_ts > f.anchor_ts OR r.run_ts = f.anchor_ts AND (r.run_order_id > f.anchor_order_id
           OR r.run_order_id = f.anchor_order_id AND r.run_line >= f.anchor_line))
),
points AS (
    -- stored points can coincide (a one-line run, a line next to two staged ones); staged ones cannot
    SELECT product_key, run_ts AS order_ts, run_order_id AS order_id, run_line AS line_number, price FROM replaced_runs
    UNION
    SELECT product_key, last_ts, last_order_id, last_line, price FROM replaced_runs
    UNION
    SELECT product_key, order_ts, order_id, line_number, price FROM PRODUCT_SPLIT_LINES
    UNION ALL
    SELECT product_key, order_ts, order_id, line_number, price FROM STAGED_PRICE_LINES
),
marked AS (
    SELECT p.*,
           LAG(price) OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) IS DISTINCT FROM price AS starts_run,
           LEAD(price) OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) IS DISTINCT FROM price AS ends_run
    FROM points p
),
run_starts AS (
    SELECT m.*, ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) AS run_number
    FROM marked m WHERE starts_run
),
run_ends AS (
    SELECT m.*, ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) AS run_number
    FROM marked m WHERE ends_run
)
SELECT s.product_key, s.order_ts, s.order_id, s.line_number, s.price, e.order_ts, e.order_id, e.line_number
FROM run_starts s JOIN run_ends e ON e.product_key = s.product_key AND e.run_number = s.run_number;
DELETE FROM PRODUCT_PRICE_RUNS r
USING PRODUCT_FRONTIER f
WHERE r.product_key = f.product_key AND r.run_ts >= $runs_from
  AND (f.anchor_ts IS NULL OR r.run_ts > f.anchor_ts OR r.run_ts = f.anchor_ts AND (r.run_order_id > f.anchor_order_id
       OR r.run_order_id = f.anchor_order_id AND r.run_line >= f.anchor_line));
INSERT INTO PRODUCT_PRICE_RUNS (product_key, run_ts, run_order_id, run_line, price, last_ts, last_order_id, last_line)
SELECT product_key, run_ts, run_order_id, run_line, price, last_ts, last_order_id, last_line FROM PRODUCT_NEW_RUNS;
-- the last two runs give current_price, previous_price and price_changed_at
UPDATE DIM_PRODUCT p
SET current_price = x.price, previous_price = x.previous_price,
    price_changed_at = CASE WHEN x.previous_price IS NOT NULL THEN x.run_ts END
FROM (
    SELECT r.product_key, r.run_ts, r.price,
           LAG(r.price) OVER (PARTITION BY r.product_key ORDER BY r.run_ts, r.run_order_id, r.run_line) AS previous_price
    FROM PRODUCT_PRICE_RUNS r JOIN PRODUCT_FRONTIER f ON f.product_key = r.product_key
    QUALIFY ROW_NUMBER() OVER (PARTITION BY r.product_key ORDER BY r.run_ts DESC, r.run_order_id DESC, r.run_line DESC) = 1
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
-- the customers' orders are read again from the earliest first staged order on
SET customers_from = (SELECT MIN(first_ts) FROM CUSTOMER_FRONTIER);
DELETE FROM CUSTOMER_ORDER_VERSIONS;
INSERT INTO CUSTOMER_ORDER_VERSIONS
WITH orders AS (
    SELECT customer_id, anchor_ts AS order_ts, anchor_order_id AS order_id, anchor_region AS region,
           NULL AS name, NULL AS email, TRUE AS stands_for_anchor
    FROM CUSTOMER_FRONTIER WHERE anchor_version IS NOT NULL
    UNION ALL
    SELECT e.customer_id, e.order_ts, e.order_id, e.region, e.name, e.email, FALSE
    FROM ORDER_EVENTS e JOIN CUSTOMER_FRONTIER f ON f.customer_id = e.customer_id
    WHERE e.order_ts >= $customers_from
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
SELECT v.order_id, v.order_ts, c.customer_key
FROM CUSTOMER_ORDER_VERSIONS v
JOIN DIM_CUSTOMER c ON c.customer_id = v.customer_id AND c.version = v.version
WHERE NOT v.stands_for_anchor
  AND v.order_id NOT IN (SELECT order_id FROM STAGE_ORDERS)
  AND c.customer_key NOT IN (SELECT kept_key FROM CUSTOMER_VERSIONS WHERE kept_key IS NOT NULL);

-- name: repoint_moved_facts
-- Run only when rebuild_customers found moved orders: without them it would change nothing.
-- a fact's order_ts is its order's: the moved orders' time span bounds the facts touched
SET moved_first_ts = (SELECT MIN(order_ts) FROM MOVED_ORDERS);
SET moved_last_ts = (SELECT MAX(order_ts) FROM MOVED_ORDERS);
UPDATE FACT_ORDERS f
SET customer_key = m.customer_key
FROM MOVED_ORDERS m
WHERE f.order_id = m.order_id AND f.order_ts BETWEEN $moved_first_ts AND $moved_last_ts;

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
