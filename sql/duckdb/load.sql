-- The per-batch load on DuckDB, run in one transaction by the warehouse in the order below.
-- Staging tables are filled through Arrow or the Appender (DuckDbDialect) before these statements run.

-- name: open_session
-- TIMESTAMP columns hold UTC; now() must be cast to UTC, not to the machine's zone.
SET TimeZone = 'UTC';
-- At the default 16 MB of write-ahead log, a checkpoint follows nearly every batch and costs more than the
-- batch itself; the log is checkpointed every 1 GB and when the warehouse closes.
SET checkpoint_threshold = '1GB';

-- name: create_stage
-- Staging tables, temporary to the loading connection: filled through Arrow or the Appender and emptied at the
-- start of every batch; no constraints on purpose. Two loaders on one database never see each other's staging rows.
CREATE TEMP TABLE IF NOT EXISTS STAGE_ORDERS (
    order_id VARCHAR, content_hash VARCHAR, order_ts TIMESTAMP, customer_id VARCHAR, name VARCHAR,
    email VARCHAR, region VARCHAR, source_topic VARCHAR, source_partition INTEGER, source_offset BIGINT
);
-- Lines come in the batch's order, each with its run of equal prices among the batch's lines of its product: the
-- order_ts of the run's first line, and whether the line is the run's first or last (BatchStaging). A line at or
-- before the latest one the writer committed of its product is a run of its own: runs begin after that guess of
-- where the stored lines end, which place_price_lines checks.
CREATE TEMP TABLE IF NOT EXISTS STAGE_LINES (
    order_id VARCHAR, line_number INTEGER, order_ts TIMESTAMP, product_id VARCHAR, unit_price DECIMAL(9,2),
    quantity INTEGER, price_run_from TIMESTAMP, price_run_end BOOLEAN
);
-- Each product's latest line of the batch, among the orders not loaded before: the Type 1 candidate. Its name
-- and category are staged once a product, not on every line.
CREATE TEMP TABLE IF NOT EXISTS STAGE_PRODUCTS (
    product_id VARCHAR, product_name VARCHAR, category VARCHAR, unit_price DECIMAL(9,2), order_ts TIMESTAMP,
    order_id VARCHAR, line_number INTEGER
);
CREATE TEMP TABLE IF NOT EXISTS STAGE_DATES AS SELECT * FROM DIM_DATE LIMIT 0;
CREATE TEMP TABLE IF NOT EXISTS STAGE_OFFSETS (topic VARCHAR, partition INTEGER, last_offset BIGINT);

-- name: clear_stage
DELETE FROM STAGE_ORDERS;
DELETE FROM STAGE_LINES;
DELETE FROM STAGE_PRODUCTS;
DELETE FROM STAGE_DATES;
DELETE FROM STAGE_OFFSETS;

-- name: lock
-- The batch's first write to a shared table: every loader updates this one row, so the steps after it run
-- one batch at a time across processes, each seeing what the one before committed.
UPDATE LOAD_LOCK SET batches = batches + 1, updated_at = now()::TIMESTAMP WHERE name = 'load';

-- name: find_already_loaded
-- The staged orders loaded before, found in one read of ORDER_EVENTS and kept for the deletes below: each
-- `IN (SELECT order_id FROM ORDER_EVENTS)` read all of it again.
CREATE OR REPLACE TEMP TABLE loaded_before AS
SELECT s.order_id, s.content_hash = e.content_hash AS same_content
FROM STAGE_ORDERS s JOIN ORDER_EVENTS e ON e.order_id = s.order_id;
SELECT order_id, same_content FROM loaded_before;

-- name: drop_already_loaded
-- The price runs staged with the lines counted the lines of these orders too, which are stored or never will be: a
-- product with one of them has every line placed on its own, as if each were a run's end.
UPDATE STAGE_LINES SET price_run_end = TRUE
WHERE product_id IN (SELECT product_id FROM STAGE_LINES WHERE order_id IN (SELECT order_id FROM loaded_before));
DELETE FROM STAGE_LINES WHERE order_id IN (SELECT order_id FROM loaded_before);
DELETE FROM STAGE_ORDERS WHERE order_id IN (SELECT order_id FROM loaded_before);

-- name: insert_order_events
-- In a batch not compared with ORDER_EVENTS first, an order loaded before breaks the primary key here, and the
-- batch is rolled back and written again comparing first (BatchWriter).
INSERT INTO ORDER_EVENTS
SELECT order_id, content_hash, order_ts, customer_id, name, email, region,
       source_topic, source_partition, source_offset, now()::TIMESTAMP
FROM STAGE_ORDERS;

-- name: insert_dates
INSERT INTO DIM_DATE
SELECT * FROM STAGE_DATES s WHERE NOT EXISTS (SELECT 1 FROM DIM_DATE d WHERE d.date_key = s.date_key);

-- name: merge_products
-- Type 1: a product's name and category are those of its latest line by (order_ts, order_id, line_number).
INSERT INTO DIM_PRODUCT (product_key, product_id, product_name, category, current_price, latest_order_ts,
                         latest_order_id, latest_line_number, updated_at)
SELECT nextval('product_key_seq'), l.product_id, l.product_name, l.category, l.unit_price,
       l.order_ts, l.order_id, l.line_number, now()::TIMESTAMP
FROM STAGE_PRODUCTS l
WHERE NOT EXISTS (SELECT 1 FROM DIM_PRODUCT p WHERE p.product_id = l.product_id);
UPDATE DIM_PRODUCT p
SET product_name = l.product_name, category = l.category, latest_order_ts = l.order_ts,
    latest_order_id = l.order_id, latest_line_number = l.line_number, updated_at = now()::TIMESTAMP
FROM STAGE_PRODUCTS l
WHERE p.product_id = l.product_id
  AND (l.order_ts, l.order_id, l.line_number) > (p.latest_order_ts, p.latest_order_id, p.latest_line_number);

-- name: place_price_lines
-- Type 3 by event time. In a product's lines by (order_ts, order_id, line_number) the Type 3 columns are read off
-- its last two runs of equal prices: current_price and price_changed_at from the last, previous_price from the one
-- before. No line that falls before the end of that second-to-last run can change them, in this batch or any later
-- one: the lines from that end on keep their prices, so the last run still starts where it did and the run before
-- it still ends at a line of the same price. PRODUCT_PRICE_RUNS therefore keeps each product's last two runs only
-- (a warehouse written before holds every run; a product's first batch after that prunes them), and a batch's
-- work is bounded by its products and lines, not by the price history or by how late its lines are.
-- Staged lines that fall after that end are placed among the kept runs: every stored line carries its run's price,
-- so the runs of all lines, staged ones merged in, are those of a handful of points: the first and last line of
-- each kept run, the staged lines that can matter (below), and, around a staged line that falls inside a run of
-- another price, the stored lines right before and after it (the run is split there). Only those few are looked up
-- in FACT_ORDERS.
CREATE OR REPLACE TEMP TABLE nearby_price_runs AS
SELECT r.*
FROM PRODUCT_PRICE_RUNS r
WHERE r.product_key IN (SELECT p.product_key FROM STAGE_PRODUCTS s JOIN DIM_PRODUCT p ON p.product_id = s.product_id);
-- Each staged line that can still matter, with the run in force where it falls.
-- Of a run of the batch's lines of one price that starts after the product's latest stored line, only the first and
-- the last are placed: no stored line falls between them, nor any other staged line, so the lines inside make no
-- run start or end. In real time that is nearly every line of a batch, which come to a few points a product.
-- The product is the first field of the ASOF key rather than an equality, which DuckDB would partition by at a
-- cost of milliseconds even for a few hundred lines; a run found for another product means the line has none before it.
CREATE OR REPLACE TEMP TABLE staged_price_lines AS
SELECT s.product_key, s.order_ts, s.order_id, s.line_number, s.price,
       CASE WHEN r.product_key = s.product_key THEN r.price END AS run_price,
       -- without a run before, NULL, not a struct of NULLs
       CASE WHEN r.product_key = s.product_key THEN {'order_ts': r.run_ts, 'order_id': r.run_order_id, 'line_number': r.run_line} END AS run_first,
       CASE WHEN r.product_key = s.product_key THEN {'order_ts': r.last_ts, 'order_id': r.last_order_id, 'line_number': r.last_line} END AS run_last
FROM (SELECT p.product_key, s.order_ts, s.order_id, s.line_number, s.unit_price AS price
      FROM STAGE_LINES s JOIN DIM_PRODUCT p ON p.product_id = s.product_id
      LEFT JOIN (SELECT product_key,
                        -- the end of the second-to-last run, where two runs are kept; the earliest end of a history kept whole
                        CASE WHEN count(*) >= 2
                             THEN min({'order_ts': last_ts, 'order_id': last_order_id, 'line_number': last_line}) END AS settled_until,
                        max(last_ts) AS latest_stored_ts
                 FROM nearby_price_runs GROUP BY product_key) stored
        ON stored.product_key = p.product_key
      -- a run that starts at the latest stored line's instant is placed whole, as one before it; a line staged
      -- without its run (NULL) is placed
      WHERE (s.price_run_end IS NOT FALSE OR s.price_run_from <= stored.latest_stored_ts)
        AND (stored.settled_until IS NULL
             OR {'order_ts': s.order_ts, 'order_id': s.order_id, 'line_number': s.line_number} > stored.settled_until)) s
ASOF LEFT JOIN nearby_price_runs r
  ON (r.product_key, r.run_ts, r.run_order_id, r.run_line) < (s.product_key, s.order_ts, s.order_id, s.line_number);
-- created empty, since read_split_lines, which fills it, is skipped when there is nothing to read
CREATE OR REPLACE TEMP TABLE product_split_lines (
    product_key BIGINT, position STRUCT(order_ts TIMESTAMP, order_id VARCHAR, line_number INTEGER), price DECIMAL(9,2)
);
CREATE OR REPLACE TEMP TABLE lines_inside_runs AS
SELECT product_key, {'order_ts': order_ts, 'order_id': order_id, 'line_number': line_number} AS position,
       run_first, run_last, run_price
FROM staged_price_lines
WHERE price <> run_price AND (order_ts, order_id, line_number) < run_last;

-- name: read_split_lines
-- Run only when place_price_lines found lines inside runs: without them it would read nothing.
-- A line's stored neighbours are first looked for within a minute of it: a neighbour found there is the nearest
-- one, since any stored line between it and the line is within that minute too. Only a line without one on either
-- side is looked up again over its whole run, which for a long run of one price spans much of the history.
-- Constants, unlike subqueries, let the scans of FACT_ORDERS skip row groups by their order_ts range.
SET VARIABLE near_from = (SELECT min(greatest(run_first.order_ts, position.order_ts - INTERVAL 1 MINUTE)) FROM lines_inside_runs);
SET VARIABLE near_to = (SELECT max(least(run_last.order_ts, position.order_ts + INTERVAL 1 MINUTE)) FROM lines_inside_runs);
CREATE OR REPLACE TEMP TABLE split_neighbours AS
SELECT d.product_key, d.position, d.run_first, d.run_last, d.run_price,
       max(f.position) FILTER (WHERE f.position < d.position) AS before,
       min(f.position) FILTER (WHERE f.position > d.position) AS after
FROM lines_inside_runs d
LEFT JOIN (SELECT product_key, {'order_ts': order_ts, 'order_id': order_id, 'line_number': line_number} AS position
           FROM FACT_ORDERS
           WHERE order_ts BETWEEN getvariable('near_from') AND getvariable('near_to')) f
  ON f.product_key = d.product_key AND f.position BETWEEN d.run_first AND d.run_last
     AND f.position.order_ts BETWEEN d.position.order_ts - INTERVAL 1 MINUTE AND d.position.order_ts + INTERVAL 1 MINUTE
GROUP BY d.product_key, d.position, d.run_first, d.run_last, d.run_price;
SET VARIABLE far_from = (SELECT min(run_first.order_ts) FROM split_neighbours WHERE before IS NULL OR after IS NULL);
SET VARIABLE far_to = (SELECT max(run_last.order_ts) FROM split_neighbours WHERE before IS NULL OR after IS NULL);
INSERT INTO product_split_lines
SELECT product_key, unnest([before, after]) AS position, run_price AS price
FROM (
    SELECT product_key, run_price, before, after FROM split_neighbours WHERE before IS NOT NULL AND after IS NOT NULL
    UNION ALL
    SELECT d.product_key, d.run_price,
           max(f.position) FILTER (WHERE f.position < d.position) AS before,
           min(f.position) FILTER (WHERE f.position > d.position) AS after
    FROM (SELECT * FROM split_neighbours WHERE before IS NULL OR after IS NULL) d
    JOIN (SELECT product_key, {'order_ts': order_ts, 'order_id': order_id, 'line_number': line_number} AS position
          FROM FACT_ORDERS
          WHERE order_ts BETWEEN getvariable('far_from') AND getvariable('far_to')) f
      ON f.product_key = d.product_key AND f.position BETWEEN d.run_first AND d.run_last
    GROUP BY d.product_key, d.position, d.run_price
);

-- name: reprice_products
-- A line inside a run at the run's price changes nothing, unless another staged line splits that run; in a
-- backlog whose partitions lag each other by days, that is most of them.
DELETE FROM staged_price_lines s
WHERE s.price = s.run_price AND (s.order_ts, s.order_id, s.line_number) < s.run_last
  AND NOT EXISTS (SELECT 1 FROM lines_inside_runs d WHERE d.product_key = s.product_key AND d.run_first = s.run_first);
-- Each product's last two runs, the latest first: what PRODUCT_PRICE_RUNS keeps and the Type 3 columns show,
-- computed from the points of every kept run of a product with lines left to place.
CREATE OR REPLACE TEMP TABLE product_last_runs AS
WITH kept_runs AS (
    SELECT * FROM nearby_price_runs WHERE product_key IN (SELECT product_key FROM staged_price_lines)
),
points AS (
    -- stored points can coincide (a one-line run, a line next to two staged ones); staged ones cannot
    SELECT product_key, {'order_ts': run_ts, 'order_id': run_order_id, 'line_number': run_line} AS position, price
    FROM kept_runs
    UNION
    SELECT product_key, {'order_ts': last_ts, 'order_id': last_order_id, 'line_number': last_line}, price
    FROM kept_runs
    UNION
    SELECT product_key, position, price FROM product_split_lines
    UNION ALL
    SELECT product_key, {'order_ts': order_ts, 'order_id': order_id, 'line_number': line_number}, price
    FROM staged_price_lines
),
-- Windows ordered by (product_key, position) instead of partitioned by product: on DuckDB partitioning a window
-- costs about 2 ms even for a few hundred rows. A product's first point starts a run, so run numbers counted
-- across products still tell one product's runs apart.
numbered AS (
    SELECT *, SUM(starts_run) OVER (ORDER BY product_key, position ROWS UNBOUNDED PRECEDING) AS run_number
    FROM (
        SELECT *, CASE WHEN LAG(product_key) OVER by_position IS DISTINCT FROM product_key
                         OR LAG(price) OVER by_position IS DISTINCT FROM price
                       THEN 1 ELSE 0 END AS starts_run
        FROM points
        WINDOW by_position AS (ORDER BY product_key, position)
    )
),
runs AS (
    SELECT product_key, min(position) AS first, max(position) AS last, any_value(price) AS price
    FROM numbered GROUP BY product_key, run_number
)
SELECT product_key, max_by({'first': first, 'last': last, 'price': price}, first, 2) AS runs
FROM runs GROUP BY product_key;
DELETE FROM PRODUCT_PRICE_RUNS WHERE product_key IN (SELECT product_key FROM product_last_runs);
INSERT INTO PRODUCT_PRICE_RUNS (product_key, run_ts, run_order_id, run_line, price, last_ts, last_order_id, last_line)
SELECT product_key, run.first.order_ts, run.first.order_id, run.first.line_number, run.price,
       run.last.order_ts, run.last.order_id, run.last.line_number
FROM (SELECT product_key, unnest(runs) AS run FROM product_last_runs);
UPDATE DIM_PRODUCT p
SET current_price = l.runs[1].price, previous_price = l.runs[2].price,
    price_changed_at = CASE WHEN len(l.runs) = 2 THEN l.runs[1].first.order_ts END
FROM product_last_runs l
WHERE p.product_key = l.product_key;

-- name: rebuild_customers
-- Type 2 by event time: a customer's orders sorted by (order_ts, order_id), consecutive equal regions collapsed
-- into one version. A staged order at the region of the version in force where it falls changes no version, so
-- only a customer with a staged order at another region (or before its first version) is recomputed, from the
-- version in force at the earliest such order (the anchor) on. Every stored order carries its version's region,
-- so, as for price runs, the versions of all orders, staged ones merged in, are those of a handful of points: the
-- start of each version from the anchor on, the staged orders from there on, and, after a staged order inside a
-- version of another region, the stored order right after it (the version is split there). Only those are looked
-- up in ORDER_EVENTS, however many orders the versions hold. Versions never merge, since no order goes away: each
-- stored version's start falls in a recomputed version of its region, which keeps the stored version's surrogate
-- key (renumbered, started earlier by a late order or cut short by a split), and the new versions are the pieces a
-- split cut off and the runs of staged orders at another region. Only the facts of stored orders in new versions are
-- re-pointed.
-- Each staged order with the version in force where it falls: a version found for another customer means none.
-- Only the staged customers' versions are sorted for the ASOF join, not every version of every customer.
CREATE OR REPLACE TEMP TABLE staged_customer_orders AS
SELECT s.customer_id, s.order_ts, s.order_id, s.region,
       CASE WHEN c.customer_id = s.customer_id THEN c.version END AS in_version,
       CASE WHEN c.customer_id = s.customer_id THEN c.region END AS in_region
FROM STAGE_ORDERS s
ASOF LEFT JOIN (SELECT * FROM DIM_CUSTOMER WHERE customer_id IN (SELECT customer_id FROM STAGE_ORDERS)) c
  ON (c.customer_id, c.valid_from, c.start_order_id) < (s.customer_id, s.order_ts, s.order_id);
-- the customers to recompute, each from the version in force at its earliest staged order at another region (0:
-- before its first version, or a new customer)
CREATE OR REPLACE TEMP TABLE customer_frontier AS
SELECT customer_id, min({'order_ts': order_ts, 'order_id': order_id, 'anchor': COALESCE(in_version, 0)}).anchor AS anchor_version
FROM staged_customer_orders
WHERE in_region IS DISTINCT FROM region
GROUP BY customer_id;
-- constants, unlike subqueries, let the scans of ORDER_EVENTS and FACT_ORDERS skip row groups by their order_ts range
SET VARIABLE customer_frontier_ts = (SELECT min(order_ts) FROM staged_customer_orders WHERE in_region IS DISTINCT FROM region);
-- the stored order right after each staged order that falls inside a version of another region, if that version
-- has one after it
CREATE OR REPLACE TEMP TABLE customer_split_orders AS
SELECT DISTINCT customer_id, position, region
FROM (
    SELECT d.customer_id, min({'order_ts': e.order_ts, 'order_id': e.order_id}) AS position, any_value(d.in_region) AS region
    FROM (SELECT s.customer_id, s.order_ts, s.order_id, s.in_region, n.valid_from AS next_ts, n.start_order_id AS next_order_id
          FROM staged_customer_orders s
          LEFT JOIN DIM_CUSTOMER n ON n.customer_id = s.customer_id AND n.version = s.in_version + 1
          WHERE s.in_region <> s.region) d
    JOIN ORDER_EVENTS e
      ON e.customer_id = d.customer_id
     AND (e.order_ts, e.order_id) > (d.order_ts, d.order_id)
     AND (d.next_ts IS NULL OR (e.order_ts, e.order_id) < (d.next_ts, d.next_order_id))
    WHERE e.order_ts >= getvariable('customer_frontier_ts')
      AND e.order_id NOT IN (SELECT order_id FROM STAGE_ORDERS)
    GROUP BY d.customer_id, d.order_ts, d.order_id
);
-- the points, each with the version it falls in after this batch
CREATE OR REPLACE TEMP TABLE customer_order_versions AS
WITH points AS (
    SELECT c.customer_id, c.valid_from AS order_ts, c.start_order_id AS order_id, c.region,
           c.customer_key AS starts_key, FALSE AS staged
    FROM DIM_CUSTOMER c JOIN customer_frontier f ON f.customer_id = c.customer_id AND c.version >= f.anchor_version
    UNION ALL
    SELECT s.customer_id, s.order_ts, s.order_id, s.region, NULL, TRUE
    FROM staged_customer_orders s JOIN customer_frontier f ON f.customer_id = s.customer_id
    WHERE COALESCE(s.in_version, 0) >= f.anchor_version
    UNION ALL
    SELECT customer_id, position.order_ts, position.order_id, region, NULL, FALSE FROM customer_split_orders
),
-- windows ordered across customers rather than partitioned by customer (see product_last_runs): a customer's
-- first point starts a version, so its versions are the starts counted up to a point less those before it
marked AS (
    SELECT p.*, CASE WHEN LAG(p.customer_id) OVER by_customer IS DISTINCT FROM p.customer_id
                       OR LAG(p.region) OVER by_customer IS DISTINCT FROM p.region
                     THEN 1 ELSE 0 END AS starts_version
    FROM points p
    WINDOW by_customer AS (ORDER BY p.customer_id, p.order_ts, p.order_id)
),
counted AS (
    SELECT m.*, SUM(m.starts_version) OVER (ORDER BY m.customer_id, m.order_ts, m.order_id
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS starts_so_far
    FROM marked m
),
starts_before AS (
    SELECT customer_id, min(starts_so_far) - 1 AS starts_before FROM counted GROUP BY customer_id
)
SELECT c.customer_id, c.order_id, c.order_ts, c.region, c.starts_key, c.staged,
       greatest(f.anchor_version, 1) - 1 + c.starts_so_far - b.starts_before AS version
FROM counted c
JOIN starts_before b ON b.customer_id = c.customer_id
JOIN customer_frontier f ON f.customer_id = c.customer_id;
CREATE OR REPLACE TEMP TABLE customer_versions AS
WITH versions AS (
    SELECT customer_id, version, any_value(region) AS region,
           min({'order_ts': order_ts, 'order_id': order_id}) AS first,
           -- at most one stored version starts in a recomputed one
           max(starts_key) AS kept_key
    FROM customer_order_versions GROUP BY customer_id, version
),
framed AS (
    SELECT v.*,
           CASE WHEN LEAD(v.customer_id) OVER by_version = v.customer_id THEN LEAD(v.first) OVER by_version END AS next,
           LEAD(v.customer_id) OVER by_version IS DISTINCT FROM v.customer_id AS is_current
    FROM versions v
    WINDOW by_version AS (ORDER BY v.customer_id, v.version)
)
SELECT customer_id, version, region, first.order_ts AS valid_from, first.order_id AS start_order_id,
       next.order_ts AS valid_to, next.order_id AS next_order_id, is_current, kept_key,
       CASE WHEN kept_key IS NULL THEN nextval('customer_key_seq') ELSE kept_key END AS customer_key
FROM framed;
-- Type 1: a customer's name and email are those of its latest order, so a batch changes them only where its latest
-- order of the customer shows others and no stored order of the customer is later; only those customers' orders
-- are looked up, from the earliest such order on
SET VARIABLE names_from = (
    SELECT min(s.latest.order_ts)
    FROM (SELECT customer_id, max({'order_ts': order_ts, 'order_id': order_id, 'name': name, 'email': email}) AS latest
          FROM STAGE_ORDERS GROUP BY customer_id) s
    JOIN DIM_CUSTOMER c ON c.customer_id = s.customer_id AND c.is_current
    WHERE c.name IS DISTINCT FROM s.latest.name OR c.email IS DISTINCT FROM s.latest.email
);
CREATE OR REPLACE TEMP TABLE customer_latest AS
WITH staged AS (
    SELECT customer_id, max({'order_ts': order_ts, 'order_id': order_id, 'name': name, 'email': email}) AS latest
    FROM STAGE_ORDERS GROUP BY customer_id
),
later_stored AS (
    SELECT DISTINCT e.customer_id
    FROM ORDER_EVENTS e JOIN staged s ON s.customer_id = e.customer_id
    WHERE e.order_ts >= getvariable('names_from') AND (e.order_ts, e.order_id) > (s.latest.order_ts, s.latest.order_id)
)
SELECT s.customer_id,
       CASE WHEN c.customer_id IS NULL OR l.customer_id IS NULL THEN s.latest.name ELSE c.name END AS name,
       CASE WHEN c.customer_id IS NULL OR l.customer_id IS NULL THEN s.latest.email ELSE c.email END AS email
FROM staged s
LEFT JOIN DIM_CUSTOMER c ON c.customer_id = s.customer_id AND c.is_current
LEFT JOIN later_stored l ON l.customer_id = s.customer_id;
UPDATE DIM_CUSTOMER c
SET version = v.version, valid_from = v.valid_from, start_order_id = v.start_order_id, valid_to = v.valid_to,
    is_current = v.is_current, updated_at = now()::TIMESTAMP
FROM customer_versions v
WHERE c.customer_key = v.kept_key
  AND (c.version <> v.version OR c.valid_from <> v.valid_from OR c.start_order_id IS DISTINCT FROM v.start_order_id
       OR c.valid_to IS DISTINCT FROM v.valid_to OR c.is_current <> v.is_current);
INSERT INTO DIM_CUSTOMER (customer_key, customer_id, version, name, email, region, valid_from, valid_to,
                          is_current, start_order_id, updated_at)
SELECT v.customer_key, v.customer_id, v.version, l.name, l.email, v.region, v.valid_from, v.valid_to,
       v.is_current, v.start_order_id, now()::TIMESTAMP
FROM customer_versions v JOIN customer_latest l ON l.customer_id = v.customer_id
WHERE v.kept_key IS NULL;
UPDATE DIM_CUSTOMER c
SET name = l.name, email = l.email, updated_at = now()::TIMESTAMP
FROM customer_latest l
WHERE c.customer_id = l.customer_id AND (c.name IS DISTINCT FROM l.name OR c.email IS DISTINCT FROM l.email);
-- the stored orders in new versions: from a new version's start to the next version's, in the stored version it
-- was cut from, one of the kept versions before it
CREATE OR REPLACE TEMP TABLE moved_order_ranges AS
SELECT o.kept_key AS old_key, v.customer_key, v.valid_from, v.start_order_id, v.valid_to, v.next_order_id
FROM customer_versions v
JOIN customer_versions o ON o.customer_id = v.customer_id AND o.version < v.version AND o.kept_key IS NOT NULL
WHERE v.kept_key IS NULL;

-- name: repoint_moved_facts
-- Run only when rebuild_customers made new versions that stored orders may have moved into.
UPDATE FACT_ORDERS f
SET customer_key = m.customer_key
FROM moved_order_ranges m
WHERE f.customer_key = m.old_key AND f.order_ts >= getvariable('customer_frontier_ts')
  AND (f.order_ts, f.order_id) >= (m.valid_from, m.start_order_id)
  AND (m.valid_to IS NULL OR (f.order_ts, f.order_id) < (m.valid_to, m.next_order_id));

-- name: insert_facts
INSERT INTO FACT_ORDERS
SELECT l.order_id, l.line_number, c.customer_key, p.product_key,
       CAST(strftime(l.order_ts, '%Y%m%d') AS INTEGER),
       l.quantity, l.unit_price, CAST(l.quantity * l.unit_price AS DECIMAL(18,2)), l.order_ts,
       o.source_topic, o.source_partition, o.source_offset, now()::TIMESTAMP
FROM STAGE_LINES l
JOIN STAGE_ORDERS o ON o.order_id = l.order_id
JOIN DIM_PRODUCT p ON p.product_id = l.product_id
-- the version of each staged order: recomputed, or the one in force where it falls
JOIN staged_customer_orders s ON s.order_id = l.order_id
LEFT JOIN customer_order_versions v ON v.order_id = l.order_id AND v.staged
JOIN DIM_CUSTOMER c ON c.customer_id = s.customer_id AND c.version = COALESCE(v.version, s.in_version);

-- name: save_offsets
-- greatest(): a batch whose partition another loader took over may settle less than is stored
INSERT INTO INGEST_OFFSETS
SELECT topic, partition, last_offset, now()::TIMESTAMP FROM STAGE_OFFSETS
ON CONFLICT (topic, partition) DO UPDATE
SET last_offset = greatest(INGEST_OFFSETS.last_offset, excluded.last_offset), updated_at = excluded.updated_at;

-- name: committed_offsets
SELECT topic, partition, last_offset FROM INGEST_OFFSETS;
