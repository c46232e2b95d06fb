package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How DuckDB runs the Type 3 steps after a long price history. A product keeps its last two runs only, which is
 * all its Type 3 columns can ever depend on, so the first batch that touches a product of a warehouse written
 * before that prunes its history, and every later batch reads two runs of it, however many prices it had. Before,
 * the runs were kept for ever and each batch read every run from the batch's earliest line on: a cost that grew
 * with every price change and with how late the lines were.
 */
class DuckDbPlanTest {

    private static final String NEARBY_RUNS = "nearby_price_runs AS";

    @TempDir
    Path dir;

    @Test
    void afterALongHistoryABatchReadsTheLastTwoRunsOfItsProducts() throws Exception {
        Path file = dir.resolve("plans.duckdb");
        try (Warehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
        }
        SqlStatements load = SqlStatements.load("duckdb", "load.sql");
        List<String> steps = new ArrayList<>(load.block("place_price_lines"));
        steps.addAll(load.block("reprice_products"));
        Path profile = dir.resolve("profile.json");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            load.run(statement, "open_session");
            LongPriceHistory.store(statement);
            load.run(statement, "create_stage");
            LongPriceHistory.stageTwoLaterLines(statement);
            for (String sql : steps) {
                statement.execute(sql);
            }
            LongPriceHistory.assertRepriced(statement, 2);

            load.run(statement, "clear_stage");
            // a line that extends the current run, and one of a year before at another price: it falls before the
            // end of the second-to-last run, so it can change nothing and is not placed
            statement.execute("INSERT INTO STAGE_LINES VALUES"
                    + " ('NEW-3', 1, TIMESTAMP '2026-06-01 12:00', 'P-1', 12.00, 1, TIMESTAMP '2026-06-01 12:00', TRUE),"
                    + " ('OLD-1', 1, TIMESTAMP '2025-06-01 00:00', 'P-1', 99.00, 1, TIMESTAMP '2025-06-01 00:00', TRUE)");
            statement.execute("INSERT INTO STAGE_PRODUCTS VALUES ('P-1', 'Lamp', 'Home', 12.00, TIMESTAMP '2026-06-01 12:00', 'NEW-3', 1)");
            // from here on, the profile of each statement is written to the file, replacing the one before
            statement.execute("SET enable_profiling = 'json'");
            statement.execute("SET profiling_mode = 'detailed'");
            statement.execute("SET profiling_output = '" + profile + "'");
            for (String sql : steps) {
                statement.execute(sql);
                String plan = Files.readString(profile);
                long runsRead = rowsRead(plan, "PRODUCT_PRICE_RUNS");
                if (sql.contains(NEARBY_RUNS)) {
                    assertThat(runsRead).as("the plans were read: the product's two runs").isEqualTo(2);
                }
                assertThat(runsRead).as("rows of PRODUCT_PRICE_RUNS read by%n%s", sql).isLessThanOrEqualTo(2);
                assertThat(rowsRead(plan, "FACT_ORDERS")).as("rows of FACT_ORDERS read by%n%s", sql).isZero();
            }
            statement.execute("SET enable_profiling = 'no_output'");
            assertThat(steps).filteredOn(sql -> sql.contains(NEARBY_RUNS)).hasSize(1);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM staged_price_lines")) {
                rows.next();
                assertThat(rows.getLong(1)).as("the line of a year before is not placed").isEqualTo(1);
            }
            LongPriceHistory.assertRepriced(statement, 2);
        }
    }

    /** Rows that the profiled statement's scans of {@code table} passed on, its filters applied. */
    private static long rowsRead(String profile, String table) throws Exception {
        long rows = 0;
        List<JsonNode> pending = new ArrayList<>(List.of(new ObjectMapper().readTree(profile)));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(pending.size() - 1);
            JsonNode scanned = node.path("extra_info").path("Table");
            if ("TABLE_SCAN".equals(node.path("operator_type").asText(node.path("type").asText()))
                    && scanned.asText().toUpperCase().endsWith("." + table)) {
                rows += node.path("operator_cardinality").asLong(node.path("intermediate_rows").asLong());
            }
            node.path("children").forEach(pending::add);
            node.path("operator").forEach(pending::add);
        }
        return rows;
    }
}
