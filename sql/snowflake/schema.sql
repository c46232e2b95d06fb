-- Star schema of the e-commerce pipeline on Snowflake (README: The warehouse). Safe to run repeatedly:
--   snowsql -f sql/snowflake/schema.sql      (in the database and schema the pipeline uses)
-- Times are TIMESTAMP_NTZ holding UTC; money is NUMBER, never floating point. Snowflake does not enforce
-- PRIMARY KEY or UNIQUE: they document intent, and the load's MERGE logic keeps them true.

CREATE SEQUENCE IF NOT EXISTS customer_key_seq;
CREATE SEQUENCE IF NOT EXISTS product_key_seq;

CREATE TABLE IF NOT EXISTS DIM_DATE (
    date_key      NUMBER(8,0) PRIMARY KEY,
    full_date     DATE NOT NULL,
    year          NUMBER(4,0) NOT NULL,
    quarter       NUMBER(1,0) NOT NULL,
    month         NUMBER(2,0) NOT NULL,
    month_name    VARCHAR NOT NULL,
    day_of_month  NUMBER(2,0) NOT NULL,
    day_of_week   NUMBER(1,0) NOT NULL,
    day_name      VARCHAR NOT NULL,
    iso_week      NUMBER(2,0) NOT NULL,
    is_weekend    BOOLEAN NOT NULL,
    is_holiday    BOOLEAN NOT NULL,
    holiday_name  VARCHAR
);

CREATE TABLE IF NOT EXISTS DIM_CUSTOMER (
    customer_key   NUMBER(19,0) PRIMARY KEY,
    customer_id    VARCHAR NOT NULL,
    version        NUMBER(9,0) NOT NULL,
    name           VARCHAR NOT NULL,
    email          VARCHAR,
    region         VARCHAR NOT NULL,
    valid_from     TIMESTAMP_NTZ NOT NULL,
    valid_to       TIMESTAMP_NTZ,
    is_current     BOOLEAN NOT NULL,
    start_order_id VARCHAR,
    updated_at     TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS DIM_PRODUCT (
    product_key        NUMBER(19,0) PRIMARY KEY,
    product_id         VARCHAR NOT NULL UNIQUE,
    product_name       VARCHAR NOT NULL,
    category           VARCHAR NOT NULL,
    current_price      NUMBER(9,2) NOT NULL,
    previous_price     NUMBER(9,2),
    price_changed_at   TIMESTAMP_NTZ,
    latest_order_ts    TIMESTAMP_NTZ NOT NULL,
    latest_order_id    VARCHAR NOT NULL,
    latest_line_number NUMBER(9,0) NOT NULL,
    updated_at         TIMESTAMP_NTZ NOT NULL
);

-- A product's lines by (order_ts, order_id, line_number), collapsed into runs of one price: each run with its
-- first and last line, so a late line is placed without reading the stored lines (see load.sql).
CREATE TABLE IF NOT EXISTS PRODUCT_PRICE_RUNS (
    product_key   NUMBER(19,0) NOT NULL,
    run_ts        TIMESTAMP_NTZ NOT NULL,
    run_order_id  VARCHAR NOT NULL,
    run_line      NUMBER(9,0) NOT NULL,
    price         NUMBER(9,2) NOT NULL,
    last_ts       TIMESTAMP_NTZ NOT NULL,
    last_order_id VARCHAR NOT NULL,
    last_line     NUMBER(9,0) NOT NULL
);
-- Upgrade of a table made before runs carried their last line: the columns, then each run's last line, the
-- latest stored line of the product before the next run starts. Does nothing once every run has one.
ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS last_ts TIMESTAMP_NTZ;
ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS last_order_id VARCHAR;
ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS last_line NUMBER(9,0);
UPDATE PRODUCT_PRICE_RUNS r
SET last_ts = x.order_ts, last_order_id = x.order_id, last_line = x.line_number
FROM (
    SELECT n.product_key, n.run_ts, n.run_order_id, n.run_line, f.order_ts, f.order_id, f.line_number
    FROM (
        SELECT product_key, run_ts, run_order_id, run_line, last_ts,
               LEAD(run_ts) OVER (PARTITION BY product_key ORDER BY run_ts, run_order_id, run_line) AS next_ts,
               LEAD(run_order_id) OVER (PARTITION BY product_key ORDER BY run_ts, run_order_id, run_line) AS next_order_id,
               LEAD(run_line) OVER (PARTITION BY product_key ORDER BY run_ts, run_order_id, run_line) AS next_line
        FROM PRODUCT_PRICE_RUNS
        WHERE product_key IN (SELECT product_key FROM PRODUCT_PRICE_RUNS WHERE last_ts IS NULL)
    ) n
    JOIN FACT_ORDERS f
      ON f.product_key = n.product_key
     AND (f.order_ts > n.run_ts OR f.order_ts = n.run_ts AND (f.order_id > n.run_order_id
          OR f.order_id = n.run_order_id AND f.line_number >= n.run_line))
     AND (n.next_ts IS NULL OR f.order_ts < n.next_ts OR f.order_ts = n.next_ts AND (f.order_id < n.next_order_id
          OR f.order_id = n.next_order_id AND f.line_number < n.next_line))
    WHERE n.last_ts IS NULL
    QUALIFY ROW_NUMBER() OVER (PARTITION BY n.product_key, n.run_ts, n.run_order_id, n.run_line
                               ORDER BY f.order_ts DESC, f.order_id DESC, f.line_number DESC) = 1
) x
WHERE r.last_ts IS NULL AND r.product_key = x.product_key AND r.run_ts = x.run_ts
  AND r.run_order_id = x.run_order_id AND r.run_line = x.run_line;

CREATE TABLE IF NOT EXISTS FACT_ORDERS (
    order_id          VARCHAR NOT NULL,
    line_number       NUMBER(9,0) NOT NULL,
    customer_key      NUMBER(19,0),
    product_key       NUMBER(19,0) NOT NULL,
    date_key          NUMBER(8,0) NOT NULL,
    quantity          NUMBER(9,0) NOT NULL,
    unit_price        NUMBER(9,2) NOT NULL,
    line_total        NUMBER(18,2) NOT NULL,
    order_ts          TIMESTAMP_NTZ NOT NULL,
    source_topic      VARCHAR NOT NULL,
    source_partition  NUMBER(9,0) NOT NULL,
    source_offset     NUMBER(19,0) NOT NULL,
    loaded_at         TIMESTAMP_NTZ NOT NULL,
    PRIMARY KEY (order_id, line_number)
);

CREATE TABLE IF NOT EXISTS ORDER_EVENTS (
    order_id          VARCHAR PRIMARY KEY,
    content_hash      VARCHAR NOT NULL,
    order_ts          TIMESTAMP_NTZ NOT NULL,
    customer_id       VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    email             VARCHAR,
    region            VARCHAR NOT NULL,
    source_topic      VARCHAR NOT NULL,
    source_partition  NUMBER(9,0) NOT NULL,
    source_offset     NUMBER(19,0) NOT NULL,
    loaded_at         TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS INGEST_OFFSETS (
    topic        VARCHAR NOT NULL,
    partition    NUMBER(9,0) NOT NULL,
    last_offset  NUMBER(19,0) NOT NULL,
    updated_at   TIMESTAMP_NTZ NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- One row that every batch updates first, after staging and before it looks at what is loaded: loaders merge
-- one batch at a time and each sees what the one before committed (see BatchWriter).
CREATE TABLE IF NOT EXISTS LOAD_LOCK (
    name        VARCHAR PRIMARY KEY,
    batches     NUMBER(19,0) NOT NULL,
    updated_at  TIMESTAMP_NTZ NOT NULL
);
MERGE INTO LOAD_LOCK l USING (SELECT 'load' AS name) s ON l.name = s.name
WHEN NOT MATCHED THEN INSERT (name, batches, updated_at) VALUES (s.name, 0, SYSDATE());
