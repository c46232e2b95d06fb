package dev.ecompipe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.config.Setting;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.producer.MockOrderGenerator;
import dev.ecompipe.warehouse.DuckDbWarehouse;

/**
 * The batch writer's own limits on DuckDB, without Kafka, Camel or other threads: the pipeline's warehouse, with
 * its default settings, on a file already holding some orders of the stream {@code produce} sends
 * ({@value #PREFILL_ORDERS}, or a longer history to show what a batch's cost owes to what is stored), writes
 * batches of {@value #SMALL_BATCH} orders (nearly all fixed cost) and of {@value #LARGE_BATCH} (what a 200 ms batch
 * holds at 25,000 orders/s), in turns. From their medians: the cost of a batch, of each further order, and how much
 * of 200 ms a 25,000 orders/s batch needs of the one writing thread. Also the write-ahead log a large batch adds,
 * and the rate at which this disk takes such a write followed by a sync, as a commit does. With a fifth argument, the
 * orders' event time advances at that many orders a second, as in real time. Run in a JVM of its own by
 * {@code main(workDir, seed, eventTimeEndMillis, prefilledOrders[, eventOrdersPerSecond])}, which prints one JSON object.
 */
public final class WriterLimits {

    static final int SMALL_BATCH = 100;
    static final int LARGE_BATCH = 5_000;
    static final int PREFILL_ORDERS = 100_000;
    private static final int PREFILL_BATCH = 20_000;
    private static final int ROUNDS = 15;
    private static final int PARTITIONS = 6;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final MockOrderGenerator generator;
    private long offset;
    private long sequence;

    private WriterLimits(MockOrderGenerator generator) {
        this.generator = generator;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        Instant eventTimeEnd = Instant.ofEpochMilli(Long.parseLong(args[2]));
        int prefill = Integer.parseInt(args[3]);
        int eventRate = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        WriterLimits feed = new WriterLimits(eventRate == 0 ? MockOrderGenerator.prefixStable(seed, eventTimeEnd)
                : realTime(seed, eventRate, prefill + ROUNDS * (SMALL_BATCH + LARGE_BATCH), eventTimeEnd));
        Path file = work.resolve("writer-limits-" + prefill + "-" + eventRate + ".duckdb");
        Path wal = work.resolve(file.getFileName() + ".wal");
        Files.deleteIfExists(file);
        Files.deleteIfExists(wal);
        long[][] small = new long[2][ROUNDS];
        long[][] large = new long[2][ROUNDS];
        List<Long> walBytes = new ArrayList<>();
        Map<String, Double> largeSteps = new LinkedHashMap<>();
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file,
                Integer.parseInt(Setting.WAREHOUSE_DUCKDB_THREADS.defaultValue()))) {
            warehouse.initSchema();
            for (int loaded = 0; loaded < prefill; loaded += PREFILL_BATCH) {
                warehouse.load(feed.batch(Math.min(PREFILL_BATCH, prefill - loaded)), conflicts -> { });
            }
            for (int round = 0; round < ROUNDS; round++) {
                time(warehouse, feed.batch(SMALL_BATCH), small, round);
                Map<String, Double> before = new LinkedHashMap<>(warehouse.loadStepSeconds());
                long walBefore = sizeOrZero(wal);
                time(warehouse, feed.batch(LARGE_BATCH), large, round);
                long walAfter = sizeOrZero(wal);
                // a batch whose commit checkpointed left a shorter log, or none: it says nothing of its own log
                if (walAfter > walBefore) {
                    walBytes.add(walAfter - walBefore);
                }
                warehouse.loadStepSeconds().forEach((step, seconds) ->
                        largeSteps.merge(step, seconds - before.getOrDefault(step, 0.0), Double::sum));
            }
        }
        // a long history's file is hundreds of megabytes
        Files.deleteIfExists(file);
        Files.deleteIfExists(wal);
        long largeWal = walBytes.isEmpty() ? 0 : median(walBytes.stream().mapToLong(Long::longValue).toArray());
        double smallCpuMs = median(small[0]) / 1e6;
        double largeCpuMs = median(large[0]) / 1e6;
        double largeWallMs = median(large[1]) / 1e6;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("prefilled_orders", prefill);
        if (eventRate > 0) {
            figures.put("event_time_orders_per_second", eventRate);
        }
        figures.put("small_batch_orders", SMALL_BATCH);
        figures.put("small_batch_cpu_ms", round(smallCpuMs));
        figures.put("small_batch_wall_ms", round(median(small[1]) / 1e6));
        figures.put("large_batch_orders", LARGE_BATCH);
        figures.put("large_batch_cpu_ms", round(largeCpuMs));
        figures.put("large_batch_wall_ms", round(largeWallMs));
        figures.put("cpu_us_per_further_order", round((largeCpuMs - smallCpuMs) * 1000 / (LARGE_BATCH - SMALL_BATCH)));
        // at 25,000 orders/s a batch that closes after 200 ms holds LARGE_BATCH orders
        figures.put("writer_share_of_200_ms_at_25000_per_s", round(largeWallMs / 200));
        Map<String, Object> steps = new LinkedHashMap<>();
        largeSteps.forEach((step, seconds) -> steps.put(step, round(seconds * 1000 / ROUNDS)));
        figures.put("large_batch_step_ms", steps);
        figures.put("wal_bytes_per_order", largeWal / LARGE_BATCH);
        figures.put("disk_sync_mb_per_second", round(syncedWrites(work.resolve("sync-probe.bin"), (int) largeWal)));
        System.out.println(new ObjectMapper().writeValueAsString(figures));
    }

    /**
     * The mock stream with its event time advancing at {@code ordersPerSecond}, as when {@code produce --rate} feeds a
     * running pipeline: the mock's late orders (up to 120 s) then fall among the latest minutes' orders, which is
     * where the Type 2 and Type 3 steps read; on the default feed the same lateness spans a few orders.
     */
    private static MockOrderGenerator realTime(long seed, int ordersPerSecond, long orders, Instant end) {
        return new MockOrderGenerator(seed, 2_000, 300, orders, Duration.ofMillis(orders * 1_000 / ordersPerSecond), end);
    }

    private OrderBatch batch(int orders) {
        OrderBatch batch = new OrderBatch(sequence++);
        for (int i = 0; i < orders; i++) {
            Order order = generator.next();
            long position = offset++;
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order),
                    new KafkaPosition("orders", (int) (position % PARTITIONS), position / PARTITIONS),
                    order.customer().customerId(), OrderJson.write(order)));
        }
        return batch;
    }

    private static void time(DuckDbWarehouse warehouse, OrderBatch batch, long[][] into, int round) throws Exception {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        warehouse.load(batch, conflicts -> { });
        into[0][round] = THREADS.getCurrentThreadCpuTime() - cpu;
        into[1][round] = System.nanoTime() - wall;
    }

    /** Megabytes a second of writes of {@code bytes} each, every one followed by a sync to the disk. */
    private static double syncedWrites(Path file, int bytes) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(Math.max(4096, bytes));
        long written = 0;
        long started = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < ROUNDS; i++) {
                block.clear();
                while (block.hasRemaining()) {
                    written += channel.write(block);
                }
                channel.force(false);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return written / 1e6 / ((System.nanoTime() - started) / 1e9);
    }

    private static long sizeOrZero(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
