package dev.ecompipe.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.TestOrders;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The warehouse contract on DuckDB, and what only DuckDB has: a schema that upgrades a file in place. Always runs. */
class DuckDbWarehouseTest extends WarehouseContractTest {

    private static final String PRICE_RUNS = "SELECT product_key, run_ts, run_order_id, run_line, price, last_ts,"
            + " last_order_id, last_line FROM PRODUCT_PRICE_RUNS ORDER BY ALL";

    private static final String P1_PRICE = "SELECT current_price, previous_price, price_changed_at::VARCHAR FROM DIM_PRODUCT"
            + " WHERE product_id = 'P-1'";

    @TempDir
    Path dir;

    @Override
    Warehouse openEmpty() {
        return new DuckDbWarehouse(dir.resolve("test.duckdb"));
    }

    @Override
    Connection inspect() throws Exception {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
    }

    @Test
    void priceRunsStoredWithoutTheirLastLineGetItFromTheFactsOnUpgrade() throws Exception {
        Path file = dir.resolve("upgrade.duckdb");
        loadGenerated(file, 7);
        List<String> loaded;
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file); var st = conn.createStatement()) {
            loaded = rows(conn, PRICE_RUNS);
            assertThat(loaded).as("runs with a price change").hasSizeGreaterThan(rows(conn, "SELECT 1 FROM DIM_PRODUCT").size());
            for (String column : List.of("last_ts", "last_order_id", "last_line")) {
                st.execute("ALTER TABLE PRODUCT_PRICE_RUNS DROP COLUMN " + column);
            }
        }
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
        }
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(rows(conn, PRICE_RUNS)).isEqualTo(loaded);
        }
    }

    @Test
    void customerVersionsStoredWithoutTheirFirstOrderGetItFromTheOrdersOnUpgrade() throws Exception {
        Path file = dir.resolve("upgrade-customers.duckdb");
        String versions = "SELECT customer_key, customer_id, version, region, valid_from, valid_to, is_current,"
                + " start_order_id, name FROM DIM_CUSTOMER ORDER BY ALL";
        loadGenerated(file, 11);
        List<String> loaded;
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file); var st = conn.createStatement()) {
            loaded = rows(conn, versions);
            assertThat(rows(conn, "SELECT 1 FROM DIM_CUSTOMER WHERE version > 1")).as("customers that changed region").isNotEmpty();
            st.execute("UPDATE DIM_CUSTOMER SET start_order_id = NULL");
        }
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
        }
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(rows(conn, versions)).isEqualTo(loaded);
        }
    }

    /**
     * A writer guesses where each product's stored lines end from the lines it committed itself, and begins a batch's
     * runs of one price after that (BatchStaging). A writer that did not store the latest line, here one started after
     * the writer that did, has no guess: its run starting at the instant of the stored line, which may fall inside it
     * by order_id, is placed line by line, so the current price began at the first line after the stored one, not at
     * the run's last.
     */
    @Test
    void aRunStartingAtTheLatestStoredLineOfAnotherWriterIsPlacedLineByLine() throws Exception {
        Path file = dir.resolve("another-writer.duckdb");
        for (OrderBatch batch : List.of(batch(0, pricedLine("O-5", "10:00:00", "12.00")), batch(1,
                pricedLine("O-1", "10:00:00", "10.00"), pricedLine("O-9", "10:00:01", "10.00"), pricedLine("O-10", "10:00:02", "10.00")))) {
            try (DuckDbWarehouse writer = new DuckDbWarehouse(file)) {
                writer.initSchema();
                writer.load(batch, conflicts -> { });
            }
        }
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(rows(conn, P1_PRICE)).containsExactly("10.00|12.00|2026-03-01 10:00:01|");
        }
    }

    /** An order of one line of P-1 at this price, on 2026-03-01 at this time of day. */
    private static Order pricedLine(String orderId, String timeOfDay, String price) {
        return TestOrders.order(orderId, "2026-03-01T" + timeOfDay + "Z", "C-1", "EU-WEST", TestOrders.line(1, "P-1", price, 1));
    }

    /** The orders at consecutive offsets of partition 0 from {@code firstOffset}, the batch numbered by it too. */
    private static OrderBatch batch(long firstOffset, Order... orders) {
        OrderBatch batch = new OrderBatch(firstOffset);
        long offset = firstOffset;
        for (Order order : orders) {
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 0, offset++),
                    order.customer().customerId(), OrderJson.write(order)));
        }
        return batch;
    }

    /**
     * The price runs kept are those of the lines, however late each arrives (all of the last run; the price and end
     * of the one before): orders seconds apart, so that a late line's stored neighbours are mostly found within a
     * minute of it, and a few on other days, so that some are not, loaded shuffled in batches of 1 to 40 against the
     * same orders loaded in event-time order in one batch. A failure names its seed; -DpriceRunsSeed=N repeats it.
     */
    @Test
    void priceRunsKeptAreThoseOfTheLinesWhateverTheArrivalOrder() throws Exception {
        long seed = Long.getLong("priceRunsSeed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 2; round++) {
            List<Order> orders = new ArrayList<>();
            java.time.Instant start = java.time.Instant.parse("2026-03-01T00:00:00Z");
            for (int i = 0; i < 1_500; i++) {
                long second = random.nextInt(20) == 0 ? 86_400L * (1 + random.nextInt(3)) + random.nextInt(600) : random.nextInt(600);
                String price = random.nextInt(10) < 8 ? "10.00" : random.nextBoolean() ? "11.00" : "12.00";
                orders.add(new Order(String.format("O-%05d", i), start.plusSeconds(second),
                        new Order.Customer("C-" + random.nextInt(20), "N", null, "EU-WEST"),
                        List.of(TestOrders.line(1, "P-" + random.nextInt(3), price, 1))));
            }
            List<Order> inEventTime = new ArrayList<>(orders);
            inEventTime.sort(java.util.Comparator.comparing(Order::orderTs).thenComparing(Order::orderId));
            Path ordered = dir.resolve(round + "-in-event-time.duckdb");
            Path shuffled = dir.resolve(round + "-shuffled.duckdb");
            load(ordered, List.of(inEventTime));
            java.util.Collections.shuffle(orders, random);
            List<List<Order>> batches = new ArrayList<>();
            for (int from = 0; from < orders.size(); ) {
                int to = Math.min(orders.size(), from + 1 + random.nextInt(40));
                batches.add(orders.subList(from, to));
                from = to;
            }
            load(shuffled, batches);

            // the start of a product's second-to-last run is not kept exact: no line before that run's end can
            // change what is shown, so a late line there is never placed
            String runs = "SELECT p.product_id, r.price, r.last_ts, r.last_order_id, r.last_line,"
                    + " CASE WHEN {'t': r.run_ts, 'o': r.run_order_id, 'l': r.run_line}"
                    + " = max({'t': r.run_ts, 'o': r.run_order_id, 'l': r.run_line}) OVER (PARTITION BY r.product_key)"
                    + " THEN r.run_ts::VARCHAR || ' ' || r.run_order_id || ' ' || r.run_line END AS last_run_start"
                    + " FROM PRODUCT_PRICE_RUNS r JOIN DIM_PRODUCT p USING (product_key) ORDER BY ALL";
            try (Connection inOrder = DriverManager.getConnection("jdbc:duckdb:" + ordered);
                 Connection late = DriverManager.getConnection("jdbc:duckdb:" + shuffled)) {
                List<String> expected = rows(inOrder, runs);
                assertThat(expected).as("runs of several prices").hasSizeGreaterThan(3);
                assertThat(rows(late, runs)).as("seed %d, round %d", seed, round).isEqualTo(expected);
            }
        }
    }

    private static void load(Path file, List<List<Order>> batches) throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
            long offset = 0;
            for (int n = 0; n < batches.size(); n++) {
                warehouse.load(batch(offset, batches.get(n).toArray(Order[]::new)), conflicts -> { });
                offset += batches.get(n).size();
            }
        }
    }

    /** 2,000 generated orders of the seed into a new warehouse file, in one batch. */
    private static void loadGenerated(Path file, long seed) throws Exception {
        load(file, List.of(TestOrders.generate(seed, 2_000)));
    }

    private static List<String> rows(Connection conn, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (var st = conn.createStatement(); var result = st.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(result.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
