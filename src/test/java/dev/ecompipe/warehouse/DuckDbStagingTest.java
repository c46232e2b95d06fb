package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DuckDB stages a table of many rows through Arrow and one of few through the Appender: both must store exactly the
 * same values, hostile strings, nulls and every column type included. And a batch's lines carry their runs of one price.
 */
class DuckDbStagingTest {

    private static final String COLUMNS = "(t VARCHAR, i INTEGER, s SMALLINT, y TINYINT, b BIGINT, d DECIMAL(9,2),"
            + " f BOOLEAN, ts TIMESTAMP, day DATE)";
    private static final List<String> TEXTS = List.of("plain", "", "naïve café ☕", "𝄞 clef", "a\u0000b", "'; DROP TABLE x; --",
            "line\nbreak\ttab", "\"quoted\"", "x".repeat(5_000));
    private static final int ROWS = 3_000;

    private final DuckDbDialect dialect = new DuckDbDialect();

    @TempDir
    Path dir;

    @Test
    void arrowAndTheAppenderStageTheSameValues() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE BY_APPENDER " + COLUMNS);
            statement.execute("CREATE TEMP TABLE BY_ARROW " + COLUMNS);
            // the same rows, told apart only by the row count each table is opened for
            stage(connection, "BY_APPENDER", DuckDbDialect.ARROW_FROM_ROWS - 1);
            stage(connection, "BY_ARROW", DuckDbDialect.ARROW_FROM_ROWS);

            List<String> byAppender = rows(statement, "BY_APPENDER");
            assertThat(byAppender).hasSize(2 * ROWS);
            assertThat(rows(statement, "BY_ARROW")).isEqualTo(byAppender);
            assertThat(byAppender).contains("a\u0000b|13|13|13|9223372036854775794|13.13|false|1970-01-01 00:00:00.013013|1970-01-14");
            assertThat(byAppender.stream().filter(row -> row.startsWith("null|")).count()).isEqualTo(ROWS / 4 * 2);
        }
    }

    @Test
    void aTableWithNoRowsStagesNothing() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE EMPTY " + COLUMNS);
            dialect.stagingTable(connection, "EMPTY", DuckDbDialect.ARROW_FROM_ROWS).close();
            assertThat(rows(statement, "EMPTY")).isEmpty();
        }
    }

    @Test
    void aJvmWithoutArrowsOptionFailsAtStartSayingWhatToAdd() throws Exception {
        Path output = dir.resolve("init-schema.out");
        ProcessBuilder command = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.ecompipe.Pipeline", "init-schema"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        command.environment().put("WAREHOUSE_TYPE", "duckdb");
        command.environment().put("WAREHOUSE_DUCKDB_PATH", dir.resolve("warehouse.duckdb").toString());
        Process process = command.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> lines = Files.readAllLines(output);
        assertThat(process.exitValue()).as("%s", lines).isNotZero();
        assertThat(lines.get(lines.size() - 1)).contains(DuckDbWarehouse.JVM_OPTION).contains("JAVA_OPTS");
        assertThat(dir.resolve("warehouse.duckdb")).doesNotExist();
    }

    /**
     * Each staged line carries its run of one price among the batch's lines of its product, by (order_ts, order_id,
     * line_number) whatever the order the orders came in: the run's first order_ts, and whether the line is the run's
     * first or last (the lines the Type 3 steps place of a run that starts after every stored line).
     */
    @Test
    void eachLineIsStagedWithItsRunOfOnePriceAmongTheBatchsLinesOfItsProduct() throws Exception {
        // P-1 by event time; P-3 at one instant, by order_id compared by code point ("O-10" before "O-9"), then line
        OrderBatch batch = batchOf(new String[][] {{"O-3", "3", "P-1 10.00"}, {"O-1", "1", "P-1 10.00"},
                {"O-2", "2", "P-1 12.00", "P-2 5.00"}, {"O-5", "5", "P-1 10.00"}, {"O-4", "4", "P-1 10.00"}, {"O-6", "6", "P-1 10.00"},
                {"O-9", "7", "P-3 7.00"}, {"O-11", "7", "P-3 7.00"}, {"O-10", "7", "P-3 8.00", "P-3 7.00"}});
        try (Connection connection = stagingConnection(); Statement statement = connection.createStatement()) {
            new BatchStaging(dialect).stage(connection, batch, java.util.Set.of());

            assertThat(stagedLines(statement)).containsExactly("O-1/1 P-1 from 01 end", "O-2/1 P-1 from 02 end", "O-3/1 P-1 from 03 end",
                    "O-4/1 P-1 from 03", "O-5/1 P-1 from 03", "O-6/1 P-1 from 03 end", "O-2/2 P-2 from 02 end",
                    "O-10/1 P-3 from 07 end", "O-10/2 P-3 from 07 end", "O-11/1 P-3 from 07", "O-9/1 P-3 from 07 end");
        }
    }

    /**
     * A writer's later batch: its lines at or before the latest line the writer committed of their product (P-1 at 6 s)
     * may fall among stored lines, so each is a run of its own, and runs begin after it. Before that commit (a batch
     * rolled back, or written again) the runs are the batch's own.
     */
    @Test
    void runsBeginAfterTheLatestLineTheWriterCommittedOfTheProduct() throws Exception {
        BatchStaging staging = new BatchStaging(dialect);
        OrderBatch later = batchOf(new String[][] {{"O-8", "8", "P-1 10.00"}, {"O-5", "5", "P-1 10.00"},
                {"O-7", "6", "P-1 10.00", "P-2 5.00"}, {"O-9", "9", "P-1 10.00"}, {"O-10", "10", "P-1 10.00"}});
        SqlStatements load = SqlStatements.load("duckdb", "load.sql");
        try (Connection connection = stagingConnection(); Statement statement = connection.createStatement()) {
            BatchStaging.Staged first = staging.stage(connection,
                    batchOf(new String[][] {{"O-1", "1", "P-1 10.00"}, {"O-6", "6", "P-1 10.00"}}), java.util.Set.of());
            staging.stageLatestProductLines(connection, first, java.util.Set.of());
            load.run(statement, "clear_stage");
            staging.stage(connection, later, java.util.Set.of());
            assertThat(stagedLines(statement)).as("before the first batch commits").containsExactly(
                    "O-10/1 P-1 from 05 end", "O-5/1 P-1 from 05 end", "O-7/1 P-1 from 05", "O-8/1 P-1 from 05",
                    "O-9/1 P-1 from 05", "O-7/2 P-2 from 06 end");

            staging.committed(first);
            load.run(statement, "clear_stage");
            staging.stage(connection, later, java.util.Set.of());
            assertThat(stagedLines(statement)).containsExactly("O-10/1 P-1 from 08 end", "O-5/1 P-1 from 05 end",
                    "O-7/1 P-1 from 06 end", "O-8/1 P-1 from 08 end", "O-9/1 P-1 from 08", "O-7/2 P-2 from 06 end");
        }
    }

    /** Orders of one customer: {order_id, second of 2026-03-01, "product price"...}, at offsets from 0. */
    private static OrderBatch batchOf(String[][] orders) {
        OrderBatch batch = new OrderBatch(1);
        for (String[] spec : orders) {
            List<Order.Line> lines = new ArrayList<>();
            for (int n = 2; n < spec.length; n++) {
                String[] productAndPrice = spec[n].split(" ");
                lines.add(new Order.Line(n - 1, productAndPrice[0], "Lamp", "Home", new BigDecimal(productAndPrice[1]), 1));
            }
            Order order = new Order(spec[0], Instant.parse("2026-03-01T00:00:00Z").plusSeconds(Long.parseLong(spec[1])),
                    new Order.Customer("C-1", "N", null, "EU-WEST"), lines);
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 0, batch.messages()), "C-1",
                    new byte[0]));
        }
        return batch;
    }

    /** A connection to a new warehouse with the loading connection's staging tables. */
    private Connection stagingConnection() throws Exception {
        Path file = dir.resolve("runs.duckdb");
        try (Warehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        try (Statement statement = connection.createStatement()) {
            SqlStatements.load("duckdb", "load.sql").run(statement, "create_stage");
        }
        return connection;
    }

    /** Each staged line as "order/line product from second-of-its-run's-first-line [end]". */
    private static List<String> stagedLines(Statement statement) throws SQLException {
        List<String> staged = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT order_id, line_number, product_id, strftime(price_run_from, '%S'),"
                + " price_run_end FROM STAGE_LINES ORDER BY product_id, order_id, line_number")) {
            while (rows.next()) {
                staged.add(rows.getString(1) + "/" + rows.getInt(2) + " " + rows.getString(3) + " from " + rows.getString(4)
                        + (rows.getBoolean(5) ? " end" : ""));
            }
        }
        return staged;
    }

    /** {@link #ROWS} rows in two tables opened one after the other, so each path also appends to a table with rows. */
    private void stage(Connection connection, String table, int rowsAnnounced) throws SQLException {
        for (int half = 0; half < 2; half++) {
            try (StagingTable staging = dialect.stagingTable(connection, table, rowsAnnounced)) {
                for (int n = 0; n < ROWS; n++) {
                    String text = n % 4 == 0 ? null : TEXTS.get(n % TEXTS.size());
                    staging.text(text).integer(n * (half == 0 ? 1 : -1)).smallInteger((short) n).tinyInteger((byte) n)
                            .bigInteger(Long.MAX_VALUE - n).decimal(BigDecimal.valueOf(n * 101L, 2)).bool(n % 3 == 0)
                            .timestamp(Instant.ofEpochSecond(0, n * 1_001_000L)).date(LocalDate.ofEpochDay(n)).endRow();
                }
            }
        }
    }

    private static List<String> rows(Statement statement, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT t, i, s, y, b, d::VARCHAR, f, ts::VARCHAR, day::VARCHAR FROM "
                + table + " ORDER BY i, s")) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getInt(2) + "|" + result.getShort(3) + "|" + result.getByte(4)
                        + "|" + result.getLong(5) + "|" + result.getString(6) + "|" + result.getBoolean(7) + "|"
                        + result.getString(8) + "|" + result.getString(9));
            }
        }
        return rows;
    }
}
