package dev.ecompipe.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.ecompipe.ingest.DeadLetters;
import dev.ecompipe.ingest.IngestMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Counters of one process run, kept for the throughput log and the run summary and published as
 * Prometheus metrics (names follow Prometheus conventions: {@code ecommerce_..._total}, {@code _seconds}).
 */
public final class PipelineStats implements IngestMetrics {

    private final long startedNanos = System.nanoTime();
    private final MeterRegistry registry;
    private final LongAdder produced = new LongAdder();
    private volatile Supplier<Map<String, Double>> loadStepSeconds = Map::of;
    private final LongAdder ordersLoaded = new LongAdder();
    private final LongAdder loaderCpuNanos = new LongAdder();
    private final LongAdder loaderCoreWaitNanos = new LongAdder();
    private final LongAdder linesLoaded = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder duplicatesSkipped = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final Map<String, Counter> deadLetteredByClass = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagByPartition = new ConcurrentHashMap<>();
    private final DistributionSummary batchSize;
    private final Timer batchCommit;
    private final Timer endToEndLatency;
    /** End-to-end latencies in milliseconds for the run summary: all of them, and those after the warm-up. */
    private final Histogram latencyMillis = new SynchronizedHistogram(TimeUnit.HOURS.toMillis(1), 2);
    private final Histogram steadyLatencyMillis = new SynchronizedHistogram(TimeUnit.HOURS.toMillis(1), 2);
    private volatile long latencyWarmupMillis;
    /** Per second of production (epoch second), the latencies of its messages, for at most this many seconds. */
    private final Map<Long, Histogram> latencyBySecond = new ConcurrentHashMap<>();
    private volatile int latencyTimelineSeconds;
    /**
     * Per second of commit (epoch second), the writing thread's work on the batches committed in it: batches, orders,
     * nanoseconds writing, of CPU and waiting for a core; for as many seconds as the latency timeline keeps.
     */
    private final Map<Long, WriterSecond> writerBySecond = new ConcurrentHashMap<>();
    private volatile long steadyFromMillis = Long.MAX_VALUE;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeapBytes = new AtomicLong();
    private volatile long ingestStartedNanos;
    private volatile long lastCommitNanos;

    public PipelineStats(MeterRegistry registry) {
        this.registry = registry;
        counter("ecommerce_orders_produced", "Orders published by this process's producer", produced);
        counter("ecommerce_orders_loaded", "Orders committed in the warehouse", ordersLoaded);
        counter("ecommerce_lines_loaded", "Order lines committed in the warehouse", linesLoaded);
        counter("ecommerce_duplicates_skipped", "Orders skipped because they were loaded before with the same content", duplicatesSkipped);
        counter("ecommerce_batches_loaded", "Warehouse transactions committed", batches);
        FunctionCounter.builder("ecommerce_loader_thread_cpu_seconds", loaderCpuNanos, adder -> adder.sum() / 1e9)
                .description("CPU time of the thread writing batches into the warehouse").register(registry);
        FunctionCounter.builder("ecommerce_loader_thread_core_wait_seconds", loaderCoreWaitNanos, adder -> adder.sum() / 1e9)
                .description("Time the thread writing batches was ready to run but waited for a core (Linux only)")
                .register(registry);
        // at zero from the start, so a dashboard or an alert sees the series before the first bad message
        deadLetteredCounter(DeadLetters.INVALID_CLASS);
        deadLetteredCounter(DeadLetters.CONFLICT_CLASS);
        batchSize = DistributionSummary.builder("ecommerce_batch_messages")
                .description("Messages settled per warehouse batch").publishPercentileHistogram().register(registry);
        batchCommit = Timer.builder("ecommerce_batch_commit")
                .description("Time to write and commit one batch in the warehouse").publishPercentileHistogram().register(registry);
        endToEndLatency = Timer.builder("ecommerce_end_to_end_latency")
                .description("From the Kafka record's timestamp to the commit of its rows in the warehouse")
                .publishPercentileHistogram().register(registry);
    }

    private void counter(String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void produced(long count) {
        produced.add(count);
    }

    @Override
    public void loaded(int messages, int orders, int lines, int duplicates, long commitNanos, long cpuNanos,
                       long coreWaitNanos) {
        ordersLoaded.add(orders);
        loaderCpuNanos.add(cpuNanos);
        long coreWait = Math.max(0, coreWaitNanos);
        loaderCoreWaitNanos.add(coreWait);
        if (latencyTimelineSeconds > 0) {
            WriterSecond ofSecond = ofSecond(writerBySecond, Math.floorDiv(System.currentTimeMillis(), 1000), s -> new WriterSecond());
            if (ofSecond != null) {
                ofSecond.add(orders, commitNanos, cpuNanos, coreWait);
            }
        }
        linesLoaded.add(lines);
        duplicatesSkipped.add(duplicates);
        batches.increment();
        batchSize.record(messages);
        batchCommit.record(commitNanos, TimeUnit.NANOSECONDS);
        lastCommitNanos = System.nanoTime();
    }

    /** Marks the moment the routes are started, where the ingest time of the run summary begins. */
    public void ingestStarted() {
        ingestStartedNanos = System.nanoTime();
        steadyFromMillis = System.currentTimeMillis() + latencyWarmupMillis;
    }

    /** Messages produced this long after the start count as steady state (JIT warmed up, consumer joined). */
    public void latencyWarmup(long millis) {
        latencyWarmupMillis = millis;
    }

    /**
     * Keeps the latencies of each second of production apart (the run summary's {@code latency_by_second}), for
     * at most this many distinct seconds; 0, the default, keeps none. For measuring a start or a fixed rate.
     */
    public void latencyTimeline(int seconds) {
        latencyTimelineSeconds = seconds;
    }

    /** Records, for each message of a committed batch, how long ago its Kafka record was produced. */
    @Override
    public void committed(long[] producedAtMillis, int count) {
        long now = System.currentTimeMillis();
        long second = Long.MIN_VALUE;
        Histogram ofSecond = null;
        for (int i = 0; i < count; i++) {
            long millis = Math.max(0, now - producedAtMillis[i]);
            endToEndLatency.record(Duration.ofMillis(millis));
            long capped = Math.min(millis, latencyMillis.getHighestTrackableValue());
            latencyMillis.recordValue(capped);
            if (producedAtMillis[i] >= steadyFromMillis) {
                steadyLatencyMillis.recordValue(capped);
            }
            if (latencyTimelineSeconds > 0) {
                long producedSecond = Math.floorDiv(producedAtMillis[i], 1000);
                if (producedSecond != second) {
                    second = producedSecond;
                    ofSecond = ofSecond(latencyBySecond, second, s -> new SynchronizedHistogram(TimeUnit.HOURS.toMillis(1), 2));
                }
                if (ofSecond != null) {
                    ofSecond.recordValue(capped);
                }
            }
        }
    }

    /** The entry of {@code second}, made if the timeline has room for another second; null when it has not. */
    private <T> T ofSecond(Map<Long, T> bySecond, long second, Function<Long, T> create) {
        return bySecond.size() < latencyTimelineSeconds || bySecond.containsKey(second)
                ? bySecond.computeIfAbsent(second, create) : null;
    }

    /**
     * The latencies of each second of production, oldest first: the epoch second, the count, p50, p99 and max
     * in milliseconds, and the histogram itself (HdrHistogram's compressed form, base64) so that a reader can
     * merge seconds into windows.
     */
    public List<Map<String, Object>> latencyBySecond() {
        List<Map<String, Object>> seconds = new ArrayList<>();
        for (Map.Entry<Long, Histogram> entry : new TreeMap<>(latencyBySecond).entrySet()) {
            Histogram histogram = entry.getValue();
            Map<String, Object> second = new LinkedHashMap<>();
            synchronized (histogram) {
                second.put("second", entry.getKey());
                second.put("count", histogram.getTotalCount());
                second.put("p50", histogram.getValueAtPercentile(50));
                second.put("p99", histogram.getValueAtPercentile(99));
                second.put("max", histogram.getMaxValue());
                ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
                int length = histogram.encodeIntoCompressedByteBuffer(buffer);
                second.put("histogram", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
            }
            seconds.add(second);
        }
        return seconds;
    }

    /**
     * The writing thread's work by second of commit, oldest first: the epoch second, the batches and orders committed
     * in it, and the milliseconds they took to write, of the thread's CPU and of its waiting for a core (the rest it
     * waited for the disk, or for nothing it could run). Kept while the latency timeline is.
     */
    public List<Map<String, Object>> writerBySecond() {
        List<Map<String, Object>> seconds = new ArrayList<>();
        new TreeMap<>(writerBySecond).forEach((second, work) -> seconds.add(work.toMap(second)));
        return seconds;
    }

    /** What the writing thread did for the batches committed in one second. */
    private static final class WriterSecond {
        private long batches;
        private long orders;
        private long writingNanos;
        private long cpuNanos;
        private long coreWaitNanos;

        synchronized void add(int batchOrders, long writing, long cpu, long coreWait) {
            batches++;
            orders += batchOrders;
            writingNanos += writing;
            cpuNanos += cpu;
            coreWaitNanos += coreWait;
        }

        synchronized Map<String, Object> toMap(long second) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("second", second);
            map.put("batches", batches);
            map.put("orders", orders);
            map.put("writing_ms", writingNanos / 1_000_000);
            map.put("cpu_ms", cpuNanos / 1_000_000);
            map.put("core_wait_ms", coreWaitNanos / 1_000_000);
            return map;
        }
    }

    @Override
    public void deadLettered(String errorClass) {
        deadLettered.increment();
        deadLetteredCounter(errorClass == null ? "Unknown" : errorClass).increment();
    }

    private Counter deadLetteredCounter(String errorClass) {
        return deadLetteredByClass.computeIfAbsent(errorClass,
                cls -> Counter.builder("ecommerce_dead_lettered").description("Messages published to the dead-letter topic")
                        .tag("error_class", cls).register(registry));
    }

    /** The number of messages of a partition not yet settled in the warehouse. */
    public void consumerLag(int partition, long lag) {
        lagByPartition.computeIfAbsent(String.valueOf(partition), p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ecommerce_consumer_lag", value, AtomicLong::get)
                    .description("Messages of the orders topic not yet loaded or dead-lettered").tag("partition", p)
                    .register(registry);
            return value;
        }).set(lag);
    }

    /** Called every few hundred milliseconds: the run summary reports the highest heap use seen. */
    public void sampleHeap() {
        peakHeapBytes.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    public long peakHeapBytes() {
        return peakHeapBytes.get();
    }

    public long maxHeapBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    /** Seconds from the start of the routes to the last batch committed, or -1 before the first commit. */
    public double ingestSeconds() {
        long started = ingestStartedNanos;
        long last = lastCommitNanos;
        return started == 0 || last == 0 ? -1 : (last - started) / 1e9;
    }

    /** Percentiles of the end-to-end latency over the whole run, in milliseconds; empty before the first commit. */
    public Map<String, Long> latencyPercentilesMillis() {
        return percentiles(latencyMillis);
    }

    /** The same for messages produced after the warm-up. */
    public Map<String, Long> steadyLatencyPercentilesMillis() {
        return percentiles(steadyLatencyMillis);
    }

    private static Map<String, Long> percentiles(Histogram histogram) {
        Map<String, Long> percentiles = new LinkedHashMap<>();
        synchronized (histogram) {
            if (histogram.getTotalCount() > 0) {
                percentiles.put("count", histogram.getTotalCount());
                percentiles.put("p50", histogram.getValueAtPercentile(50));
                percentiles.put("p95", histogram.getValueAtPercentile(95));
                percentiles.put("p99", histogram.getValueAtPercentile(99));
                percentiles.put("max", histogram.getMaxValue());
            }
        }
        return percentiles;
    }

    public long produced() {
        return produced.sum();
    }

    /** CPU seconds the thread writing batches spent on them; the warehouse's own worker threads not included. */
    public double loaderThreadCpuSeconds() {
        return loaderCpuNanos.sum() / 1e9;
    }

    /** Seconds the thread writing batches was ready to run but waited for a core while writing; 0 where not known. */
    public double loaderThreadCoreWaitSeconds() {
        return loaderCoreWaitNanos.sum() / 1e9;
    }

    public long ordersLoaded() {
        return ordersLoaded.sum();
    }

    public long linesLoaded() {
        return linesLoaded.sum();
    }

    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.sum();
    }

    /** Dead letters of this run by error class, as {@code ecommerce_dead_lettered_total{error_class}} counts them. */
    public Map<String, Long> deadLetteredByClass() {
        Map<String, Long> byClass = new TreeMap<>();
        deadLetteredByClass.forEach((cls, counter) -> byClass.put(cls, (long) counter.count()));
        return byClass;
    }

    /** The last consumer lag seen per partition, as {@code ecommerce_consumer_lag{partition}} reports it. */
    public Map<Integer, Long> consumerLag() {
        Map<Integer, Long> byPartition = new TreeMap<>();
        lagByPartition.forEach((partition, lag) -> byPartition.put(Integer.parseInt(partition), lag.get()));
        return byPartition;
    }

    public long batches() {
        return batches.sum();
    }

    /** Where the warehouse's load time goes: its seconds per step of the batch transaction so far. */
    public void loadStepsFrom(Supplier<Map<String, Double>> stepSeconds) {
        this.loadStepSeconds = stepSeconds;
    }

    public Map<String, Double> loadStepSeconds() {
        return loadStepSeconds.get();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
