package dev.ecompipe.warehouse;

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
import dev.ecompipe.report.ReportFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two loaders on one server warehouse writing at the same moments, batch after batch, each from its own
 * partition, sharing customers, products and dates, orders shuffled in event time: the warehouse ends as the
 * plain-Java oracle computes it from all orders, with no lost update and no date stored twice.
 */
abstract class ConcurrentLoadersContract {

    private static final int BATCH = 60;

    /** The settings of an empty warehouse of its own. */
    abstract Settings emptyWarehouse() throws Exception;

    /** How many orders the loaders share; a remote warehouse gets fewer. */
    int orders() {
        return 3_000;
    }

    @Test
    void concurrentBatchesSharingProductsCustomersAndDatesGiveTheOraclesAnswer() throws Exception {
        long seed = System.nanoTime();
        List<Order> orders = new ArrayList<>(TestOrders.generate(seed, orders()));
        Collections.shuffle(orders, new Random(seed));
        Settings settings = emptyWarehouse();
        ExecutorService loaders = Executors.newFixedThreadPool(2);
        try (Warehouse first = Warehouses.open(settings); Warehouse second = Warehouses.open(settings)) {
            first.initSchema();
            second.initSchema();
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Integer> a = loaders.submit(() -> loadEveryOther(first, orders, 0, together));
            Future<Integer> b = loaders.submit(() -> loadEveryOther(second, orders, 1, together));
            assertThat(a.get(10, TimeUnit.MINUTES) + b.get(10, TimeUnit.MINUTES)).isEqualTo(orders.size());

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
