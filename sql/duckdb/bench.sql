-- Statements of the benchmark's naive baseline (pipeline bench).

-- name: naive_insert_line
-- One order line, inserted and committed on its own, as a straightforward consumer would.
INSERT INTO FACT_ORDERS (order_id, line_number, customer_key, product_key, date_key, quantity, unit_price,
                         line_total, order_ts, source_topic, source_partition, source_offset, loaded_at)
VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, now());
