-- Star schema of the e-commerce pipeline on DuckDB (README: The warehouse). Safe to run repeatedly.
-- All timestamps are UTC; money is DECIMAL, never floating point.

CREATE SEQUENCE IF NOT EXISTS customer_key_seq START 1;
CREATE SEQUENCE IF NOT EXISTS product_key_seq START 1;

-- One row per calendar date that an order needs.
CREATE TABLE IF NOT EXISTS DIM_DATE (
    date_key      INTEGER PRIMARY KEY,          -- yyyymmdd
    full_date     DATE NOT NULL,
    year          SMALLINT NOT NULL,
    quarter       TINYINT NOT NULL,
    month         TINYINT NOT NULL,
    month_name    VARCHAR NOT NULL,
    day_of_month  TINYINT NOT NULL,
    day_of_week   TINYINT NOT NULL,             -- ISO: Monday = 1
    day_name      VARCHAR NOT NULL,
    iso_week      TINYINT NOT NULL,
    is_weekend    BOOLEAN NOT NULL,
    is_holiday    BOOLEAN NOT NULL,
    holiday_name  VARCHAR                       -- US federal holiday, on its observed date
);

-- Hybrid SCD: region is Type 2 (a row per version), name and email are Type 1 (every version shows the latest).
CREATE TABLE IF NOT EXISTS DIM_CUSTOMER (
    customer_key  BIGINT PRIMARY KEY,
    customer_id   VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    email         VARCHAR,
    region        VARCHAR NOT NULL,
    valid_from    TIMESTAMP NOT NULL,
    valid_to      TIMESTAMP,                    -- NULL for the current version
    is_current    BOOLEAN NOT NULL,
    start_order_id VARCHAR,                     -- the order that starts the version (ties on valid_from)
    updated_at    TIMESTAMP NOT NULL
);

-- product_name and category are Type 1; the price is Type 3 (current and previous value).
CREATE TABLE IF NOT EXISTS DIM_PRODUCT (
    product_key        BIGINT PRIMARY KEY,
    product_id         VARCHAR NOT NULL UNIQUE,
    product_name       VARCHAR NOT NULL,
    category           VARCHAR NOT NULL,
    current_price      DECIMAL(9,2) NOT NULL,
    previous_price     DECIMAL(9,2),            -- NULL until the price first changes
    price_changed_at   TIMESTAMP,               -- when the current price began; NULL if it never changed
    latest_order_ts    TIMESTAMP NOT NULL,      -- the line whose name and category are shown
    latest_order_id    VARCHAR NOT NULL,
    latest_line_number INTEGER NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

-- A product's price history as runs of equal prices, each from its first to its last line by
-- (order_ts, order_id, line_number); the Type 3 columns of DIM_PRODUCT are its last two runs. Price
-- changes are rare, so a late line is placed by reading a handful of runs instead of every line.
CREATE TABLE IF NOT EXISTS PRODUCT_PRICE_RUNS (
    product_key   BIGINT NOT NULL,
    run_ts        TIMESTAMP NOT NULL,
    run_order_id  VARCHAR NOT NULL,
    run_line      INTEGER NOT NULL,
    price         DECIMAL(9,2) NOT NULL,
    last_ts       TIMESTAMP,
    last_order_id VARCHAR,
    last_line     INTEGER
);

-- Columns added after the first release; rows without them get them below, once.
ALTER TABLE DIM_CUSTOMER ADD COLUMN IF NOT EXISTS start_order_id VARCHAR;
ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS last_ts TIMESTAMP;
ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS last_order_id VARCHAR;
ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS last_line INTEGER;

-- Grain: one order line. (order_id, line_number) is unique without an index to say so: an order's lines are
-- inserted once, by the batch that adds the order to ORDER_EVENTS, whose primary key admits it once.
CREATE TABLE IF NOT EXISTS FACT_ORDERS (
    order_id          VARCHAR NOT NULL,
    line_number       INTEGER NOT NULL,
    customer_key      BIGINT,                   -- the customer version valid at order_ts
    product_key       BIGINT NOT NULL,
    date_key          INTEGER NOT NULL,
    quantity          INTEGER NOT NULL,
    unit_price        DECIMAL(9,2) NOT NULL,
    line_total        DECIMAL(18,2) NOT NULL,
    order_ts          TIMESTAMP NOT NULL,
    source_topic      VARCHAR NOT NULL,
    source_partition  INTEGER NOT NULL,
    source_offset     BIGINT NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);

-- Every loaded order once: the duplicate check and the event-time history the dimensions are derived from.
CREATE TABLE IF NOT EXISTS ORDER_EVENTS (
    order_id          VARCHAR PRIMARY KEY,
    content_hash      VARCHAR NOT NULL,
    order_ts          TIMESTAMP NOT NULL,
    customer_id       VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    email             VARCHAR,
    region            VARCHAR NOT NULL,
    source_topic      VARCHAR NOT NULL,
    source_partition  INTEGER NOT NULL,
    source_offset     BIGINT NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);

-- The last Kafka offset per partition whose message is in the warehouse or on the dead-letter topic,
-- written in the same transaction as the rows; the consumer seeks here on partition assignment.
CREATE TABLE IF NOT EXISTS INGEST_OFFSETS (
    topic        VARCHAR NOT NULL,
    partition    INTEGER NOT NULL,
    last_offset  BIGINT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- One row that every batch updates first, before it looks at what is loaded: loaders on one warehouse
-- merge one batch at a time (see BatchWriter). DuckDB has one writing process, but the protocol is the same.
CREATE TABLE IF NOT EXISTS LOAD_LOCK (
    name        VARCHAR PRIMARY KEY,
    batches     BIGINT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
INSERT INTO LOAD_LOCK SELECT 'load', 0, now()::TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM LOAD_LOCK WHERE name = 'load');

-- Versions stored before they had their first order get it from the orders, once.
UPDATE DIM_CUSTOMER c
SET start_order_id = s.order_id
FROM (SELECT customer_id, order_ts, min(order_id) AS order_id FROM ORDER_EVENTS
      WHERE customer_id IN (SELECT customer_id FROM DIM_CUSTOMER WHERE start_order_id IS NULL)
      GROUP BY customer_id, order_ts) s
WHERE c.start_order_id IS NULL AND s.customer_id = c.customer_id AND s.order_ts = c.valid_from;

-- Runs stored before they had a last line get it from the facts, once.
UPDATE PRODUCT_PRICE_RUNS r
SET last_ts = x.last.order_ts, last_order_id = x.last.order_id, last_line = x.last.line_number
FROM (
    SELECT u.product_key, u.run_ts, u.run_order_id, u.run_line,
           max({'order_ts': f.order_ts, 'order_id': f.order_id, 'line_number': f.line_number}) AS last
    FROM (
        SELECT *, LEAD((run_ts, run_order_id, run_line)) OVER (PARTITION BY product_key
                                                               ORDER BY run_ts, run_order_id, run_line) AS next_start
        FROM PRODUCT_PRICE_RUNS
    ) u
    JOIN FACT_ORDERS f
      ON f.product_key = u.product_key AND (f.order_ts, f.order_id, f.line_number) >= (u.run_ts, u.run_order_id, u.run_line)
     AND (u.next_start IS NULL OR (f.order_ts, f.order_id, f.line_number) < u.next_start)
    WHERE u.last_ts IS NULL
    GROUP BY u.product_key, u.run_ts, u.run_order_id, u.run_line
) x
WHERE r.product_key = x.product_key AND r.run_ts = x.run_ts AND r.run_order_id = x.run_order_id
  AND r.run_line = x.run_line AND r.last_ts IS NULL;

-- Earlier versions kept the staging tables in the file; they are temporary tables of the loading connection now.
DROP TABLE IF EXISTS STAGE_ORDERS;
DROP TABLE IF EXISTS STAGE_LINES;
DROP TABLE IF EXISTS STAGE_DATES;
DROP TABLE IF EXISTS STAGE_OFFSETS;
