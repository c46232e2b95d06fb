package dev.ecompipe.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.app.PipelineRunner;
import dev.ecompipe.config.Settings;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.ops.RunSummary;
import dev.ecompipe.warehouse.DuckDbWarehouse;

/**
 * {@code pipeline run --no-producer --exit-when-drained} on an {@link OffsetsOnlyWarehouse}, in a JVM of its own
 * started as {@link PipelineProcess} starts the real one (the same heap, collector and settings): the drain of
 * everything but the writing. Its run summary also gives the CPU of the thread that reads Kafka and runs the ingest
 * route for each message, which bounds such a drain. Arguments: the run summary's path.
 */
public final class IngestSideDrain {

    private IngestSideDrain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.load(Path.of(""), System.getenv(), Map.of("producer.enabled", "false"));
        ConsumerThreadCpu consumerThread = new ConsumerThreadCpu();
        PipelineStats stats;
        try (OffsetsOnlyWarehouse warehouse = new OffsetsOnlyWarehouse(
                new DuckDbWarehouse(Path.of(settings.require("warehouse.duckdb.path"))))) {
            warehouse.initSchema();
            stats = PipelineRunner.run(settings, PipelineRunner.Mode.PIPELINE, true, null,
                    new PipelineRunner.RunControl(warehouse, stop -> { }));
        }
        Map<String, Object> summary = RunSummary.of(stats);
        summary.put("consumer_thread_cpu_seconds", Math.round(consumerThread.stop() * 1000) / 1000.0);
        RunSummary.write(Path.of(args[0]), summary);
        System.exit(0);
    }

    /**
     * CPU time of the threads camel-kafka reads with (named "... KafkaConsumer[topic]"), sampled four times a second
     * while they live: a thread's time cannot be asked once it has ended.
     */
    private static final class ConsumerThreadCpu {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> lastNanos = new ConcurrentHashMap<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "consumer-cpu-sampler");
            thread.setDaemon(true);
            return thread;
        });

        ConsumerThreadCpu() {
            sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().contains("KafkaConsumer")) {
                    long nanos = threads.getThreadCpuTime(info.getThreadId());
                    if (nanos > 0) {
                        lastNanos.put(info.getThreadId(), nanos);
                    }
                }
            }
        }

        double stop() {
            sampler.shutdownNow();
            return lastNanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
        }
    }
}
