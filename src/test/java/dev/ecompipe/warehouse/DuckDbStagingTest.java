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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DuckDB stages a table of many rows through Arrow and one of few through the Appender: both must store exactly the
 * same values, hostile strings, nulls and every column type included.
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
