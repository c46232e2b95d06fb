package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.TestOrders;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.config.Settings;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.oracle.AnalyticsOracle;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.postgres.TestPostgres;
import dev.ecompipe.report.ReportFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two loaders on one PostgreSQL warehouse writing at the same moments, batch after batch, each from its own
 * partition, sharing customers, products and dates, orders shuffled in event time: the warehouse ends as the
 * plain-Java oracle computes it from all orders, with no lost update and no date stored twice.
 */
class PostgresConcurrentLoadersTest {

    private static final int ORDERS = 3_000;
    private static final int BATCH = 60;

    @Test
    void concurrentBatchesSharingProductsCustomersAndDatesGiveTheOraclesAnswer() throws Exception {
        long seed = System.nanoTime();
        List<Order> orders = new ArrayList<>(TestOrders.generate(seed, ORDERS));
        Collections.shuffle(orders, new Random(seed));
        Settings settings = Settings.of(TestPostgres.settings(TestPostgres.newDatabase("concurrent")));
        ExecutorService loaders = Executors.newFixedThreadPool(2);
        try (Warehouse first = Warehouses.open(settings); Warehouse second = Warehouses.open(settings)) {
            first.initSchema();
            second.initSchema();
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Integer> a = loaders.submit(() -> loadEveryOther(first, orders, 0, together));
            Future<Integer> b = loaders.submit(() -> loadEveryOther(second, orders, 1, together));
            assertThat(a.get(3, TimeUnit.MINUTES) + b.get(3, TimeUnit.MINUTES)).isEqualTo(ORDERS);

            ObjectMapper json = new ObjectMapper();
            var expected = json.readTree(ReportFormat.json(AnalyticsOracle.report(orders, 1_000)));
            var actual = json.readTree(ReportFormat.json(first.report(1_000)));
            for (String name : Analytics.NAMES) {
                assertThat(actual.get(name)).as(name + ", seed " + seed).isEqualTo(expected.get(name));
            }
        } finally {
            loaders.shutdownNow();
        }
    }

    /**
     * An instance starting (init-schema) while another is in the middle of a batch: the starting one waits at
     * the load lock before it locks any table, so the batch finishes and both go on, with no deadlock.
     */
    @Test
    void anInstanceStartingWhileAnotherIsMidBatchWaitsForItInsteadOfDeadlocking() throws Exception {
        String url = TestPostgres.newDatabase("starting");
        Settings settings = Settings.of(TestPostgres.settings(url));
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try (Warehouse running = Warehouses.open(settings);
             Connection batch = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement statement = batch.createStatement()) {
            running.initSchema();
            batch.setAutoCommit(false);
            statement.execute("UPDATE LOAD_LOCK SET batches = batches + 1 WHERE name = 'load'");
            Future<?> starting = starter.submit(() -> {
                try (Warehouse second = Warehouses.open(settings)) {
                    second.initSchema();
                }
                return null;
            });
            TimeUnit.SECONDS.sleep(1);
            statement.execute("INSERT INTO FACT_ORDERS VALUES ('O-1', 1, NULL, 1, 20260301, 1, 1.00, 1.00,"
                    + " TIMESTAMP '2026-03-01 10:00:00', 'orders', 0, 0, TIMESTAMP '2026-03-01 10:00:00')");
            batch.commit();
            starting.get(30, TimeUnit.SECONDS);
        } finally {
            starter.shutdownNow();
        }
    }

    /** Loads the orders at even (or odd) positions as messages of partition {@code partition}, batch by batch. */
    private static int loadEveryOther(Warehouse warehouse, List<Order> orders, int partition, CyclicBarrier together)
            throws Exception {
        int loaded = 0;
        long offset = 0;
        long sequence = 0;
        for (int from = 0; from < orders.size(); from += 2 * BATCH) {
            OrderBatch batch = new OrderBatch(sequence++);
            for (int i = from + partition; i < Math.min(orders.size(), from + 2 * BATCH); i += 2) {
                Order order = orders.get(i);
                batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", partition, offset++),
                        order.customer().customerId(), OrderJson.write(order)));
            }
            together.await(1, TimeUnit.MINUTES);
            loaded += warehouse.load(batch, conflicts -> { }).ordersLoaded();
        }
        return loaded;
    }

}
