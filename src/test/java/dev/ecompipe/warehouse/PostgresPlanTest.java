package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import dev.ecompipe.config.Settings;
import dev.ecompipe.postgres.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How PostgreSQL runs the load's reads of a large ORDER_EVENTS for a small batch: bounded by the batch's
 * customers through an index, never a pass over the whole table. The planner has no statistics of the load's
 * temporary tables, so with hundreds of orders a customer a plain join chose to hash every stored order, a cost
 * that grows with the table and that each batch, however small, pays in full.
 */
class PostgresPlanTest {

    private static final int CUSTOMERS = 400;
    private static final int ORDERS_PER_CUSTOMER = 500;

    @Test
    void rebuildingFiveCustomersReadsOnlyTheirLaterOrders() throws Exception {
        String url = TestPostgres.newDatabase("plans");
        try (Warehouse warehouse = Warehouses.open(Settings.of(TestPostgres.settings(url)))) {
            warehouse.initSchema();
        }
        SqlStatements load = SqlStatements.load("postgres", "load.sql");
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO ORDER_EVENTS SELECT 'ORD-' || n, 'hash', TIMESTAMP '2026-01-01' + n * INTERVAL '1 second',"
                    + " 'C-' || (n % " + CUSTOMERS + "), 'Name', NULL, 'EU', 'orders', 0, n, TIMESTAMP '2026-01-01'"
                    + " FROM generate_series(1, " + CUSTOMERS * ORDERS_PER_CUSTOMER + ") n");
            statement.execute("ANALYZE ORDER_EVENTS");
            connection.setAutoCommit(false);
            load.run(statement, "create_stage");
            statement.execute("INSERT INTO STAGE_ORDERS (order_id, order_ts, customer_id, region)"
                    + " SELECT 'NEW-' || c, TIMESTAMP '2026-01-03', 'C-' || c, 'US' FROM generate_series(1, 5) c");
            List<String> rebuild = load.block("rebuild_customers");
            statement.execute(rebuild.get(0));
            assertThat(rebuild.get(1)).contains("customer_order_versions");

            String plan = plan(statement, "EXPLAIN " + rebuild.get(1));

            assertThat(plan).contains("order_events_customer_time").doesNotContain("Seq Scan on order_events");
            connection.rollback();
        }
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
