-- The five analytics (README: Analytics), in SQL that DuckDB, PostgreSQL and Snowflake all run.
-- Revenue is the sum of line_total; an order's region is its customer's region valid at order_ts, which is
-- the DIM_CUSTOMER version the fact points at. `report` formats money with two decimals, derives
-- avg_unit_price = revenue / units rounded half-up, and groups multi_region_customers' rows into lists.

-- name: monthly_sales
-- Which categories sell in which regions, month by month?
SELECT CAST(d.year AS VARCHAR) || '-' || LPAD(CAST(d.month AS VARCHAR), 2, '0') AS month,
       p.category,
       c.region,
       COUNT(DISTINCT f.order_id) AS orders,
       SUM(f.quantity) AS units,
       SUM(f.line_total) AS revenue
FROM FACT_ORDERS f
JOIN DIM_DATE d ON d.date_key = f.date_key
JOIN DIM_PRODUCT p ON p.product_key = f.product_key
JOIN DIM_CUSTOMER c ON c.customer_key = f.customer_key
GROUP BY d.year, d.month, p.category, c.region
-- by the grouping columns, not the alias: Snowflake resolves ORDER BY month to DIM_DATE.month (1-12), which
-- would sort 2027-01 before 2026-12
ORDER BY d.year, d.month, p.category, c.region;

-- name: top_repeat_customers
-- Who are our best repeat customers (at least two orders)?
SELECT c.customer_id,
       cur.name AS customer_name,
       COUNT(DISTINCT f.order_id) AS orders,
       SUM(f.line_total) AS revenue
FROM FACT_ORDERS f
JOIN DIM_CUSTOMER c ON c.customer_key = f.customer_key
JOIN DIM_CUSTOMER cur ON cur.customer_id = c.customer_id AND cur.is_current
GROUP BY c.customer_id, cur.name
HAVING COUNT(DISTINCT f.order_id) >= 2
ORDER BY orders DESC, revenue DESC, c.customer_id
LIMIT :limit;

-- name: multi_region_customers
-- Which customers ordered from at least two regions, and which ones? (one row per customer and region)
WITH order_regions AS (
    SELECT DISTINCT c.customer_id, c.region
    FROM FACT_ORDERS f
    JOIN DIM_CUSTOMER c ON c.customer_key = f.customer_key
)
SELECT customer_id, region
FROM order_regions
WHERE customer_id IN (SELECT customer_id FROM order_regions GROUP BY customer_id HAVING COUNT(*) >= 2)
ORDER BY customer_id, region;

-- name: product_performance
-- How much of each product do we sell, at what average price, for how much?
SELECT p.product_id,
       p.product_name,
       p.category,
       SUM(f.quantity) AS units,
       SUM(f.line_total) AS revenue
FROM FACT_ORDERS f
JOIN DIM_PRODUCT p ON p.product_key = f.product_key
GROUP BY p.product_id, p.product_name, p.category
ORDER BY revenue DESC, p.product_id;

-- name: customer_history
-- How did each customer's region change over time (every Type 2 version)?
SELECT customer_id, version, region, valid_from, valid_to, is_current
FROM DIM_CUSTOMER
ORDER BY customer_id, version;
