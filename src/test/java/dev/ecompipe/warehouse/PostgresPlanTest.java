package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.config.Settings;
import dev.ecompipe.postgres.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How PostgreSQL runs the load's reads of large tables for a small batch: bounded by the batch's keys through an
 * index, never a pass over the whole table, whose cost would grow with it and be paid in full by each batch,
 * however small. The planner has no statistics of the load's temporary tables, so with hundreds of orders a
 * customer a plain join chose to hash every stored order.
 */
class PostgresPlanTest {

    private static final int CUSTOMERS = 400;
    private static final int ORDERS_PER_CUSTOMER = 500;
    private static final SqlStatements LOAD = SqlStatements.load("postgres", "load.sql");

    @Test
    void rebuildingFiveCustomersReadsOnlyTheirLaterOrders() throws Exception {
        try (Connection connection = emptyWarehouse("plans"); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO ORDER_EVENTS SELECT 'ORD-' || n, 'hash', TIMESTAMP '2026-01-01' + n * INTERVAL '1 second',"
                    + " 'C-' || (n % " + CUSTOMERS + "), 'Name', NULL, 'EU', 'orders', 0, n, TIMESTAMP '2026-01-01'"
                    + " FROM generate_series(1, " + CUSTOMERS * ORDERS_PER_CUSTOMER + ") n");
            statement.execute("ANALYZE ORDER_EVENTS");
            connection.setAutoCommit(false);
            LOAD.run(statement, "create_stage");
            statement.execute("INSERT INTO STAGE_ORDERS (order_id, order_ts, customer_id, region)"
                    + " SELECT 'NEW-' || c, TIMESTAMP '2026-01-03', 'C-' || c, 'US' FROM generate_series(1, 5) c");
            List<String> rebuild = LOAD.block("rebuild_customers");
            statement.execute(rebuild.get(0));
            assertThat(rebuild.get(1)).contains("customer_order_versions");

            String plan = plan(statement, "EXPLAIN " + rebuild.get(1));

            assertThat(plan).contains("order_events_customer_time").doesNotContain("Seq Scan on order_events");
            connection.rollback();
        }
    }

    /**
     * The Type 3 steps of a small batch after a long price history read only the runs around the batch's lines,
     * through the index; DIM_PRODUCT's prices come from the new runs. Before, the replaced runs, their delete and the
     * update of DIM_PRODUCT each read every run the product ever had.
     */
    @Test
    void repricingAfterALongHistoryReadsOnlyTheRunsItReplaces() throws Exception {
        try (Connection connection = emptyWarehouse("reprice_plans"); Statement statement = connection.createStatement()) {
            LongPriceHistory.store(statement);
            statement.execute("ANALYZE PRODUCT_PRICE_RUNS");
            connection.setAutoCommit(false);
            LOAD.run(statement, "create_stage");
            LongPriceHistory.stageTwoLaterLines(statement);
            List<String> steps = new ArrayList<>(LOAD.block("place_price_lines"));
            steps.addAll(LOAD.block("reprice_products"));
            long readInAll = 0;
            for (String sql : steps) {
                long read = rowsRead(plan(statement, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql), "product_price_runs");
                assertThat(read).as("rows of PRODUCT_PRICE_RUNS read by%n%s", sql).isLessThan(10);
                readInAll += read;
            }
            assertThat(readInAll).as("the plans were read: the anchor run at least").isPositive();

            // the last stored run (11.00) extended by the first line, and a run for the second
            LongPriceHistory.assertRepriced(statement, LongPriceHistory.STORED_RUNS + 1);
            connection.rollback();
        }
    }

    /** A connection to a new database with the warehouse's schema. */
    private static Connection emptyWarehouse(String name) throws Exception {
        String url = TestPostgres.newDatabase(name);
        try (Warehouse warehouse = Warehouses.open(Settings.of(TestPostgres.settings(url)))) {
            warehouse.initSchema();
        }
        return DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
    }

    /** Rows that the plan's scans of {@code table} returned, its filters applied, over all their loops. */
    private static long rowsRead(String jsonPlan, String table) throws Exception {
        long rows = 0;
        List<JsonNode> pending = new ArrayList<>();
        new ObjectMapper().readTree(jsonPlan).forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(pending.size() - 1);
            JsonNode plan = node.has("Plan") ? node.get("Plan") : node;
            if (table.equalsIgnoreCase(plan.path("Relation Name").asText())) {
                rows += plan.path("Actual Rows").asLong() * Math.max(1, plan.path("Actual Loops").asLong());
            }
            plan.path("Plans").forEach(pending::add);
        }
        return rows;
    }

    private static String plan(Statement statement, String explain) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery(explain)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
