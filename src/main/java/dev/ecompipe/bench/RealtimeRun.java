package dev.ecompipe.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.kafka.Topics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * The pipeline as a user runs it in real time: a freshly started {@code run --no-producer} and, once its
 * consumer has joined its group, {@code produce --rate R} in a process of its own on a topic of their own.
 * When the producer is done and every order is committed, the loader is stopped and its run summary read:
 * the latency of every message from its Kafka timestamp to its commit, by second of production.
 */
final class RealtimeRun {

    static final long LATENCY_LIMIT_MS = 1_000;
    private static final int PARTITIONS = 6;
    /** After the producer ends, a loader that keeps up has committed everything within this long. */
    private static final int DRAIN_SECONDS = 60;
    /** How often the processes' CPU time is read while the producer runs: rarely, since each read scrapes the loader's metrics. */
    private static final long SAMPLE_MILLIS = 2_000;
    /** A start's first seconds, which the cold start's target asks to be steady within: the writer's work is told apart. */
    static final int FIRST_SECONDS = 5;

    private RealtimeRun() {
    }

    /**
     * @param warmupSeconds the first seconds of production, reported apart
     * @param steadySeconds the seconds of production after them
     */
    static Map<String, Object> run(PipelineProcess pipeline, Topics topics, String bootstrapServers, String name,
                                   double rate, int warmupSeconds, int steadySeconds, long seed) throws Exception {
        return run(pipeline, topics, bootstrapServers, name, rate, warmupSeconds, steadySeconds, seed, Map.of(), List.of());
    }

    /**
     * As above, the loader run with the given settings (environment variables), e.g. another warehouse, and the
     * producer with the given options of {@code produce}.
     */
    static Map<String, Object> run(PipelineProcess pipeline, Topics topics, String bootstrapServers, String name,
                                   double rate, int warmupSeconds, int steadySeconds, long seed,
                                   Map<String, String> settings, List<String> producerOptions) throws Exception {
        return run(pipeline, topics, bootstrapServers, name, rate, warmupSeconds, steadySeconds, seed, settings,
                producerOptions, false);
    }

    /**
     * A restart under live traffic: {@code produce --rate R} first, and a fresh {@code run --no-producer} a second
     * later, whose start-up the orders produced meanwhile wait for, as they do when a deploy or a crash restarts it.
     */
    static Map<String, Object> restartUnderTraffic(PipelineProcess pipeline, Topics topics, String bootstrapServers,
                                                   String name, double rate, int seconds, long seed) throws Exception {
        return run(pipeline, topics, bootstrapServers, name, rate, 0, seconds, seed, Map.of(), List.of(), true);
    }

    private static Map<String, Object> run(PipelineProcess pipeline, Topics topics, String bootstrapServers, String name,
                                           double rate, int warmupSeconds, int steadySeconds, long seed,
                                           Map<String, String> settings, List<String> producerOptions,
                                           boolean producerFirst) throws Exception {
        String topic = "orders-" + name;
        topics.ensure(Map.of(topic, PARTITIONS));
        int seconds = warmupSeconds + steadySeconds;
        long orders = Math.round(rate * seconds);
        Process producer = producerFirst ? pipeline.produce(name, topic, orders, rate, seed, producerOptions) : null;
        long producerStarted = System.nanoTime();
        if (producerFirst) {
            Thread.sleep(1_000);
        }
        long started = System.nanoTime();
        Map<String, String> loaderSettings = new HashMap<>(settings);
        loaderSettings.put("OPS_LATENCY_TIMELINE_SECONDS", String.valueOf(seconds + 2 * DRAIN_SECONDS));
        PipelineProcess.Running loader = pipeline.start(name, topic, loaderSettings, "--no-producer");
        try {
            awaitJoined(bootstrapServers, PipelineProcess.groupId(name), loader);
            double startupSeconds = (System.nanoTime() - started) / 1e9;
            if (!producerFirst) {
                producer = pipeline.produce(name, topic, orders, rate, seed, producerOptions);
                producerStarted = System.nanoTime();
            }
            // the window: from the end of the warm-up to the last moment the producer is seen producing
            CpuWindow.Sample windowStart = null;
            CpuWindow.Sample windowEnd = null;
            while (!producer.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                long sinceStart = System.nanoTime() - producerStarted;
                if (sinceStart > TimeUnit.SECONDS.toNanos(seconds + 120L)) {
                    producer.destroyForcibly();
                    throw new IllegalStateException("The producer of " + name + " did not finish in time");
                }
                if (sinceStart >= TimeUnit.SECONDS.toNanos(warmupSeconds)) {
                    CpuWindow.Sample sample = CpuWindow.Sample.take(producer, loader);
                    if (windowStart == null) {
                        windowStart = sample;
                    } else if (sample != null) {
                        windowEnd = sample;
                    }
                }
            }
            if (producer.exitValue() != 0) {
                throw new IllegalStateException("The producer of " + name + " failed with exit code " + producer.exitValue());
            }
            long producerDone = System.nanoTime();
            long loaded = loader.ordersLoaded();
            while (loaded < orders && System.nanoTime() - producerDone < TimeUnit.SECONDS.toNanos(DRAIN_SECONDS)) {
                Thread.sleep(100);
                loaded = loader.ordersLoaded();
            }
            double drainSeconds = (System.nanoTime() - producerDone) / 1e9;
            Map<String, Object> summary = loader.stop(60);
            long committed = ((Number) summary.get("orders_loaded")).longValue();
            LatencyTimeline timeline = new LatencyTimeline(summary);

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rate", rate);
            result.put("orders", orders);
            result.put("orders_loaded", committed);
            result.put("startup_seconds", round(startupSeconds));
            result.put("seconds_after_producer", round(drainSeconds));
            result.put("batches", summary.get("batches"));
            result.put("loader_cpu_seconds", summary.get("cpu_seconds"));
            result.put("load_step_seconds", summary.get("load_step_seconds"));
            result.put("cpu", windowStart == null || windowEnd == null ? null : CpuWindow.between(windowStart, windowEnd, rate));
            Histogram steady = timeline.window(warmupSeconds, seconds);
            result.put("achieved_rate", Math.round(steady.getTotalCount() / (double) steadySeconds));
            result.put("warmup_seconds", warmupSeconds);
            result.put("warmup", LatencyTimeline.percentiles(timeline.window(0, warmupSeconds)));
            result.put("steady", LatencyTimeline.percentiles(steady));
            Histogram last = timeline.window(Math.max(warmupSeconds, seconds - 10), seconds);
            result.put("last_10_seconds", LatencyTimeline.percentiles(last));
            int steadyFrom = timeline.secondsUntilSteady(LATENCY_LIMIT_MS);
            result.put("seconds_to_steady", steadyFrom < 0 ? null : steadyFrom);
            int everySecondFrom = timeline.secondsUntilEverySecondUnder(LATENCY_LIMIT_MS);
            result.put("seconds_until_every_second_under_limit", everySecondFrom < 0 ? null : everySecondFrom);
            int firstUnder = timeline.firstSecondUnder(LATENCY_LIMIT_MS);
            result.put("first_second_under_limit", firstUnder < 0 ? null : firstUnder);
            result.put("worst_second_p99_ms", timeline.worstSecondP99());
            result.put("first_minute", LatencyTimeline.percentiles(timeline.window(0, 60)));
            result.put("whole_run", LatencyTimeline.percentiles(timeline.window(0, Integer.MAX_VALUE)));
            long start = timeline.firstEpochSecond();
            result.put("writer_first_" + FIRST_SECONDS + "_seconds", WriterWork.between(summary, start, start + FIRST_SECONDS));
            result.put("writer_after_" + FIRST_SECONDS + "_seconds", WriterWork.between(summary, start + FIRST_SECONDS, Long.MAX_VALUE));
            String failed = null;
            if (committed < orders) {
                failed = String.format("%,d of %,d orders committed %d s after the producer ended", committed, orders, DRAIN_SECONDS);
            } else if (steady.getValueAtPercentile(99) > LATENCY_LIMIT_MS) {
                failed = "p99 " + steady.getValueAtPercentile(99) + " ms after warm-up";
            } else if (last.getValueAtPercentile(99) > LATENCY_LIMIT_MS) {
                failed = "p99 " + last.getValueAtPercentile(99) + " ms in the last 10 s: the lag grows";
            } else if (steady.getTotalCount() < 0.95 * rate * steadySeconds) {
                failed = "the producer reached only " + Math.round(steady.getTotalCount() / (double) steadySeconds) + " orders/s";
            }
            result.put("keeps_up", failed == null);
            if (failed != null) {
                result.put("why_not", failed);
            }
            return result;
        } finally {
            loader.process().destroyForcibly();
            if (producer != null) {
                producer.destroyForcibly();
            }
        }
    }

    /** Waits until the loader's consumer holds every partition of its topic in a stable group. */
    private static void awaitJoined(String bootstrapServers, String group, PipelineProcess.Running loader) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (System.nanoTime() < deadline) {
                if (!loader.process().isAlive()) {
                    throw new IllegalStateException("The " + loader.name() + " run ended before its consumer joined; see " + loader.log());
                }
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                if (description != null && description.state() == ConsumerGroupState.STABLE
                        && description.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum() == PARTITIONS) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("The consumer of " + loader.name() + " did not join within 180 s; see " + loader.log());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
