package dev.ecompipe.warehouse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ecompipe.TestOrders;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.ecompipe.TestOrders.line;
import static dev.ecompipe.TestOrders.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warehouse contract, the same for every implementation: loading, idempotency, conflicts, slowly
 * changing dimensions by event time whatever the arrival order, hostile strings, analytics.
 */
abstract class WarehouseContractTest {

    private Warehouse warehouse;
    private long offset;
    private long batches;
    private final List<IncomingOrder> conflicts = new ArrayList<>();

    /** A warehouse with an empty schema of its own. */
    abstract Warehouse openEmpty() throws Exception;

    /** A separate connection to the same warehouse, to look at its tables. */
    abstract Connection inspect() throws Exception;

    /** Whether ORDER_EVENTS' key is enforced (Dialect.enforcesOrderKey); Snowflake's is not, so it compares first. */
    boolean enforcesOrderKey() {
        return true;
    }

    /** PostgreSQL's text cannot hold U+0000; the reader dead-letters such orders before they reach it. */
    boolean storesNulCharacters() {
        return true;
    }

    @BeforeEach
    void open() throws Exception {
        warehouse = openEmpty();
        warehouse.initSchema();
        warehouse.initSchema();
    }

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    private Warehouse.LoadResult load(Order... orders) throws WarehouseException {
        OrderBatch batch = new OrderBatch(batches++);
        for (Order order : orders) {
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 0, offset++),
                    order.customer().customerId(), OrderJson.write(order)));
        }
        return warehouse.load(batch, conflicts::addAll);
    }

    private List<Map<String, Object>> history() throws WarehouseException {
        return warehouse.report(10).get("customer_history");
    }

    private List<String> versions() throws WarehouseException {
        return history().stream().map(v -> v.get("version") + ":" + v.get("region") + ":" + v.get("valid_from")
                + ".." + v.get("valid_to") + (Boolean.TRUE.equals(v.get("is_current")) ? ":current" : "")).toList();
    }

    private Map<String, String> factRegions() throws Exception {
        Map<String, String> regions = new java.util.TreeMap<>();
        try (var conn = inspect(); var st = conn.createStatement();
             var rows = st.executeQuery("SELECT f.order_id, c.region, c.version FROM FACT_ORDERS f"
                     + " JOIN DIM_CUSTOMER c ON c.customer_key = f.customer_key")) {
            while (rows.next()) {
                regions.put(rows.getString(1), rows.getString(2) + "@v" + rows.getInt(3));
            }
        }
        return regions;
    }

    @Test
    void aLateOrderSplitsAVersionAndFactsFollowTheirVersion() throws Exception {
        load(order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "1.00", 1)),
             order("O-3", "2026-03-03T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "1.00", 1)));
        assertThat(versions()).containsExactly("1:EU-WEST:2026-03-01T10:00:00.000Z..null:current");

        load(order("O-2", "2026-03-02T10:00:00Z", "C-1", "US-EAST", line(1, "P-1", "1.00", 1)));

        assertThat(versions()).containsExactly(
                "1:EU-WEST:2026-03-01T10:00:00.000Z..2026-03-02T10:00:00.000Z",
                "2:US-EAST:2026-03-02T10:00:00.000Z..2026-03-03T10:00:00.000Z",
                "3:EU-WEST:2026-03-03T10:00:00.000Z..null:current");
        assertThat(factRegions()).containsExactly(
                Map.entry("O-1", "EU-WEST@v1"), Map.entry("O-2", "US-EAST@v2"), Map.entry("O-3", "EU-WEST@v3"));
    }

    @Test
    void aLateOrderBeforeTheFirstVersionBecomesVersionOneAndLatestNameStays() throws Exception {
        load(new Order("O-2", java.time.Instant.parse("2026-03-02T10:00:00Z"),
                new Order.Customer("C-1", "New Name", "new@example.com", "EU-WEST"), List.of(line(1, "P-1", "1.00", 1))));
        load(new Order("O-1", java.time.Instant.parse("2026-03-01T10:00:00Z"),
                new Order.Customer("C-1", "Old Name", null, "US-EAST"), List.of(line(1, "P-1", "1.00", 1))));

        assertThat(versions()).containsExactly(
                "1:US-EAST:2026-03-01T10:00:00.000Z..2026-03-02T10:00:00.000Z",
                "2:EU-WEST:2026-03-02T10:00:00.000Z..null:current");
        assertThat(factRegions()).containsExactly(Map.entry("O-1", "US-EAST@v1"), Map.entry("O-2", "EU-WEST@v2"));
        try (var conn = inspect(); var st = conn.createStatement();
             var rows = st.executeQuery("SELECT DISTINCT name, email FROM DIM_CUSTOMER")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("New Name");
            assertThat(rows.getString(2)).isEqualTo("new@example.com");
            assertThat(rows.next()).as("Type 1: every version shows the latest name").isFalse();
        }
    }

    @Test
    void ordersAtTheSameInstantAreOrderedByOrderId() throws Exception {
        load(order("O-B", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "1.00", 1)));
        load(order("O-A", "2026-03-01T10:00:00Z", "C-1", "US-EAST", line(1, "P-1", "1.00", 1)));

        assertThat(versions()).containsExactly(
                "1:US-EAST:2026-03-01T10:00:00.000Z..2026-03-01T10:00:00.000Z",
                "2:EU-WEST:2026-03-01T10:00:00.000Z..null:current");
        assertThat(factRegions()).containsExactly(Map.entry("O-A", "US-EAST@v1"), Map.entry("O-B", "EU-WEST@v2"));
    }

    @Test
    void aPriceThatChangesAndChangesBackKeepsThePreviousPriceByEventTime() throws Exception {
        load(order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 1)));
        assertThat(price("P-1")).isEqualTo("10.00|null|null");
        load(order("O-3", "2026-03-03T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 1)),
             order("O-2", "2026-03-02T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "12.00", 1)));
        assertThat(price("P-1")).isEqualTo("10.00|12.00|2026-03-03T10:00:00.000Z");

        // a late line at the old price, after the change to 12.00: the current price began earlier
        load(order("O-25", "2026-03-02T12:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 1)));
        assertThat(price("P-1")).isEqualTo("10.00|12.00|2026-03-02T12:00:00.000Z");

        // a late line that is not the latest does not change the Type 1 name
        load(new Order("O-0", java.time.Instant.parse("2026-02-01T10:00:00Z"), new Order.Customer("C-1", "N", null, "EU-WEST"),
                List.of(new Order.Line(1, "P-1", "Old Product Name", "Old Category", new java.math.BigDecimal("9.00"), 1))));
        assertThat(price("P-1")).isEqualTo("10.00|12.00|2026-03-02T12:00:00.000Z");
        assertThat(warehouse.report(10).get("product_performance").get(0))
                .containsEntry("product_name", "Product P-1").containsEntry("category", "Category")
                .containsEntry("units", 5L).containsEntry("revenue", "51.00").containsEntry("avg_unit_price", "10.20");
    }

    /**
     * New lines of one price on both sides of a stored run of another: the two after it are a run of their own, which
     * began at the first of them, however the lines of one price around that run are read together.
     */
    @Test
    void linesOfOnePriceAroundAStoredRunOfAnotherStartANewRunAfterIt() throws Exception {
        load(order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "1.00", 1)),
             order("O-5", "2026-03-05T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "2.00", 1)));
        assertThat(price("P-1")).isEqualTo("2.00|1.00|2026-03-05T10:00:00.000Z");

        load(order("O-2", "2026-03-02T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "3.00", 1)),
             order("O-6", "2026-03-06T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "3.00", 1)),
             order("O-7", "2026-03-07T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "3.00", 1)));

        assertThat(price("P-1")).isEqualTo("3.00|2.00|2026-03-06T10:00:00.000Z");
    }

    @Test
    void theLatestLineIsTheSameWhetherTwoOrdersComeInOneBatchOrInTwo() throws Exception {
        // at the same instant, order ids compare by code point: U+FF21 before U+1F600 (UTF-16 would say the opposite)
        load(productOrder("A-\uD83D\uDE00", "P-1", "Emoji Name"), productOrder("A-\uFF21", "P-1", "Fullwidth Name"));
        load(productOrder("B-\uD83D\uDE00", "P-2", "Emoji Name"));
        load(productOrder("B-\uFF21", "P-2", "Fullwidth Name"));
        assertThat(productName("P-1")).isEqualTo("Emoji Name");
        assertThat(productName("P-2")).isEqualTo("Emoji Name");
    }

    /**
     * A batch's run of one price that starts at the same instant as the latest stored line, before it by order_id:
     * the stored line may fall inside the run, so the run's lines are placed one by one (on DuckDB the writer that
     * stored that line makes the batch's lines up to its instant runs of their own), and the current price began at
     * the first of them after the stored line, not at the run's last.
     */
    @Test
    void aRunStartingAtTheInstantOfTheLatestStoredLineIsPlacedLineByLine() throws Exception {
        load(pricedAt("O-5", "10:00:00", "12.00"));
        load(pricedAt("O-1", "10:00:00", "10.00"), pricedAt("O-9", "10:00:01", "10.00"), pricedAt("O-10", "10:00:02", "10.00"));
        assertThat(price("P-1")).isEqualTo("10.00|12.00|2026-03-01T10:00:01.000Z");
    }

    /** An order of one line of P-1 at this price, on 2026-03-01 at this time of day. */
    private static Order pricedAt(String orderId, String timeOfDay, String price) {
        return order(orderId, "2026-03-01T" + timeOfDay + "Z", "C-1", "EU-WEST", line(1, "P-1", price, 1));
    }

    /**
     * A repeat with other content at the end of a run of one price among the batch's lines: it is a conflict, so the
     * run ends at the new line before it, and a later line of another price inside that run splits it there.
     */
    @Test
    void aConflictingRepeatDoesNotEndAPriceRun() throws Exception {
        load(order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 1)));

        assertThat(load(order("O-2", "2026-03-02T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "12.00", 1)),
                order("O-3", "2026-03-03T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "12.00", 1)),
                order("O-1", "2026-03-05T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "12.00", 1))))
                .isEqualTo(new Warehouse.LoadResult(2, 2, 0, 1, 0));
        assertThat(price("P-1")).isEqualTo("12.00|10.00|2026-03-02T10:00:00.000Z");

        load(order("O-4", "2026-03-02T12:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 1)));
        assertThat(price("P-1")).isEqualTo("12.00|10.00|2026-03-03T10:00:00.000Z");
    }

    /**
     * Orders loaded before come again with other content, in a batch where they would be their products' latest
     * lines: they are conflicts, so a product keeps the name of the version loaded first (P-1), unless a new order
     * of the batch has a later line of it than the stored ones, which names it (P-3: not the repeat's line, not the
     * stored one); a new order still names its own product (P-2).
     */
    @Test
    void aConflictingRepeatDoesNotNameItsProduct() throws Exception {
        load(productOrder("O-1", "P-1", "First Name"), productOrder("O-4", "P-3", "Stored Name"));

        assertThat(load(productOrder("O-1", "2026-03-02T10:00:00Z", "P-1", "Conflicting Name"),
                productOrder("O-4", "2026-03-02T10:00:00Z", "P-3", "Conflicting Name"),
                productOrder("O-2", "2026-03-01T11:00:00Z", "P-2", "Second Name"),
                productOrder("O-3", "2026-03-01T12:00:00Z", "P-3", "Third Name")))
                .isEqualTo(new Warehouse.LoadResult(2, 2, 0, 2, 0));

        assertThat(productName("P-1")).isEqualTo("First Name");
        assertThat(productName("P-2")).isEqualTo("Second Name");
        assertThat(productName("P-3")).isEqualTo("Third Name");
    }

    private static Order productOrder(String orderId, String productId, String productName) {
        return productOrder(orderId, "2026-03-01T10:00:00Z", productId, productName);
    }

    private static Order productOrder(String orderId, String orderTs, String productId, String productName) {
        return new Order(orderId, java.time.Instant.parse(orderTs), new Order.Customer("C-1", "N", null, "EU-WEST"),
                List.of(new Order.Line(1, productId, productName, "Category", new java.math.BigDecimal("1.00"), 1)));
    }

    private String productName(String productId) throws Exception {
        return warehouse.report(10).get("product_performance").stream()
                .filter(row -> productId.equals(row.get("product_id"))).map(row -> (String) row.get("product_name"))
                .findFirst().orElseThrow();
    }

    /**
     * Type 3 against a plain-Java reading of the same lines: prices that change often, timestamps that tie,
     * three days apart with hours of no lines between them, orders arriving shuffled in batches of random size. After every batch each product shows the last two
     * runs of equal prices among the lines loaded so far, by (order_ts, order_id, line_number).
     */
    @Test
    void priceRunsFollowEventTimeWhateverTheArrivalOrder() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        java.time.Instant start = java.time.Instant.parse("2026-03-01T00:00:00Z");
        checkPriceRuns(random, seed, 1000, i -> start.plusSeconds(60L * random.nextInt(200) + 86_400L * random.nextInt(3)), 40);
    }

    /**
     * The same, with orders arriving as in real time: in their order but for a tenth that are up to ten minutes late,
     * in batches of up to 200, so that most of a batch's lines come after every stored line of their product and
     * runs of them are placed by their ends only, among late lines that fall inside stored runs.
     */
    @Test
    void priceRunsFollowEventTimeInRealTimeWithLateOrders() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        java.time.Instant start = java.time.Instant.parse("2026-03-01T00:00:00Z");
        checkPriceRuns(random, seed, 2000,
                i -> start.plusSeconds(i * 5L - (random.nextInt(10) == 0 ? random.nextInt(600) : 0)), 200);
    }

    private void checkPriceRuns(java.util.Random random, long seed, int count, java.util.function.IntFunction<java.time.Instant> orderTs,
                                int maxBatch) throws Exception {
        List<String> products = List.of("P-1", "P-2", "P-3");
        List<String> prices = List.of("10.00", "11.00", "12.00");
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Order.Line> lines = new ArrayList<>();
            List<String> chosen = new ArrayList<>(products);
            java.util.Collections.shuffle(chosen, random);
            for (int n = 1; n <= 1 + random.nextInt(3); n++) {
                lines.add(line(n, chosen.get(n - 1), prices.get(random.nextInt(10) < 7 ? 0 : random.nextInt(3)), 1));
            }
            orders.add(new Order(String.format("O-%04d", random.nextInt(10_000)) + "-" + i,
                    orderTs.apply(i), new Order.Customer("C-1", "N", null, "EU-WEST"), lines));
        }
        loadInRandomBatches(orders, random, maxBatch, loaded -> {
            for (String product : products) {
                assertThat(price(product)).as("%s after %d orders, seed %d", product, loaded.size(), seed)
                        .isEqualTo(expectedPrice(loaded, product));
            }
        });
    }

    /** After each batch, what every order loaded so far must show. */
    private interface LoadedCheck {
        void after(List<Order> loaded) throws Exception;
    }

    /** Loads the orders in their order, in batches of 1 to 40, and checks them after each batch. */
    private void loadInRandomBatches(List<Order> orders, java.util.Random random, LoadedCheck check) throws Exception {
        loadInRandomBatches(orders, random, 40, check);
    }

    /** Loads the orders in their order, in batches of 1 to {@code maxBatch}, and checks them after each batch. */
    private void loadInRandomBatches(List<Order> orders, java.util.Random random, int maxBatch, LoadedCheck check) throws Exception {
        List<Order> loaded = new ArrayList<>();
        for (int from = 0; from < orders.size(); ) {
            int to = Math.min(orders.size(), from + 1 + random.nextInt(maxBatch));
            List<Order> batch = orders.subList(from, to);
            load(batch.toArray(Order[]::new));
            loaded.addAll(batch);
            check.after(loaded);
            from = to;
        }
    }

    /**
     * Type 2 and Type 1 against a plain-Java reading of the same orders: regions that change often and come back,
     * timestamps that tie, orders arriving shuffled in batches of random size. After every batch each customer's
     * versions are the runs of equal regions among its orders loaded so far by (order_ts, order_id), every fact
     * points at the version of its own order, and every version shows the name of the customer's latest order.
     */
    @Test
    void customerVersionsFollowEventTimeWhateverTheArrivalOrder() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        List<String> customers = List.of("C-1", "C-2", "C-3");
        List<String> regions = List.of("EU-WEST", "US-EAST", "APAC");
        java.time.Instant start = java.time.Instant.parse("2026-03-01T00:00:00Z");
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String customer = customers.get(random.nextInt(customers.size()));
            orders.add(new Order(String.format("O-%04d", random.nextInt(10_000)) + "-" + i,
                    start.plusSeconds(60L * random.nextInt(300)),
                    new Order.Customer(customer, "Name " + i, null, regions.get(random.nextInt(10) < 6 ? 0 : random.nextInt(3))),
                    List.of(line(1, "P-1", "1.00", 1))));
        }
        loadInRandomBatches(orders, random, loaded -> {
            assertThat(versions()).as("after %d orders, seed %d", loaded.size(), seed).isEqualTo(expectedVersions(loaded));
            Map<String, String> facts = factRegions();
            for (Order order : loaded) {
                assertThat(facts.get(order.orderId())).as("fact of %s after %d orders, seed %d", order.orderId(),
                        loaded.size(), seed).startsWith(order.customer().region() + "@v");
            }
            assertThat(factVersionsStartBeforeTheirOrders()).as("after %d orders, seed %d", loaded.size(), seed).isZero();
            try (var conn = inspect(); var st = conn.createStatement();
                 var rows = st.executeQuery("SELECT customer_id, min(name), max(name) FROM DIM_CUSTOMER GROUP BY customer_id")) {
                while (rows.next()) {
                    String latest = latestName(loaded, rows.getString(1));
                    assertThat(rows.getString(2)).as("%s after %d orders, seed %d", rows.getString(1), loaded.size(), seed).isEqualTo(latest);
                    assertThat(rows.getString(3)).isEqualTo(latest);
                }
            }
        });
    }

    /** Facts whose version does not hold their order: it starts after it, or the next version starts before it. */
    private long factVersionsStartBeforeTheirOrders() throws Exception {
        try (var conn = inspect(); var st = conn.createStatement();
             var rows = st.executeQuery("SELECT count(*) FROM FACT_ORDERS f JOIN DIM_CUSTOMER c ON c.customer_key = f.customer_key"
                     + " LEFT JOIN DIM_CUSTOMER n ON n.customer_id = c.customer_id AND n.version = c.version + 1"
                     + " WHERE f.order_ts < c.valid_from OR (f.order_ts = c.valid_from AND f.order_id < c.start_order_id)"
                     + " OR f.order_ts > n.valid_from OR (f.order_ts = n.valid_from AND f.order_id >= n.start_order_id)")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** version:region:from..to[:current] of every customer, the way {@link #versions} shows them. */
    private static List<String> expectedVersions(List<Order> loaded) {
        List<Order> sorted = new ArrayList<>(loaded);
        sorted.sort(java.util.Comparator.comparing((Order o) -> o.customer().customerId())
                .thenComparing(Order::orderTs).thenComparing(Order::orderId, BatchStaging::compareCodePoints));
        List<String> versions = new ArrayList<>();
        List<Order> starts = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Order order = sorted.get(i);
            Order before = i == 0 ? null : sorted.get(i - 1);
            if (before == null || !before.customer().customerId().equals(order.customer().customerId())
                    || !before.customer().region().equals(order.customer().region())) {
                starts.add(order);
            }
        }
        for (int i = 0; i < starts.size(); i++) {
            Order first = starts.get(i);
            Order next = i + 1 < starts.size() && starts.get(i + 1).customer().customerId().equals(first.customer().customerId())
                    ? starts.get(i + 1) : null;
            int version = 1;
            for (int j = i - 1; j >= 0 && starts.get(j).customer().customerId().equals(first.customer().customerId()); j--) {
                version++;
            }
            versions.add(version + ":" + first.customer().region() + ":" + Analytics.time(first.orderTs()) + ".."
                    + (next == null ? "null:current" : Analytics.time(next.orderTs())));
        }
        return versions;
    }

    private static String latestName(List<Order> loaded, String customerId) {
        return loaded.stream().filter(o -> o.customer().customerId().equals(customerId))
                .max(java.util.Comparator.comparing(Order::orderTs).thenComparing(Order::orderId, BatchStaging::compareCodePoints))
                .orElseThrow().customer().name();
    }

    /** current|previous|changed_at from every loaded line of the product, the way {@link #price} shows them. */
    private static String expectedPrice(List<Order> loaded, String productId) {
        record PricedLine(java.time.Instant ts, String orderId, int lineNumber, java.math.BigDecimal price) { }
        List<PricedLine> lines = new ArrayList<>();
        for (Order order : loaded) {
            for (Order.Line line : order.lines()) {
                if (line.productId().equals(productId)) {
                    lines.add(new PricedLine(order.orderTs(), order.orderId(), line.lineNumber(), line.unitPrice()));
                }
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        lines.sort(java.util.Comparator.comparing(PricedLine::ts).thenComparing(PricedLine::orderId)
                .thenComparingInt(PricedLine::lineNumber));
        List<PricedLine> runs = new ArrayList<>();
        for (PricedLine line : lines) {
            if (runs.isEmpty() || runs.get(runs.size() - 1).price().compareTo(line.price()) != 0) {
                runs.add(line);
            }
        }
        PricedLine current = runs.get(runs.size() - 1);
        PricedLine previous = runs.size() > 1 ? runs.get(runs.size() - 2) : null;
        return current.price() + "|" + (previous == null ? null : previous.price()) + "|"
                + (previous == null ? null : Analytics.time(current.ts()));
    }

    private String price(String productId) throws Exception {
        try (var conn = inspect(); var st = conn.createStatement();
             var rows = st.executeQuery("SELECT current_price, previous_price, price_changed_at FROM DIM_PRODUCT"
                     + " WHERE product_id = '" + productId + "'")) {
            if (!rows.next()) {
                return null;
            }
            var changedAt = rows.getTimestamp(3);
            return rows.getBigDecimal(1) + "|" + rows.getBigDecimal(2) + "|"
                    + (changedAt == null ? null : Analytics.time(changedAt.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC)));
        }
    }

    @Test
    void loadingTheSameOrderTwiceChangesNothingAndChangedContentIsAConflict() throws Exception {
        Order original = order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 2));
        assertThat(load(original)).isEqualTo(new Warehouse.LoadResult(1, 1, 0, 0, 0));
        var before = warehouse.report(10);

        assertThat(load(original)).isEqualTo(new Warehouse.LoadResult(0, 0, 1, 0, 0));
        Order changed = order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 3));
        assertThat(load(changed)).isEqualTo(new Warehouse.LoadResult(0, 0, 0, 1, 0));

        assertThat(conflicts).extracting(c -> new String(c.originalBytes(), StandardCharsets.UTF_8))
                .containsExactly(TestOrders.json(changed));
        assertThat(warehouse.report(10)).isEqualTo(before);
        assertThat(warehouse.committedOffsets()).containsEntry(new org.apache.kafka.common.TopicPartition("orders", 0), 2L);
    }

    /**
     * A batch that repeats some loaded orders among new ones (a producer's retry, a replay that overlaps): the
     * new ones are loaded with their lines, the repeats are skipped or dead-lettered and add no line. Where the
     * key is enforced, this is the batch the key rejects first and that is written again comparing first.
     */
    @Test
    void aBatchPartlyLoadedBeforeLoadsOnlyItsNewOrders() throws Exception {
        Order first = order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 2));
        Order second = order("O-2", "2026-03-01T11:00:00Z", "C-2", "US-EAST", line(1, "P-1", "10.00", 1));
        load(first, second);
        Order changedSecond = order("O-2", "2026-03-01T11:00:00Z", "C-2", "US-EAST", line(1, "P-1", "12.00", 1));
        Order third = order("O-3", "2026-03-01T12:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 5),
                line(2, "P-2", "3.00", 1));

        assertThat(load(first, changedSecond, third)).isEqualTo(new Warehouse.LoadResult(1, 2, 1, 1, 0));

        assertThat(conflicts).extracting(IncomingOrder::orderId).containsExactly("O-2");
        try (var conn = inspect(); var st = conn.createStatement();
             var rows = st.executeQuery("SELECT order_id, count(*), sum(quantity) FROM FACT_ORDERS GROUP BY order_id ORDER BY order_id")) {
            List<String> facts = new ArrayList<>();
            while (rows.next()) {
                facts.add(rows.getString(1) + ":" + rows.getInt(2) + ":" + rows.getInt(3));
            }
            assertThat(facts).containsExactly("O-1:1:2", "O-2:1:1", "O-3:2:6");
        }
    }

    /** Where the load's time goes: every step of the batch transaction is timed, in the order the steps ran. */
    @Test
    void theStepsOfEveryBatchAreTimedInTheOrderTheyRan() throws Exception {
        assertThat(warehouse.loadStepSeconds()).isEmpty();
        load(order("O-1", "2026-03-01T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 2)));
        Map<String, Double> first = warehouse.loadStepSeconds();
        assertThat(first.keySet()).containsSubsequence("stage", "lock", "fence", "insert_order_events", "merge_products",
                "reprice_products", "rebuild_customers", "insert_facts", "save_offsets", "commit");
        if (enforcesOrderKey()) {
            assertThat(first.keySet()).as("nothing was loaded before, and the key says so: no join with every stored order")
                    .doesNotContain("find_already_loaded");
        } else {
            assertThat(first.keySet()).containsSubsequence("fence", "find_already_loaded", "insert_order_events");
        }
        assertThat(first.values()).allSatisfy(seconds -> assertThat(seconds).isPositive());

        load(order("O-2", "2026-03-02T10:00:00Z", "C-1", "EU-WEST", line(1, "P-1", "10.00", 2)));
        Map<String, Double> second = warehouse.loadStepSeconds();
        assertThat(second.get("stage")).as("totals over every batch").isGreaterThan(first.get("stage"));
        assertThat(second.get("commit")).isGreaterThan(first.get("commit"));
    }

    /**
     * A loader froze with an open batch of partition 3, offsets 0 to 5, and another loader took the partition
     * over and settled offsets 0 to 3 (one of them a conflicting duplicate it dead-lettered). When the frozen
     * one wakes and writes its batch, the settled messages are left out, not found again as duplicates or
     * conflicts: only offsets 4 and 5 are loaded.
     */
    @Test
    void aBatchOfALoaderThatLostItsPartitionLeavesOutWhatTheNewOwnerSettled() throws Exception {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(order("O-" + i, "2026-03-0" + (i + 1) + "T10:00:00Z", "C-" + i, "EU-WEST", line(1, "P-1", "1.00", 1)));
        }
        Order conflicting = order("O-0", "2026-03-01T10:00:00Z", "C-0", "EU-WEST", line(1, "P-1", "1.00", 7));
        List<Order> stream = List.of(orders.get(0), orders.get(1), conflicting, orders.get(2), orders.get(3), orders.get(4));

        Warehouse.LoadResult newOwner = warehouse.load(partitionBatch(3, stream.subList(0, 4)), conflicts::addAll);
        assertThat(newOwner).isEqualTo(new Warehouse.LoadResult(3, 3, 0, 1, 0));
        assertThat(conflicts).hasSize(1);

        Warehouse.LoadResult zombie = warehouse.load(partitionBatch(3, stream), conflicts::addAll);

        assertThat(zombie).as("offsets 0-3 settled elsewhere, 4-5 loaded").isEqualTo(new Warehouse.LoadResult(2, 2, 0, 0, 4));
        assertThat(conflicts).as("the conflict is not dead-lettered twice").hasSize(1);
        assertThat(warehouse.committedOffsets()).containsEntry(new org.apache.kafka.common.TopicPartition("orders", 3), 5L);
        assertThat(warehouse.report(10).get("product_performance").get(0)).containsEntry("units", 5L);

        Warehouse.LoadResult late = warehouse.load(partitionBatch(3, stream.subList(0, 3)), conflicts::addAll);
        assertThat(late).as("a batch wholly settled elsewhere changes nothing").isEqualTo(new Warehouse.LoadResult(0, 0, 0, 0, 3));
        assertThat(warehouse.committedOffsets()).containsEntry(new org.apache.kafka.common.TopicPartition("orders", 3), 5L);
    }

    /** The orders as messages 0, 1, 2... of one partition, in one batch. */
    private OrderBatch partitionBatch(int partition, List<Order> orders) {
        OrderBatch batch = new OrderBatch(batches++);
        long position = 0;
        for (Order order : orders) {
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", partition, position++),
                    order.customer().customerId(), OrderJson.write(order)));
        }
        return batch;
    }

    @Test
    void hostileStringsRoundTrip() throws Exception {
        String hostile = "Robert'); DROP TABLE FACT_ORDERS;-- \"😀\n\t\\ \\N ünï\r" + (storesNulCharacters() ? "\u0000" : "");
        load(new Order("O-'1", java.time.Instant.parse("2026-03-01T10:00:00Z"),
                new Order.Customer(hostile, hostile, hostile, hostile),
                List.of(new Order.Line(1, hostile, hostile, hostile, new java.math.BigDecimal("1.00"), 1))));
        var report = warehouse.report(10);
        assertThat(report.get("customer_history").get(0)).containsEntry("customer_id", hostile).containsEntry("region", hostile);
        assertThat(report.get("product_performance").get(0)).containsEntry("product_name", hostile).containsEntry("category", hostile);
    }
}
