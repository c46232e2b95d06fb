package dev.ecompipe.ops;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a throughput line every few seconds and, for {@code --exit-when-drained}, notices when the producer
 * is done and every message of the orders topic is settled (loaded or dead-lettered, by the offsets the
 * warehouse committed).
 */
public final class RunMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.ecompipe.throughput");

    private final PipelineStats stats;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "run-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private final boolean loading;
    private long lastProduced;
    private long lastLoaded;
    private long lastDeadLettered;
    private long lastDuplicates;
    private long lastNanos = System.nanoTime();

    /** @param loading false when the process only publishes (the produce command), so its line speaks of nothing else */
    public RunMonitor(PipelineStats stats, boolean loading) {
        this.stats = stats;
        this.loading = loading;
    }

    public RunMonitor sampleHeapEvery(int millis) {
        scheduler.scheduleAtFixedRate(stats::sampleHeap, 0, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    public RunMonitor logThroughputEvery(int seconds) {
        scheduler.scheduleAtFixedRate(this::logThroughput, seconds, seconds, TimeUnit.SECONDS);
        return this;
    }

    /**
     * @param producerDone    true once the producer has published everything it will
     * @param endOffsets      the orders topic's end offsets, read once the producer is done
     * @param settledOffsets  the last settled offset per partition
     * @param onDrained       called once, when everything is settled
     */
    public RunMonitor exitWhenDrained(BooleanSupplier producerDone, Supplier<Map<TopicPartition, Long>> endOffsets,
                                      Supplier<Map<TopicPartition, Long>> settledOffsets, Runnable onDrained) {
        Runnable check = new Runnable() {
            private Map<TopicPartition, Long> target;
            private boolean fired;

            @Override
            public void run() {
                try {
                    if (fired || !producerDone.getAsBoolean()) {
                        return;
                    }
                    if (target == null) {
                        target = endOffsets.get();
                    }
                    if (drained(target, settledOffsets.get())) {
                        fired = true;
                        logThroughput();
                        LOG.info("Drained: every produced message is loaded or dead-lettered");
                        onDrained.run();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Checking whether the topic is drained failed: {}", e.getMessage());
                }
            }
        };
        scheduler.scheduleWithFixedDelay(check, 200, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Calls {@code onPublished} once the producer has published everything it will (the produce command). */
    public RunMonitor stopWhenPublished(BooleanSupplier producerDone, Runnable onPublished) {
        Runnable check = new Runnable() {
            private boolean fired;

            @Override
            public void run() {
                if (!fired && producerDone.getAsBoolean()) {
                    fired = true;
                    onPublished.run();
                }
            }
        };
        scheduler.scheduleWithFixedDelay(check, 200, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Publishes each partition's consumer lag: messages not yet settled in the warehouse. */
    public RunMonitor trackConsumerLag(Supplier<Map<TopicPartition, Long>> endOffsets,
                                       Supplier<Map<TopicPartition, Long>> settledOffsets, int seconds) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                Map<TopicPartition, Long> settled = settledOffsets.get();
                endOffsets.get().forEach((partition, end) -> {
                    Long last = settled.get(partition);
                    stats.consumerLag(partition.partition(), Math.max(0, end - (last == null ? 0 : last + 1)));
                });
            } catch (RuntimeException e) {
                LOG.debug("Measuring the consumer lag failed: {}", e.getMessage());
            }
        }, 1, seconds, TimeUnit.SECONDS);
        return this;
    }

    static boolean drained(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, Long> settled) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            Long last = settled.get(end.getKey());
            if (last == null || last + 1 < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** One line of what moved since the last one; an idle pipeline logs nothing rather than the same line again. */
    private synchronized void logThroughput() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long produced = stats.produced();
        long loaded = stats.ordersLoaded();
        long deadLettered = stats.deadLetteredCount();
        long duplicates = stats.duplicatesSkipped();
        if (produced == lastProduced && loaded == lastLoaded && deadLettered == lastDeadLettered && duplicates == lastDuplicates) {
            return;
        }
        if (loading) {
            LOG.info(String.format("produced %,d (%,.0f/s) | loaded %,d orders (%,.0f/s), %,d lines | dead-lettered %,d (%,.0f/s) | duplicates %,d",
                    produced, (produced - lastProduced) / seconds, loaded, (loaded - lastLoaded) / seconds,
                    stats.linesLoaded(), deadLettered, (deadLettered - lastDeadLettered) / seconds, duplicates));
        } else {
            LOG.info(String.format("published %,d (%,.0f/s)", produced, (produced - lastProduced) / seconds));
        }
        lastProduced = produced;
        lastLoaded = loaded;
        lastDeadLettered = deadLettered;
        lastDuplicates = duplicates;
        lastNanos = now;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
