-- The per-batch load on PostgreSQL, run in one transaction by BatchWriter in the order below; the same
-- meaning, block for block, as sql/duckdb/load.sql. Staging tables are filled by COPY before these run.
-- Working tables are temporary and dropped at commit; (a, b, c) < (x, y, z) compares positions in event
-- time, and the indexes of schema.sql bound every read of a stored table by the batch's keys.

-- name: create_stage
-- Staging tables, temporary to the loading connection: filled by COPY and emptied at the start of every
-- batch; no constraints on purpose. Two loaders never see each other's staging rows.
CREATE TEMP TABLE IF NOT EXISTS STAGE_ORDERS (
    order_id TEXT COLLATE "C", content_hash TEXT COLLATE "C", order_ts TIMESTAMP, customer_id TEXT COLLATE "C",
    name TEXT COLLATE "C", email TEXT COLLATE "C", region TEXT COLLATE "C", source_topic TEXT COLLATE "C",
    source_partition INTEGER, source_offset BIGINT
);
-- price_run_from and price_run_end, the line's run among the batch's lines of its product, are read on DuckDB only
CREATE TEMP TABLE IF NOT EXISTS STAGE_LINES (
    order_id TEXT COLLATE "C", line_number INTEGER, order_ts TIMESTAMP, product_id TEXT COLLATE "C",
    unit_price NUMERIC(9,2), quantity INTEGER, price_run_from TIMESTAMP, price_run_end BOOLEAN
);
CREATE TEMP TABLE IF NOT EXISTS STAGE_PRODUCTS (
    product_id TEXT COLLATE "C", product_name TEXT COLLATE "C", category TEXT COLLATE "C", unit_price NUMERIC(9,2),
    order_ts TIMESTAMP, order_id TEXT COLLATE "C", line_number INTEGER
);
CREATE TEMP TABLE IF NOT EXISTS STAGE_DATES (LIKE DIM_DATE);
CREATE TEMP TABLE IF NOT EXISTS STAGE_OFFSETS (topic TEXT COLLATE "C", partition INTEGER, last_offset BIGINT);

-- name: clear_stage
TRUNCATE STAGE_ORDERS, STAGE_LINES, STAGE_PRODUCTS, STAGE_DATES, STAGE_OFFSETS;

-- name: lock
-- The batch's first write to a shared table: every loader updates this one row, so the steps after it run
-- one batch at a time across processes; at read committed each later statement sees what the one before
-- committed.
UPDATE LOAD_LOCK SET batches = batches + 1, updated_at = now() AT TIME ZONE 'UTC' WHERE name = 'load';

-- name: find_already_loaded
SELECT s.order_id, s.content_hash = e.content_hash AS same_content
FROM STAGE_ORDERS s JOIN ORDER_EVENTS e ON e.order_id = s.order_id;

-- name: drop_already_loaded
DELETE FROM STAGE_LINES l USING ORDER_EVENTS e WHERE e.order_id = l.order_id;
DELETE FROM STAGE_ORDERS s USING ORDER_EVENTS e WHERE e.order_id = s.order_id;

-- name: insert_order_events
-- In a batch not compared with ORDER_EVENTS first, an order loaded before breaks the primary key here, and the
-- batch is rolled back and written again comparing first (BatchWriter).
INSERT INTO ORDER_EVENTS
SELECT order_id, content_hash, order_ts, customer_id, name, email, region,
       source_topic, source_partition, source_offset, now() AT TIME ZONE 'UTC'
FROM STAGE_ORDERS;

-- name: insert_dates
INSERT INTO DIM_DATE
SELECT * FROM STAGE_DATES s WHERE NOT EXISTS (SELECT 1 FROM DIM_DATE d WHERE d.date_key = s.date_key);

-- name: merge_products
-- Type 1: a product's name and category are those of its latest line by (order_ts, order_id, line_number).
INSERT INTO DIM_PRODUCT (product_key, product_id, product_name, category, current_price, latest_order_ts,
                         latest_order_id, latest_line_number, updated_at)
SELECT nextval('product_key_seq'), l.product_id, l.product_name, l.category, l.unit_price,
       l.order_ts, l.order_id, l.line_number, now() AT TIME ZONE 'UTC'
FROM STAGE_PRODUCTS l
WHERE NOT EXISTS (SELECT 1 FROM DIM_PRODUCT p WHERE p.product_id = l.product_id);
UPDATE DIM_PRODUCT p
SET product_name = l.product_name, category = l.category, latest_order_ts = l.order_ts,
    latest_order_id = l.order_id, latest_line_number = l.line_number, updated_at = now() AT TIME ZONE 'UTC'
FROM STAGE_PRODUCTS l
WHERE p.product_id = l.product_id
  AND (l.order_ts, l.order_id, l.line_number) > (p.latest_order_ts, p.latest_order_id, p.latest_line_number);

-- name: place_price_lines
-- Type 3 by event time from the price runs, as in sql/duckdb/load.sql: each staged line with the run in force
-- where it falls; stored lines are read only right before and after a staged line that splits a run of
-- another price; the runs from the anchor (the run before the first staged line) on are replaced.
CREATE TEMP TABLE staged_price_lines ON COMMIT DROP AS
SELECT s.product_key, s.order_ts, s.order_id, s.line_number, s.price, r.price AS run_price,
       r.run_ts, r.run_order_id, r.run_line, r.last_ts, r.last_order_id, r.last_line
FROM (SELECT p.product_key, s.order_ts, s.order_id, s.line_number, s.unit_price AS price
      FROM STAGE_LINES s JOIN DIM_PRODUCT p ON p.product_id = s.product_id) s
LEFT JOIN LATERAL (
    SELECT * FROM PRODUCT_PRICE_RUNS r
    WHERE r.product_key = s.product_key AND (r.run_ts, r.run_order_id, r.run_line) < (s.order_ts, s.order_id, s.line_number)
    ORDER BY r.run_ts DESC, r.run_order_id DESC, r.run_line DESC
    LIMIT 1
) r ON TRUE;
-- created empty, since read_split_lines, which fills it, is skipped when there is nothing to read
CREATE TEMP TABLE product_split_lines ON COMMIT DROP AS
SELECT product_key, run_price AS price, order_ts, order_id, line_number FROM staged_price_lines WITH NO DATA;
CREATE TEMP TABLE lines_inside_runs ON COMMIT DROP AS SELECT * FROM staged_price_lines WITH NO DATA;
INSERT INTO lines_inside_runs
SELECT * FROM staged_price_lines
WHERE price <> run_price AND (order_ts, order_id, line_number) < (last_ts, last_order_id, last_line);

-- name: read_split_lines
-- Run only when place_price_lines found lines inside runs: without them it would read nothing.
INSERT INTO product_split_lines
SELECT d.product_key, d.run_price AS price, f.order_ts, f.order_id, f.line_number
FROM lines_inside_runs d
CROSS JOIN LATERAL (
    (SELECT f.order_ts, f.order_id, f.line_number FROM FACT_ORDERS f
     WHERE f.product_key = d.product_key
       AND (f.order_ts, f.order_id, f.line_number) >= (d.run_ts, d.run_order_id, d.run_line)
       AND (f.order_ts, f.order_id, f.line_number) < (d.order_ts, d.order_id, d.line_number)
     ORDER BY f.order_ts DESC, f.order_id DESC, f.line_number DESC
     LIMIT 1)
    UNION ALL
    (SELECT f.order_ts, f.order_id, f.line_number FROM FACT_ORDERS f
     WHERE f.product_key = d.product_key
       AND (f.order_ts, f.order_id, f.line_number) > (d.order_ts, d.order_id, d.line_number)
       AND (f.order_ts, f.order_id, f.line_number) <= (d.last_ts, d.last_order_id, d.last_line)
     ORDER BY f.order_ts, f.order_id, f.line_number
     LIMIT 1)
) f;

-- name: reprice_products
-- a line inside a run at the run's price changes nothing, unless another staged line splits that run
DELETE FROM staged_price_lines s
WHERE s.price = s.run_price AND (s.order_ts, s.order_id, s.line_number) < (s.last_ts, s.last_order_id, s.last_line)
  AND NOT EXISTS (SELECT 1 FROM lines_inside_runs d
                  WHERE d.product_key = s.product_key
                    AND (d.run_ts, d.run_order_id, d.run_line) = (s.run_ts, s.run_order_id, s.run_line));
CREATE TEMP TABLE product_frontier ON COMMIT DROP AS
SELECT DISTINCT ON (product_key) product_key, run_ts AS anchor_ts, run_order_id AS anchor_order_id, run_line AS anchor_line
FROM staged_price_lines
ORDER BY product_key, order_ts, order_id, line_number;
-- The runs from each product's anchor on, with their row addresses for the delete below: a range of
-- product_price_runs_position per product (without an anchor, from below any run). A join of the frontier, which
-- has no statistics, or an OR for "no anchor", was planned as a read of every run the product ever had.
CREATE TEMP TABLE replaced_runs ON COMMIT DROP AS
SELECT r.* FROM product_frontier f
CROSS JOIN LATERAL (
    SELECT ctid AS row_address, * FROM PRODUCT_PRICE_RUNS r
    WHERE r.product_key = f.product_key
      AND (r.run_ts, r.run_order_id, r.run_line)
          >= (COALESCE(f.anchor_ts, '-infinity'), COALESCE(f.anchor_order_id, ''), COALESCE(f.anchor_line, -2147483648))
    OFFSET 0
) r;
CREATE TEMP TABLE product_new_runs ON COMMIT DROP AS
WITH points AS (
    -- stored points can coincide (a one-line run, a line next to two staged ones); staged ones cannot
    SELECT product_key, run_ts AS order_ts, run_order_id AS order_id, run_line AS line_number, price FROM replaced_runs
    UNION
    SELECT product_key, last_ts, last_order_id, last_line, price FROM replaced_runs
    UNION
    SELECT product_key, order_ts, order_id, line_number, price FROM product_split_lines
    UNION ALL
    SELECT product_key, order_ts, order_id, line_number, price FROM staged_price_lines
),
marked AS (
    SELECT *, LAG(price) OVER w IS DISTINCT FROM price AS starts_run, LEAD(price) OVER w IS DISTINCT FROM price AS ends_run
    FROM points
    WINDOW w AS (PARTITION BY product_key ORDER BY order_ts, order_id, line_number)
),
run_starts AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) AS run_number
    FROM marked WHERE starts_run
),
run_ends AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY product_key ORDER BY order_ts, order_id, line_number) AS run_number
    FROM marked WHERE ends_run
)
SELECT s.product_key, s.order_ts AS run_ts, s.order_id AS run_order_id, s.line_number AS run_line, s.price,
       e.order_ts AS last_ts, e.order_id AS last_order_id, e.line_number AS last_line
FROM run_starts s JOIN run_ends e ON e.product_key = s.product_key AND e.run_number = s.run_number;
DELETE FROM PRODUCT_PRICE_RUNS WHERE ctid = ANY (ARRAY(SELECT row_address FROM replaced_runs));
INSERT INTO PRODUCT_PRICE_RUNS (product_key, run_ts, run_order_id, run_line, price, last_ts, last_order_id, last_line)
SELECT product_key, run_ts, run_order_id, run_line, price, last_ts, last_order_id, last_line FROM product_new_runs;
-- The last two runs, as in sql/duckdb/load.sql, from the new runs rather than from every run a product ever had: a
-- product left with one new run keeps its Type 3 columns (that run is its anchor, its last run, extended), unless
-- it had no anchor, and then that run is its only one.
UPDATE DIM_PRODUCT p
SET current_price = x.price, previous_price = x.previous_price,
    price_changed_at = CASE WHEN x.previous_price IS NOT NULL THEN x.run_ts END
FROM (
    SELECT DISTINCT ON (n.product_key) n.product_key, n.run_ts, n.price, LAG(n.price) OVER w AS previous_price,
           count(*) OVER (PARTITION BY n.product_key) AS new_runs, f.anchor_ts
    FROM product_new_runs n JOIN product_frontier f ON f.product_key = n.product_key
    WINDOW w AS (PARTITION BY n.product_key ORDER BY n.run_ts, n.run_order_id, n.run_line)
    ORDER BY n.product_key, n.run_ts DESC, n.run_order_id DESC, n.run_line DESC
) x
WHERE p.product_key = x.product_key AND (x.new_runs >= 2 OR x.anchor_ts IS NULL);

-- name: rebuild_customers
-- Type 2 by event time, as in sql/duckdb/load.sql: the versions from the one in force just before the
-- customer's first staged order (the anchor) on are recomputed; unchanged versions keep their surrogate key,
-- and only facts whose version really changed are re-pointed.
CREATE TEMP TABLE customer_frontier ON COMMIT DROP AS
SELECT s.customer_id, s.order_ts AS first_ts, s.order_id AS first_order_id,
       a.version AS anchor_version, a.region AS anchor_region, a.valid_from AS anchor_ts, a.start_order_id AS anchor_order_id
FROM (SELECT DISTINCT ON (customer_id) customer_id, order_ts, order_id FROM STAGE_ORDERS
      ORDER BY customer_id, order_ts, order_id) s
LEFT JOIN LATERAL (
    SELECT * FROM DIM_CUSTOMER a
    WHERE a.customer_id = s.customer_id
      AND (a.valid_from < s.order_ts OR a.valid_from = s.order_ts AND a.start_order_id < s.order_id)
    ORDER BY a.version DESC
    LIMIT 1
) a ON TRUE;
CREATE TEMP TABLE customer_order_versions ON COMMIT DROP AS
WITH orders AS (
    SELECT customer_id, anchor_ts AS order_ts, anchor_order_id AS order_id, anchor_region AS region,
           NULL::TEXT AS name, NULL::TEXT AS email, TRUE AS stands_for_anchor
    FROM customer_frontier WHERE anchor_version IS NOT NULL
    UNION ALL
    SELECT e.customer_id, e.order_ts, e.order_id, e.region, e.name, e.email, FALSE
    FROM customer_frontier f
    -- OFFSET 0 keeps this a range scan of order_events_customer_time for each customer: a plain join let the
    -- planner, which has no statistics of the temporary frontier, hash the whole of ORDER_EVENTS for every
    -- batch (0.6 s at 1,000,000 orders even for a batch of five, growing with the table)
    CROSS JOIN LATERAL (
        SELECT * FROM ORDER_EVENTS e
        WHERE e.customer_id = f.customer_id AND (e.order_ts, e.order_id) >= (f.first_ts, f.first_order_id)
        OFFSET 0
    ) e
),
marked AS (
    SELECT o.*, CASE WHEN LAG(o.region) OVER (PARTITION BY o.customer_id ORDER BY o.order_ts, o.order_id)
                          IS DISTINCT FROM o.region THEN 1 ELSE 0 END AS starts_version
    FROM orders o
)
SELECT m.customer_id, m.order_id, m.order_ts, m.region, m.name, m.email, m.stands_for_anchor,
       COALESCE(f.anchor_version, 1) - 1
         + SUM(m.starts_version) OVER (PARTITION BY m.customer_id ORDER BY m.order_ts, m.order_id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS version
FROM marked m JOIN customer_frontier f ON f.customer_id = m.customer_id;
CREATE TEMP TABLE customer_versions ON COMMIT DROP AS
WITH versions AS (
    SELECT customer_id, version, MIN(region) AS region, MIN(order_ts) AS valid_from,
           (array_agg(order_id ORDER BY order_ts, order_id))[1] AS start_order_id
    FROM customer_order_versions GROUP BY customer_id, version
),
framed AS (
    SELECT v.*, LEAD(v.valid_from) OVER (PARTITION BY v.customer_id ORDER BY v.version) AS valid_to,
           v.version = MAX(v.version) OVER (PARTITION BY v.customer_id) AS is_current
    FROM versions v
)
SELECT f.*, c.customer_key AS kept_key
FROM framed f
LEFT JOIN DIM_CUSTOMER c
  ON c.customer_id = f.customer_id AND c.version = f.version AND c.region = f.region
 AND c.valid_from = f.valid_from AND c.start_order_id = f.start_order_id;
-- the latest order is always among those read again: it is a staged one or later than one
CREATE TEMP TABLE customer_latest ON COMMIT DROP AS
SELECT DISTINCT ON (customer_id) customer_id, name, email
FROM customer_order_versions WHERE NOT stands_for_anchor
ORDER BY customer_id, order_ts DESC, order_id DESC;
DELETE FROM DIM_CUSTOMER c
USING customer_frontier f
WHERE c.customer_id = f.customer_id AND c.version >= COALESCE(f.anchor_version, 1)
  AND c.customer_key NOT IN (SELECT kept_key FROM customer_versions WHERE kept_key IS NOT NULL);
UPDATE DIM_CUSTOMER c
SET valid_to = v.valid_to, is_current = v.is_current, updated_at = now() AT TIME ZONE 'UTC'
FROM customer_versions v
WHERE c.customer_key = v.kept_key AND (c.valid_to IS DISTINCT FROM v.valid_to OR c.is_current <> v.is_current);
INSERT INTO DIM_CUSTOMER (customer_key, customer_id, version, name, email, region, valid_from, valid_to,
                          is_current, start_order_id, updated_at)
SELECT nextval('customer_key_seq'), v.customer_id, v.version, l.name, l.email, v.region, v.valid_from, v.valid_to,
       v.is_current, v.start_order_id, now() AT TIME ZONE 'UTC'
FROM customer_versions v JOIN customer_latest l ON l.customer_id = v.customer_id
WHERE v.kept_key IS NULL;
UPDATE DIM_CUSTOMER c
SET name = l.name, email = l.email, updated_at = now() AT TIME ZONE 'UTC'
FROM customer_latest l
WHERE c.customer_id = l.customer_id AND (c.name IS DISTINCT FROM l.name OR c.email IS DISTINCT FROM l.email);
-- facts loaded before this batch whose version changed (a late order split or moved it)
CREATE TEMP TABLE moved_orders (order_id TEXT COLLATE "C", customer_key BIGINT) ON COMMIT DROP;
INSERT INTO moved_orders
SELECT v.order_id, c.customer_key
FROM customer_order_versions v
JOIN DIM_CUSTOMER c ON c.customer_id = v.customer_id AND c.version = v.version
WHERE NOT v.stands_for_anchor
  AND v.order_id NOT IN (SELECT order_id FROM STAGE_ORDERS)
  AND c.customer_key NOT IN (SELECT kept_key FROM customer_versions WHERE kept_key IS NOT NULL);

-- name: repoint_moved_facts
-- Run only when rebuild_customers found moved orders: without them it would change nothing.
UPDATE FACT_ORDERS f
SET customer_key = m.customer_key
FROM moved_orders m
WHERE f.order_id = m.order_id;

-- name: insert_facts
INSERT INTO FACT_ORDERS
SELECT l.order_id, l.line_number, c.customer_key, p.product_key,
       CAST(to_char(l.order_ts, 'YYYYMMDD') AS INTEGER),
       l.quantity, l.unit_price, CAST(l.quantity * l.unit_price AS NUMERIC(18,2)), l.order_ts,
       o.source_topic, o.source_partition, o.source_offset, now() AT TIME ZONE 'UTC'
FROM STAGE_LINES l
JOIN STAGE_ORDERS o ON o.order_id = l.order_id
JOIN DIM_PRODUCT p ON p.product_id = l.product_id
JOIN customer_order_versions v ON v.order_id = l.order_id AND NOT v.stands_for_anchor
JOIN DIM_CUSTOMER c ON c.customer_id = v.customer_id AND c.version = v.version;

-- name: save_offsets
-- greatest(): a batch whose partition another loader took over may settle less than is stored
INSERT INTO INGEST_OFFSETS
SELECT topic, partition, last_offset, now() AT TIME ZONE 'UTC' FROM STAGE_OFFSETS
ON CONFLICT (topic, partition) DO UPDATE
SET last_offset = greatest(INGEST_OFFSETS.last_offset, excluded.last_offset), updated_at = excluded.updated_at;

-- name: committed_offsets
SELECT topic, partition, last_offset FROM INGEST_OFFSETS;
