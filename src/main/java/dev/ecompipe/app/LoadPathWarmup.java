package dev.ecompipe.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.order.OrderReader;
import dev.ecompipe.producer.MockOrderGenerator;
import dev.ecompipe.warehouse.DuckDbWarehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the consumer joins its group, runs generated orders through what every message meets, parsing,
 * validation, fingerprinting, batching, staging and every merge step, into a scratch DuckDB file that is
 * deleted afterwards. The first real batches then run compiled code instead of paying the JIT's and the
 * first queries' start-up while messages wait behind them. Nothing reaches Kafka or the real warehouse.
 * It runs on a thread of its own while the connection to Kafka (or the embedded broker) is set up; Camel and the
 * warehouse start after it on a quiet topic and beside it while orders are arriving, and the consumer joins once
 * both are done.
 */
public final class LoadPathWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(LoadPathWarmup.class);
    /** Batch sizes in turn: the small ones a trickle makes, the large ones a backlog makes. */
    private static final int[] BATCH_ORDERS = {50, 400, 2_000, 5_000};
    /** How often, at most, the warm-up asks whether orders are arriving. */
    private static final long TRAFFIC_CHECK_NANOS = 250_000_000;

    private LoadPathWarmup() {
    }

    /**
     * Warms with {@code maxOrders} orders, or for {@code millis} if that ends first; 0 of either does nothing. The work,
     * not the time, is what warms, and how much work a few seconds hold depends on the machine's hour: 3 s held 2,450
     * to 7,500 orders on 2 cores, after which the first seconds of traffic were slower than after 30,000 (README).
     * Once {@code minMillis} have passed and the rest of the start waits for it ({@link InBackground#await}), the
     * warm-up also ends when {@code trafficArriving} says orders are being produced: a start under live traffic (a
     * restart, a deploy) then joins sooner, since every second of warming is a second of orders waiting, and by hand
     * its backlog cleared sooner for it than after the whole warm-up did.
     *
     * @param stopping ends the warm-up after its current batch: the process is shutting down
     * @return a handle that tells when the warm-up is done
     */
    public static InBackground start(long millis, long maxOrders, long minMillis, BooleanSupplier trafficArriving,
                                     BooleanSupplier stopping) {
        InBackground warmup = new InBackground();
        Thread thread = new Thread(() -> {
            try {
                // while the rest of the start is still under way, warming costs no time, whatever is arriving
                warmup.orders.complete(run(millis, maxOrders, minMillis,
                        () -> warmup.awaited.get() && trafficArriving.getAsBoolean(),
                        () -> warmup.cancelled.get() || stopping.getAsBoolean()));
            } catch (Throwable e) {
                warmup.orders.completeExceptionally(e);
            }
        }, "load-path-warmup");
        thread.setDaemon(true);
        thread.start();
        return warmup;
    }

    /** A warm-up running on its own thread. */
    public static final class InBackground implements AutoCloseable {
        private final CompletableFuture<Long> orders = new CompletableFuture<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean awaited = new AtomicBoolean();

        private InBackground() {
        }

        /**
         * Waits until the warm-up is done or {@code trafficArriving} says orders are being produced, asking at most every
         * 250 ms. On a quiet topic Camel then starts after the warm-up, as before: started beside it, the first seconds
         * of traffic after the join were slower (docs/performance-history.md); under
         * traffic it starts beside it, since every second of the start is a second of orders waiting.
         *
         * @return whether orders are arriving
         */
        public boolean awaitUnlessTrafficArrives(BooleanSupplier trafficArriving) throws InterruptedException {
            while (!orders.isDone()) {
                if (trafficArriving.getAsBoolean()) {
                    return true;
                }
                try {
                    orders.get(TRAFFIC_CHECK_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException stillWarming) {
                    // ask again
                } catch (ExecutionException failed) {
                    return false;
                }
            }
            return false;
        }

        /**
         * Waits until the warm-up is done and returns the orders it ran. Called once the rest of the start is done:
         * from then on, orders arriving end the warm-up after its minimum.
         */
        public long await() {
            awaited.set(true);
            return orders.join();
        }

        /** Ends the warm-up after its current batch: the run is stopping. */
        public void cancel() {
            cancelled.set(true);
        }

        /** Ends the warm-up after its current batch, for a start that failed or was stopped meanwhile, and waits for it. */
        @Override
        public void close() {
            cancel();
            orders.exceptionally(e -> 0L).join();
        }
    }

    /**
     * The warm-up itself, on the caller's thread; {@code cancelled} ends it after the current batch.
     *
     * @return the orders the warm-up ran
     */
    static long run(long millis, long maxOrders, long minMillis, BooleanSupplier trafficArriving, BooleanSupplier cancelled) {
        if (millis <= 0 || maxOrders <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        long deadline = started + millis * 1_000_000;
        long earliestEnd = started + minMillis * 1_000_000;
        long nextTrafficCheck = started;
        String ended = "";
        Path dir = null;
        long orders = 0;
        int batches = 0;
        try {
            dir = Files.createTempDirectory("pipeline-warmup");
            OrderReader reader = new OrderReader(Clock.systemUTC());
            MockOrderGenerator generator = MockOrderGenerator.standard(1, maxOrders, Instant.now().truncatedTo(ChronoUnit.DAYS));
            try (DuckDbWarehouse scratch = new DuckDbWarehouse(dir.resolve("warmup.duckdb"))) {
                scratch.initSchema();
                while (orders < maxOrders && System.nanoTime() < deadline) {
                    if (cancelled.getAsBoolean()) {
                        ended = " (cancelled: the start ended first)";
                        break;
                    }
                    OrderBatch batch = new OrderBatch(batches);
                    int size = (int) Math.min(BATCH_ORDERS[batches % BATCH_ORDERS.length], maxOrders - orders);
                    for (int i = 0; i < size; i++) {
                        byte[] json = OrderJson.write(generator.next());
                        Order order = reader.read(json);
                        batch.add(new IncomingOrder(order, OrderFingerprint.of(order),
                                new KafkaPosition("warmup", (int) (orders % 6), orders), order.customer().customerId(), json));
                        orders++;
                    }
                    scratch.load(batch, conflicting -> { });
                    batches++;
                    long now = System.nanoTime();
                    if (now >= earliestEnd && now >= nextTrafficCheck && orders < maxOrders) {
                        nextTrafficCheck = now + TRAFFIC_CHECK_NANOS;
                        if (trafficArriving.getAsBoolean()) {
                            ended = " (ended early: orders are arriving)";
                            break;
                        }
                    }
                }
            }
            LOG.info("Load path warmed up before joining the consumer group: {} generated orders in {} batches through a"
                    + " scratch warehouse in {} ms{}", orders, batches, (System.nanoTime() - started) / 1_000_000, ended);
        } catch (Exception e) {
            LOG.warn("Warming up the load path failed after {} orders, going on without: {}", orders, e.getMessage());
        } finally {
            delete(dir);
        }
        return orders;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Removing the warm-up directory {} failed: {}", dir, e.getMessage());
        }
    }
}
