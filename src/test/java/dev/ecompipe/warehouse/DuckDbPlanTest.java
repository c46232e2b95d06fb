package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How DuckDB runs the Type 3 steps of a small batch after a long price history: the history is read once, by the
 * statement that picks the runs the batch can touch, and every other statement reads those. Before, the ASOF
 * join sorted every run ever stored, and the replacement, the delete and the update of DIM_PRODUCT each read
 * them all again: a cost that grows with every price change and that each batch, however small, pays in full.
 */
class DuckDbPlanTest {

    private static final String NEARBY_RUNS = "nearby_price_runs AS";

    @TempDir
    Path dir;

    @Test
    void repricingAfterALongHistoryReadsTheHistoryOnce() throws Exception {
        Path file = dir.resolve("plans.duckdb");
        try (Warehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
        }
        SqlStatements load = SqlStatements.load("duckdb", "load.sql");
        Path profile = dir.resolve("profile.json");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            load.run(statement, "open_session");
            LongPriceHistory.store(statement);
            load.run(statement, "create_stage");
            LongPriceHistory.stageTwoLaterLines(statement);
            // from here on, the profile of each statement is written to the file, replacing the one before
            statement.execute("SET enable_profiling = 'json'");
            statement.execute("SET profiling_mode = 'detailed'");
            statement.execute("SET profiling_output = '" + profile + "'");

            List<String> steps = new ArrayList<>(load.block("place_price_lines"));
            steps.addAll(load.block("reprice_products"));
            for (String sql : steps) {
                statement.execute(sql);
                long historyRows = rowsRead(Files.readString(profile), "PRODUCT_PRICE_RUNS");
                if (sql.contains(NEARBY_RUNS)) {
                    assertThat(historyRows).as("the one pass over the history").isGreaterThanOrEqualTo(LongPriceHistory.STORED_RUNS);
                } else {
                    assertThat(historyRows).as("rows of PRODUCT_PRICE_RUNS read by%n%s", sql).isLessThan(10);
                }
            }
            assertThat(steps).filteredOn(sql -> sql.contains(NEARBY_RUNS)).hasSize(1);

            LongPriceHistory.assertRepriced(statement);
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
