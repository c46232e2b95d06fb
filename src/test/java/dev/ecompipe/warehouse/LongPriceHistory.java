package dev.ecompipe.warehouse;

import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warehouse whose one product changed its price on every line for a year, a run per line, and a batch of two
 * later lines, the second at another price: the plan tests' case of a small batch after a long history, in SQL
 * that DuckDB and PostgreSQL both read. On DuckDB, which keeps a product's last two runs only, the history is
 * what a warehouse written before that holds.
 */
final class LongPriceHistory {

    static final int STORED_RUNS = 20_000;
    private static final String LINE_TS = "TIMESTAMP '2025-01-01' + (n - 1) * INTERVAL '25 minutes'";

    private LongPriceHistory() {
    }

    static void store(Statement statement) throws Exception {
        String lastLineTs = LINE_TS.replace("n - 1", String.valueOf(STORED_RUNS - 1));
        statement.execute("INSERT INTO DIM_PRODUCT VALUES (1, 'P-1', 'Lamp', 'Home', 11.00, 10.00, " + lastLineTs + ", "
                + lastLineTs + ", 'ORD-" + STORED_RUNS + "', 1, now())");
        statement.execute("INSERT INTO PRODUCT_PRICE_RUNS SELECT 1, " + LINE_TS + ", 'ORD-' || n, 1,"
                + " CASE WHEN n % 2 = 0 THEN 11.00 ELSE 10.00 END, " + LINE_TS + ", 'ORD-' || n, 1"
                + " FROM generate_series(1, " + STORED_RUNS + ") t(n)");
    }

    /** Into the connection's staging tables, once create_stage made them. */
    static void stageTwoLaterLines(Statement statement) throws Exception {
        statement.execute("INSERT INTO STAGE_LINES VALUES"
                + " ('NEW-1', 1, TIMESTAMP '2026-06-01 10:00', 'P-1', 11.00, 1, TIMESTAMP '2026-06-01 10:00', TRUE),"
                + " ('NEW-2', 1, TIMESTAMP '2026-06-01 11:00', 'P-1', 12.00, 1, TIMESTAMP '2026-06-01 11:00', TRUE)");
        statement.execute("INSERT INTO STAGE_PRODUCTS VALUES ('P-1', 'Lamp', 'Home', 12.00, TIMESTAMP '2026-06-01 11:00', 'NEW-2', 1)");
    }

    /** What the Type 3 steps must leave after the two lines, whatever they read, with the runs the warehouse keeps. */
    static void assertRepriced(Statement statement, long keptRuns) throws Exception {
        try (ResultSet rows = statement.executeQuery("SELECT current_price, previous_price, price_changed_at FROM DIM_PRODUCT")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("12.00");
            assertThat(rows.getString(2)).isEqualTo("11.00");
            assertThat(rows.getString(3)).startsWith("2026-06-01 11:00");
        }
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM PRODUCT_PRICE_RUNS")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(keptRuns);
        }
    }
}
