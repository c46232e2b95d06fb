-- Star schema of the e-commerce pipeline on PostgreSQL: the same tables and meaning as sql/duckdb/schema.sql.
-- Safe to run repeatedly, and by several processes at once: the warehouse runs this file in one transaction
-- behind an advisory lock. Timestamps are TIMESTAMP holding UTC; money is NUMERIC, never floating point.
-- Every text column compares by code point (COLLATE "C", the byte order of UTF-8), as DuckDB does, so ties
-- on order_ts are broken by order_id the same way on every warehouse, whatever the database's locale.

SELECT pg_advisory_xact_lock(hashtext('ecommerce-pipeline schema'));

-- One row that every batch updates first, before it looks at what is loaded: loaders merge one batch at a
-- time and each sees what the one before committed (see BatchWriter).
CREATE TABLE IF NOT EXISTS LOAD_LOCK (
    name        TEXT PRIMARY KEY,
    batches     BIGINT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
INSERT INTO LOAD_LOCK VALUES ('load', 0, now() AT TIME ZONE 'UTC') ON CONFLICT (name) DO NOTHING;
-- A starting instance takes the load lock before any statement below locks a table (CREATE INDEX takes a
-- share lock even when the index exists): a loader in the middle of a batch could otherwise wait for this
-- transaction while it waits for that loader's lock row, a deadlock.
UPDATE LOAD_LOCK SET updated_at = now() AT TIME ZONE 'UTC' WHERE name = 'load';

CREATE SEQUENCE IF NOT EXISTS customer_key_seq;
CREATE SEQUENCE IF NOT EXISTS product_key_seq;

CREATE TABLE IF NOT EXISTS DIM_DATE (
    date_key      INTEGER PRIMARY KEY,
    full_date     DATE NOT NULL,
    year          SMALLINT NOT NULL,
    quarter       SMALLINT NOT NULL,
    month         SMALLINT NOT NULL,
    month_name    TEXT COLLATE "C" NOT NULL,
    day_of_month  SMALLINT NOT NULL,
    day_of_week   SMALLINT NOT NULL,
    day_name      TEXT COLLATE "C" NOT NULL,
    iso_week      SMALLINT NOT NULL,
    is_weekend    BOOLEAN NOT NULL,
    is_holiday    BOOLEAN NOT NULL,
    holiday_name  TEXT COLLATE "C"
);

CREATE TABLE IF NOT EXISTS DIM_CUSTOMER (
    customer_key   BIGINT PRIMARY KEY,
    customer_id    TEXT COLLATE "C" NOT NULL,
    version        INTEGER NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    email          TEXT COLLATE "C",
    region         TEXT COLLATE "C" NOT NULL,
    valid_from     TIMESTAMP NOT NULL,
    valid_to       TIMESTAMP,
    is_current     BOOLEAN NOT NULL,
    start_order_id TEXT COLLATE "C",
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS dim_customer_versions ON DIM_CUSTOMER (customer_id, version);

CREATE TABLE IF NOT EXISTS DIM_PRODUCT (
    product_key        BIGINT PRIMARY KEY,
    product_id         TEXT COLLATE "C" NOT NULL UNIQUE,
    product_name       TEXT COLLATE "C" NOT NULL,
    category           TEXT COLLATE "C" NOT NULL,
    current_price      NUMERIC(9,2) NOT NULL,
    previous_price     NUMERIC(9,2),
    price_changed_at   TIMESTAMP,
    latest_order_ts    TIMESTAMP NOT NULL,
    latest_order_id    TEXT COLLATE "C" NOT NULL,
    latest_line_number INTEGER NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS PRODUCT_PRICE_RUNS (
    product_key   BIGINT NOT NULL,
    run_ts        TIMESTAMP NOT NULL,
    run_order_id  TEXT COLLATE "C" NOT NULL,
    run_line      INTEGER NOT NULL,
    price         NUMERIC(9,2) NOT NULL,
    last_ts       TIMESTAMP NOT NULL,
    last_order_id TEXT COLLATE "C" NOT NULL,
    last_line     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS product_price_runs_position ON PRODUCT_PRICE_RUNS (product_key, run_ts, run_order_id, run_line);

CREATE TABLE IF NOT EXISTS FACT_ORDERS (
    order_id          TEXT COLLATE "C" NOT NULL,
    line_number       INTEGER NOT NULL,
    customer_key      BIGINT,
    product_key       BIGINT NOT NULL,
    date_key          INTEGER NOT NULL,
    quantity          INTEGER NOT NULL,
    unit_price        NUMERIC(9,2) NOT NULL,
    line_total        NUMERIC(18,2) NOT NULL,
    order_ts          TIMESTAMP NOT NULL,
    source_topic      TEXT COLLATE "C" NOT NULL,
    source_partition  INTEGER NOT NULL,
    source_offset     BIGINT NOT NULL,
    loaded_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (order_id, line_number)
);
-- the lines around a late line of another price, read by read_split_lines
CREATE INDEX IF NOT EXISTS fact_orders_product_position ON FACT_ORDERS (product_key, order_ts, order_id, line_number);

CREATE TABLE IF NOT EXISTS ORDER_EVENTS (
    order_id          TEXT COLLATE "C" PRIMARY KEY,
    content_hash      TEXT COLLATE "C" NOT NULL,
    order_ts          TIMESTAMP NOT NULL,
    customer_id       TEXT COLLATE "C" NOT NULL,
    name              TEXT COLLATE "C" NOT NULL,
    email             TEXT COLLATE "C",
    region            TEXT COLLATE "C" NOT NULL,
    source_topic      TEXT COLLATE "C" NOT NULL,
    source_partition  INTEGER NOT NULL,
    source_offset     BIGINT NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);
-- a customer's orders from a point in event time on, read by rebuild_customers
CREATE INDEX IF NOT EXISTS order_events_customer_time ON ORDER_EVENTS (customer_id, order_ts, order_id);

CREATE TABLE IF NOT EXISTS INGEST_OFFSETS (
    topic        TEXT COLLATE "C" NOT NULL,
    partition    INTEGER NOT NULL,
    last_offset  BIGINT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (topic, partition)
);
