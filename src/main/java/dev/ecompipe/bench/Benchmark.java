package dev.ecompipe.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.kafka.EmbeddedKafkaBroker;
import dev.ecompipe.kafka.Topics;
import dev.ecompipe.warehouse.NativeAllocator;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code pipeline bench}: on a broker and warehouse files of its own, measures in one run the limits (a
 * plain Kafka consumer, the DuckDB Appender), the naive baseline (an autocommitted INSERT per order line),
 * the pipeline draining a backlog under a fixed heap, and its end-to-end latency at a fixed rate; prints
 * a table and writes every figure with the ratios between them as JSON.
 */
public final class Benchmark {

    private static final String BACKLOG_TOPIC = "orders";
    private static final String LATENCY_TOPIC = "orders-latency";
    private static final String DEAD_LETTER_TOPIC = "orders.dlq";
    /** The latency run's first seconds, JIT warm-up and the consumer joining, are reported apart. */
    private static final int WARMUP_SECONDS = 10;
    /** The real-time rate the issue asks for, which the CPU budget is held against. */
    private static final int TARGET_RATE = 25_000;
    /** The real-time writer measurement's history: 12 s of orders at the target rate, a tenth of the mock's lateness. */
    private static final int REAL_TIME_PREFILL = 300_000;
    /** The history the batch writer is measured on a second time, in backlogs: at 15,000 orders/s, minutes of it. */
    private static final int HISTORY_BACKLOGS = 3;
    /** Runs of the capacity search with orders timed by the clock, below the capacity's rate. */
    private static final int CLOCK_TIMED_RUNS = 3;
    /**
     * The disk a run takes, by its backlog: a full run with --postgres left 7.5 GB for 1,000,000 orders, more at its
     * peak. A disk that fills takes the broker's log directory offline and PostgreSQL's files with it, and the step
     * under way waits for orders that never come; so bench checks before it starts and before each step.
     */
    private static final long DISK_BYTES_PER_ORDER = 10_000;
    private static final long DISK_BYTES_EVERY_STEP = 2L << 30;

    /**
     * @param orders          the backlog the limits and the pipeline work through
     * @param baselineOrders  at most this many orders for the naive baseline, which is slow
     * @param baselineTime    and at most this long
     * @param latencyRate     orders per second produced during the latency run
     * @param latencyTime     how long the latency run produces
     * @param heap            the -Xmx of the pipeline runs
     * @param loaderJvmOptions further JVM options of every {@code run} (after the {@code pipeline} script's own,
     *                         so they override them), to measure another compiler or collector
     * @param allocatorPairs   pairs of batch-writer runs with the C library's malloc and with jemalloc, in turns (one
     *                         pair is within the machine's noise); 0 skips them
     */
    public record Options(long orders, long seed, long baselineOrders, Duration baselineTime, double latencyRate,
                          Duration latencyTime, String heap, List<String> loaderJvmOptions, int allocatorPairs, Path workDir,
                          Path resultsFile, Realtime realtime, boolean postgres) {
    }

    /**
     * The real-time runs: a step search for the capacity (from {@code startRate}, {@code stepRate} higher each
     * step, at most {@code maxSteps} runs, the last of them halving the gap between the highest rate that kept up
     * and the lowest that did not), each {@code warmupSeconds} plus {@code steadySeconds} of production; and the
     * cold start, {@code coldStartSeconds} at {@code coldStartRate} from a fresh process.
     */
    public record Realtime(double startRate, double stepRate, int maxSteps, int warmupSeconds, int steadySeconds,
                           double coldStartRate, int coldStartSeconds) {
    }

    private final Options options;
    private final PrintStream out;
    private final BenchTable table = new BenchTable();
    private final Map<String, Object> results = new LinkedHashMap<>();
    /** Which malloc DuckDB allocates through in this JVM, and in every JVM bench starts, which inherit its environment. */
    private final String allocator = NativeAllocator.inUse();

    public Benchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        Path work = recreate(options.workDir());
        long needed = options.orders() * DISK_BYTES_PER_ORDER + DISK_BYTES_EVERY_STEP;
        if (freeBytes() < needed) {
            throw new ConfigurationException(String.format("bench needs about %.1f GB free on the disk of %s (--work-dir) for"
                    + " %,d orders, and %.1f GB are: free some, or give --work-dir on another disk or fewer --orders.",
                    needed / 1e9, work.toAbsolutePath(), options.orders(), freeBytes() / 1e9));
        }
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "memory_allocator", allocator));
        results.put("orders", options.orders());
        results.put("loader_jvm_options", PipelineProcess.loaderJvmOptions(options.loaderJvmOptions()));
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(work.resolve("kafka"), PipelineProcess.freePort(),
                PipelineProcess.freePort()).start();
             Topics topics = new Topics(broker.bootstrapServers())) {
            topics.ensure(Map.of(BACKLOG_TOPIC, 6, LATENCY_TOPIC, 6, DEAD_LETTER_TOPIC, 1));
            measure(broker.bootstrapServers(), topics, work);
        }
        out.println();
        out.print(table.render());
        Files.writeString(options.resultsFile(),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        out.println("Every figure is in " + options.resultsFile().toAbsolutePath());
        return results;
    }

    private void measure(String bootstrapServers, Topics topics, Path work) throws Exception {
        long orders = options.orders();
        TopicFill fill = new TopicFill(options.seed(), orders);
        step("Filling the topic '%s' with %,d orders", BACKLOG_TOPIC, orders);
        TopicFill.Filled filled = fill.publish(bootstrapServers, BACKLOG_TOPIC);
        results.put("lines", filled.lines());
        results.put("average_message_bytes", filled.bytes() / Math.max(1, orders));
        table.note("machine: DuckDB's memory allocator, in every JVM of this run", allocator);
        record("fill", "fill: one KafkaProducer", filled.messages(), "orders");
        Map<TopicPartition, Long> endOffsets = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        endOffsets.putAll(topics.endOffsets(BACKLOG_TOPIC));
        // keyed by customer, partitions differ in size, so a backlog spreads over event time as it drains
        results.put("messages_per_partition", endOffsets.values());
        List<TopicPartition> partitions = List.copyOf(endOffsets.keySet());

        step("Limit: a plain KafkaConsumer reads them (twice; the faster pass counts)");
        Rate first = RawDrain.drain(bootstrapServers, partitions, orders);
        Rate second = RawDrain.drain(bootstrapServers, partitions, orders);
        Rate drain = first.perSecond() > second.perSecond() ? first : second;
        record("kafka_consumer_limit", "limit: plain KafkaConsumer, no parsing", drain, "messages");
        step("Limit: the same consumer reading and fingerprinting each order, as the ingest route does, without Camel (twice)");
        Rate firstRead = RawDrain.drainReadingOrders(bootstrapServers, partitions, orders);
        Rate secondRead = RawDrain.drainReadingOrders(bootstrapServers, partitions, orders);
        Rate reading = firstRead.perSecond() > secondRead.perSecond() ? firstRead : secondRead;
        record("read_path_limit", "limit: KafkaConsumer, reading + fingerprint", reading, "orders");
        step("Limit: a camel-kafka route, the ingest route's endpoint with only a counter in it (twice)");
        Rate firstRoute = BareRouteDrain.drain(bootstrapServers, BACKLOG_TOPIC, "bench-bare-route-1", orders);
        Rate secondRoute = BareRouteDrain.drain(bootstrapServers, BACKLOG_TOPIC, "bench-bare-route-2", orders);
        Rate route = firstRoute.perSecond() > secondRoute.perSecond() ? firstRoute : secondRoute;
        record("camel_route_limit", "limit: camel-kafka route, a counter only", route, "messages");

        step("Limits: their %,d fact rows into DuckDB by the Appender and by Arrow, in a JVM of its own", filled.lines());
        Map<String, Object> bulk = BulkProbe.run(work, options.seed(), orders, fill.end(), options.heap());
        long rows = ((Number) bulk.get("rows")).longValue();
        Rate appender = new Rate(rows, rows / ((Number) bulk.get("appender_" + BulkProbe.BATCH_ROWS)).doubleValue());
        results.put("duckdb_appender_limit", Map.of("rows", rows, "seconds", Math.round(appender.seconds() * 1000) / 1000.0,
                "rows_per_second", Math.round(appender.perSecond()), "how", BulkProbe.describe("appender_" + BulkProbe.BATCH_ROWS)));
        Map<String, Object> limits = new LinkedHashMap<>();
        String bestPath = null;
        double best = 0;
        for (Map.Entry<String, Object> path : bulk.entrySet()) {
            if (path.getKey().equals("rows")) {
                continue;
            }
            double perSecond = ((Number) path.getValue()).doubleValue();
            limits.put(path.getKey() + "_rows_per_second", Math.round(perSecond));
            if (perSecond > best) {
                best = perSecond;
                bestPath = path.getKey();
            }
        }
        Rate bestBulk = new Rate(rows, rows / best);
        limits.put("best_bulk_rows_per_second", Math.round(best));
        limits.put("best_bulk_path", BulkProbe.describe(bestPath));
        results.put("limits", limits);
        limits.put("read_path_orders_per_second", Math.round(reading.perSecond()));
        limits.put("camel_route_messages_per_second", Math.round(route.perSecond()));
        Rate readingLines = new Rate(filled.lines(), reading.seconds());

        step("Limit: the batch writer alone on DuckDB, in a JVM of its own: batches of %d and %,d orders in turns",
                WriterLimits.SMALL_BATCH, WriterLimits.LARGE_BATCH);
        Map<String, Object> writer = writerLimits(work, options, fill, WriterLimits.PREFILL_ORDERS);
        limits.put("batch_writer", writer);
        table.note(String.format("limit: batch writer alone, %,d-order batch", WriterLimits.LARGE_BATCH), String.format(
                "%s ms (CPU %s ms) = %s of the 200 ms such a batch spans at %,d orders/s", writer.get("large_batch_wall_ms"),
                writer.get("large_batch_cpu_ms"), writer.get("writer_share_of_200_ms_at_25000_per_s"), TARGET_RATE));
        table.note("limit: batch writer, fixed and per order", String.format("%s ms CPU a batch of %d orders; %s µs CPU each further order",
                writer.get("small_batch_cpu_ms"), WriterLimits.SMALL_BATCH, writer.get("cpu_us_per_further_order")));
        table.note("limit: write-ahead log; disk", String.format("%s bytes an order; written and synced at %s MB/s",
                writer.get("wal_bytes_per_order"), writer.get("disk_sync_mb_per_second")));
        table.note("limit: batch writer, where a batch's time goes", LoadSteps.shares(writer.get("large_batch_step_ms"), "%.0f ms: "));
        if (options.allocatorPairs() > 0 && allocator.equals(NativeAllocator.JEMALLOC)) {
            step("Limit: the batch writer alone with the C library's malloc and with jemalloc, %d pairs in turns", options.allocatorPairs());
            Map<String, Map<String, Object>> byAllocator = writerByAllocator(work, options, fill);
            limits.put("batch_writer_by_allocator", byAllocator);
            Map<String, Object> system = byAllocator.get(NativeAllocator.SYSTEM);
            Map<String, Object> jemalloc = byAllocator.get(NativeAllocator.JEMALLOC);
            table.note("limit: batch writer, C library's malloc / jemalloc", String.format(
                    "%s / %s ms CPU a batch of %d orders, %s / %s µs each further order, %s / %s ms CPU a batch of %,d (medians of %d pairs)",
                    system.get("small_batch_cpu_ms"), jemalloc.get("small_batch_cpu_ms"), WriterLimits.SMALL_BATCH,
                    system.get("cpu_us_per_further_order"), jemalloc.get("cpu_us_per_further_order"),
                    system.get("large_batch_cpu_ms"), jemalloc.get("large_batch_cpu_ms"), WriterLimits.LARGE_BATCH, options.allocatorPairs()));
        }
        // a warehouse that has run for a while: what each batch's cost owes to the history stored before it
        int history = (int) Math.max(WriterLimits.PREFILL_ORDERS, HISTORY_BACKLOGS * orders);
        step("Limit: the batch writer alone on a warehouse already holding %,d orders", history);
        Map<String, Object> afterHistory = writerLimits(work, options, fill, history);
        limits.put("batch_writer_after_history", afterHistory);
        table.note(String.format("limit: batch writer after %,d orders", history), String.format(
                "%s ms a batch of %,d orders (CPU %s ms), %s ms CPU a batch of %d; where it goes: %s",
                afterHistory.get("large_batch_wall_ms"), WriterLimits.LARGE_BATCH, afterHistory.get("large_batch_cpu_ms"),
                afterHistory.get("small_batch_cpu_ms"), WriterLimits.SMALL_BATCH,
                LoadSteps.shares(afterHistory.get("large_batch_step_ms"), "%.0f ms: ")));
        // in real time the event time advances with the wall clock, so the mock's late orders fall among the last
        // minutes' orders, which the Type 2 and Type 3 steps read again; the measurements above barely see it
        int realTimeHistory = Math.min(REAL_TIME_PREFILL, history);
        step("Limit: the batch writer alone on %,d orders whose event time advances at %,d orders/s, as in real time",
                realTimeHistory, TARGET_RATE);
        Map<String, Object> inRealTime = writerLimits(work, options, fill, realTimeHistory, TARGET_RATE);
        limits.put("batch_writer_in_real_time", inRealTime);
        table.note(String.format("limit: batch writer, event time at %,d/s", TARGET_RATE), String.format(
                "%s ms a batch of %,d orders (CPU %s ms) = %s of 200 ms, %s ms CPU a batch of %d; where it goes: %s",
                inRealTime.get("large_batch_wall_ms"), WriterLimits.LARGE_BATCH, inRealTime.get("large_batch_cpu_ms"),
                inRealTime.get("writer_share_of_200_ms_at_25000_per_s"), inRealTime.get("small_batch_cpu_ms"),
                WriterLimits.SMALL_BATCH, LoadSteps.shares(inRealTime.get("large_batch_step_ms"), "%.0f ms: ")));
        for (Map.Entry<String, Object> path : bulk.entrySet()) {
            if (!path.getKey().equals("rows")) {
                table.row("limit: " + BulkProbe.describe(path.getKey()) + (path.getKey().equals(bestPath) ? " *" : ""),
                        new Rate(rows, rows / ((Number) path.getValue()).doubleValue()), "rows");
            }
        }

        step("Baseline: one INSERT per order line, autocommitted (at most %,d orders or %d s)",
                options.baselineOrders(), options.baselineTime().toSeconds());
        NaiveBaseline.Loaded naive = NaiveBaseline.load(bootstrapServers, partitions, work.resolve("baseline.duckdb"),
                options.baselineOrders(), options.baselineTime());
        record("naive_baseline", "baseline: INSERT per line, autocommit", naive.lines(), "lines");

        PipelineProcess pipeline = new PipelineProcess(bootstrapServers, options.heap(), options.loaderJvmOptions(), work);
        step("Pipeline: 'run --no-producer' drains the backlog under -Xmx%s", options.heap());
        Map<String, Object> backlog = pipeline.run("pipeline", BACKLOG_TOPIC, Math.max(900, orders / 500), Map.of(), "--no-producer");
        long loaded = number(backlog, "orders_loaded");
        if (loaded != orders) {
            throw new IllegalStateException("The pipeline loaded " + loaded + " of " + orders + " orders; see " + work);
        }
        double seconds = ((Number) backlog.get("ingest_seconds")).doubleValue();
        Rate pipelineOrders = new Rate(loaded, seconds);
        Rate pipelineLines = new Rate(number(backlog, "lines_loaded"), seconds);
        Map<String, Object> drained = new LinkedHashMap<>();
        drained.put("orders", loaded);
        drained.put("lines", pipelineLines.count());
        drained.put("seconds", seconds);
        drained.put("orders_per_second", Math.round(pipelineOrders.perSecond()));
        drained.put("lines_per_second", Math.round(pipelineLines.perSecond()));
        drained.put("batches", backlog.get("batches"));
        drained.put("cpu_seconds", backlog.get("cpu_seconds"));
        drained.put("writing_thread_cpu_seconds", backlog.get("loader_thread_cpu_seconds"));
        drained.put("compilation_seconds", backlog.get("compilation_seconds"));
        drained.put("gc_seconds", backlog.get("gc_seconds"));
        drained.put("heap_limit", options.heap());
        drained.put("peak_heap_mb", backlog.get("peak_heap_mb"));
        drained.put("load_step_seconds", backlog.get("load_step_seconds"));
        results.put("pipeline", drained);
        table.row("pipeline: orders committed (SCD included)", pipelineOrders, "orders");
        table.row("pipeline: order lines committed", pipelineLines, "lines");
        table.note("pipeline: CPU time of the process", backlog.get("cpu_seconds") + " s, start-up included");
        table.note("pipeline: peak heap", backlog.get("peak_heap_mb") + " MB of -Xmx" + options.heap() + ", no OutOfMemoryError");
        table.note("pipeline: where the load's time goes", LoadSteps.shares(backlog.get("load_step_seconds")));
        table.note("pipeline: CPU of the writing thread, compiler, GC", String.format("%s s, %s s, %s s",
                backlog.get("loader_thread_cpu_seconds"), backlog.get("compilation_seconds"), backlog.get("gc_seconds")));

        step("Ingest side: the same drain on a warehouse whose batches cost nothing (everything but the writing)");
        Map<String, Object> sideRun = pipeline.drainWithoutWriting("ingest-side", BACKLOG_TOPIC, Math.max(900, orders / 500));
        if (number(sideRun, "orders_loaded") != orders) {
            throw new IllegalStateException("The ingest side passed " + number(sideRun, "orders_loaded") + " of " + orders
                    + " orders; see " + work);
        }
        double sideSeconds = ((Number) sideRun.get("ingest_seconds")).doubleValue();
        Rate sideOrders = new Rate(orders, sideSeconds);
        Rate sideLines = new Rate(number(sideRun, "lines_loaded"), sideSeconds);
        Map<String, Object> ingestSide = new LinkedHashMap<>();
        ingestSide.put("orders_per_second", Math.round(sideOrders.perSecond()));
        ingestSide.put("lines_per_second", Math.round(sideLines.perSecond()));
        ingestSide.put("seconds", sideSeconds);
        ingestSide.put("cpu_seconds", sideRun.get("cpu_seconds"));
        ingestSide.put("consumer_thread_cpu_seconds", sideRun.get("consumer_thread_cpu_seconds"));
        ingestSide.put("compilation_seconds", sideRun.get("compilation_seconds"));
        ingestSide.put("gc_seconds", sideRun.get("gc_seconds"));
        ingestSide.put("peak_heap_mb", sideRun.get("peak_heap_mb"));
        limits.put("ingest_side", ingestSide);
        table.row("limit: the pipeline, batches costing nothing", sideOrders, "orders");
        table.note("limit: the same, CPU: process; consumer thread", String.format("%s s, start-up included; %s s"
                        + " (compiler %s s, GC %s s)", sideRun.get("cpu_seconds"), sideRun.get("consumer_thread_cpu_seconds"),
                sideRun.get("compilation_seconds"), sideRun.get("gc_seconds")));

        long latencyOrders = Math.round(options.latencyRate() * options.latencyTime().toSeconds());
        step("Latency: 'run' produces %,.0f orders/s for %d s and loads them", options.latencyRate(),
                options.latencyTime().toSeconds());
        Map<String, Object> latency = pipeline.run("latency", LATENCY_TOPIC, options.latencyTime().toSeconds() + 600,
                Map.of("OPS_LATENCY_WARMUP_SECONDS", String.valueOf(WARMUP_SECONDS)), "--rate", String.valueOf(options.latencyRate()), "--orders", String.valueOf(latencyOrders),
                "--seed", String.valueOf(options.seed() + 1));
        Map<String, Object> latencyResult = new LinkedHashMap<>();
        latencyResult.put("rate", options.latencyRate());
        latencyResult.put("orders", number(latency, "orders_loaded"));
        latencyResult.put("warmup_seconds", WARMUP_SECONDS);
        latencyResult.put("steady", latency.get("steady_end_to_end_latency_ms"));
        latencyResult.put("whole_run", latency.get("end_to_end_latency_ms"));
        results.put("latency_ms", latencyResult);
        table.note(String.format("latency at %,.0f orders/s, after %d s", options.latencyRate(), WARMUP_SECONDS),
                percentiles(latency.get("steady_end_to_end_latency_ms")));
        table.note("latency, whole run with start-up", percentiles(latency.get("end_to_end_latency_ms")));

        Realtime realtime = options.realtime();
        Map<String, Object> capacity = capacity(pipeline, topics, bootstrapServers, realtime);

        step("Cold start: a fresh 'run --no-producer', then 'produce --rate %,.0f' for %d s",
                realtime.coldStartRate(), realtime.coldStartSeconds());
        Map<String, Object> cold = RealtimeRun.run(pipeline, topics, bootstrapServers, "cold-start", realtime.coldStartRate(),
                0, realtime.coldStartSeconds(), options.seed() + 3);
        Map<String, Object> coldStart = new LinkedHashMap<>();
        coldStart.put("rate", realtime.coldStartRate());
        coldStart.put("seconds_to_steady", cold.get("seconds_to_steady"));
        coldStart.put("seconds_until_every_second_under_limit", cold.get("seconds_until_every_second_under_limit"));
        coldStart.put("p99_first_minute_ms", ((Map<?, ?>) cold.get("first_minute")).get("p99"));
        coldStart.put("p50_first_minute_ms", ((Map<?, ?>) cold.get("first_minute")).get("p50"));
        coldStart.put("startup_seconds", cold.get("startup_seconds"));
        coldStart.put("writer_core_wait_share_first_" + RealtimeRun.FIRST_SECONDS + "_s",
                coreWaitShare(cold.get("writer_first_" + RealtimeRun.FIRST_SECONDS + "_seconds")));
        coldStart.put("writer_core_wait_share_after_" + RealtimeRun.FIRST_SECONDS + "_s",
                coreWaitShare(cold.get("writer_after_" + RealtimeRun.FIRST_SECONDS + "_seconds")));
        coldStart.put("run", cold);
        step("Restart under traffic: 'produce --rate %,.0f' for %d s, and a fresh 'run --no-producer' a second later",
                realtime.coldStartRate(), realtime.coldStartSeconds());
        Map<String, Object> restart = RealtimeRun.restartUnderTraffic(pipeline, topics, bootstrapServers, "restart",
                realtime.coldStartRate(), realtime.coldStartSeconds(), options.seed() + 4);
        Map<String, Object> restartFigures = new LinkedHashMap<>();
        restartFigures.put("rate", realtime.coldStartRate());
        restartFigures.put("first_second_under_limit", restart.get("first_second_under_limit"));
        restartFigures.put("seconds_to_steady", restart.get("seconds_to_steady"));
        restartFigures.put("worst_second_p99_ms", restart.get("worst_second_p99_ms"));
        restartFigures.put("p99_first_minute_ms", ((Map<?, ?>) restart.get("first_minute")).get("p99"));
        restartFigures.put("startup_seconds", restart.get("startup_seconds"));
        restartFigures.put("run", restart);
        coldStart.put("restart_under_traffic", restartFigures);
        results.put("cold_start", coldStart);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> realtimeRuns = new java.util.ArrayList<>((List<Map<String, Object>>) capacity.get("steps"));
        realtimeRuns.add(cold);
        cpuBudget(realtimeRuns);
        table.note(String.format("cold start at %,.0f orders/s", realtime.coldStartRate()),
                (cold.get("seconds_to_steady") == null ? "never steady" : "steady after " + cold.get("seconds_to_steady") + " s")
                        + (cold.get("seconds_until_every_second_under_limit") == null ? " (a second over 1 s up to the end)"
                                : " (every second under 1 s after " + cold.get("seconds_until_every_second_under_limit") + " s)")
                        + String.format(", first minute p50 %s ms, p99 %s ms (start-up before joining %s s)",
                        coldStart.get("p50_first_minute_ms"), coldStart.get("p99_first_minute_ms"), cold.get("startup_seconds"))
                        + String.format("; the writing thread waited for a core %s of its writing time in the first %d s, %s later",
                        percent(coldStart.get("writer_core_wait_share_first_" + RealtimeRun.FIRST_SECONDS + "_s")),
                        RealtimeRun.FIRST_SECONDS,
                        percent(coldStart.get("writer_core_wait_share_after_" + RealtimeRun.FIRST_SECONDS + "_s"))));
        table.note(String.format("restart under traffic at %,.0f orders/s", realtime.coldStartRate()),
                (restart.get("first_second_under_limit") == null ? "no second's p99 under 1 s while producing"
                        : "caught up after " + restart.get("first_second_under_limit") + " s of production (a second's p99 under 1 s)")
                        + (restart.get("seconds_to_steady") == null ? ", never steady" : ", steady after " + restart.get("seconds_to_steady") + " s")
                        + String.format("; worst second's p99 %s ms, first minute p99 %s ms (start-up before joining %s s)",
                        restartFigures.get("worst_second_p99_ms"), restartFigures.get("p99_first_minute_ms"), restart.get("startup_seconds")));

        if (options.postgres()) {
            step("PostgreSQL: a server of its own; the backlog by a JDBC sink's upserts (facts only), then by the pipeline");
            try {
                Map<String, Object> postgres = PostgresBench.run(bootstrapServers, partitions, BACKLOG_TOPIC, orders, pipeline, work,
                        stepSettings -> capacitySearch(pipeline, topics, bootstrapServers, realtime, "postgres: ",
                                "postgres-capacity", stepSettings));
                results.put("postgres", postgres);
                Map<?, ?> sink = (Map<?, ?>) postgres.get("jdbc_sink");
                Map<?, ?> drainedPg = (Map<?, ?>) postgres.get("pipeline");
                table.row("postgres: JDBC sink upserts, facts only", new Rate(((Number) sink.get("lines")).longValue(),
                        ((Number) sink.get("seconds")).doubleValue()), "lines");
                table.row("postgres: pipeline, SCD included", new Rate(((Number) drainedPg.get("lines")).longValue(),
                        ((Number) drainedPg.get("seconds")).doubleValue()), "lines");
                table.note("ratio: postgres pipeline / JDBC sink", postgres.get("pipeline_vs_jdbc_sink") + " (lines/s)");
                table.note("postgres: where the drain's load time goes", LoadSteps.shares(drainedPg.get("load_step_seconds")));
            } catch (Exception e) {
                results.put("postgres", Map.of("error", String.valueOf(e.getMessage())));
                table.note("postgres", "failed: " + e.getMessage());
            }
        }

        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("pipeline_vs_best_bulk_load", ratio(pipelineLines, bestBulk));
        ratios.put("pipeline_vs_kafka_consumer", ratio(pipelineOrders, drain));
        ratios.put("pipeline_vs_naive_baseline", ratio(pipelineLines, naive.lines()));
        ratios.put("pipeline_vs_duckdb_appender", ratio(pipelineLines, appender));
        ratios.put("read_path_vs_best_bulk_load", ratio(readingLines, bestBulk));
        ratios.put("ingest_side_vs_best_bulk_load", ratio(sideLines, bestBulk));
        results.put("ratios", ratios);
        table.note("ratio: pipeline / plain KafkaConsumer", ratios.get("pipeline_vs_kafka_consumer") + " (orders/s over messages/s)");
        table.note("ratio: pipeline / naive baseline", ratios.get("pipeline_vs_naive_baseline") + " (lines/s)");
        table.note("ratio: pipeline / DuckDB Appender", ratios.get("pipeline_vs_duckdb_appender") + " (lines/s over rows/s)");
        table.note("ratio: pipeline / best bulk load", ratios.get("pipeline_vs_best_bulk_load") + " (lines/s over rows/s, "
                + limits.get("best_bulk_path") + ")");
        table.note("ratio: reading alone / best bulk load", ratios.get("read_path_vs_best_bulk_load")
                + " (lines/s a consumer thread reads and fingerprints, with no warehouse, over rows/s)");
        table.note("ratio: pipeline, batches costing nothing / best bulk", ratios.get("ingest_side_vs_best_bulk_load")
                + " (lines/s: no writer, however fast, takes the drain above it)");
    }

    /**
     * The highest rate at which the pipeline keeps up: p99 from produce to commit at most a second after the
     * warm-up, also over the last 10 s (a growing lag shows there), everything committed soon after the producer
     * ends, and the producer reaching the rate. Rates rise by a step until one fails; then one run between.
     */
    private Map<String, Object> capacity(PipelineProcess pipeline, Topics topics, String bootstrapServers,
                                         Realtime realtime) throws Exception {
        Map<String, Object> capacity = capacitySearch(pipeline, topics, bootstrapServers, realtime, "", "capacity", run -> Map.of());
        if (capacity.get("orders_per_second") instanceof Number rate && rate.doubleValue() > 0) {
            capacity.put("clock_timed", clockTimed(pipeline, topics, bootstrapServers, realtime, rate.doubleValue()));
        }
        results.put("realtime_capacity", capacity);
        return capacity;
    }

    /**
     * The capacity again with each order timed by the clock, as a live shop's ({@code produce --event-time clock}),
     * instead of by the mock stream, whose event time runs ahead of the clock hundreds of times and more: the mock's
     * late orders (a tenth, up to 120 s late) then fall among the last two minutes of stored orders, where the Type 2
     * and Type 3 steps read around each of them, and each of the mock's 2,000 customers orders several times a
     * second. Half the capacity's rate first, then halfway between the highest rate that kept up (or none) and the
     * lowest that fell behind (or the capacity's rate).
     */
    private Map<String, Object> clockTimed(PipelineProcess pipeline, Topics topics, String bootstrapServers, Realtime realtime,
                                           double capacityRate) throws Exception {
        List<Map<String, Object>> steps = new java.util.ArrayList<>();
        Map<String, Object> best = null;
        // a bisection between what kept up and what fell behind, below the capacity with the stream's timing
        double keptUp = 0;
        double fellBehind = capacityRate;
        double rate = Math.round(capacityRate / 2 / 500) * 500.0;
        for (int run = 1; run <= CLOCK_TIMED_RUNS && rate > keptUp && rate < fellBehind; run++) {
            step("Real-time capacity with orders timed by the clock, run %d: a fresh 'run --no-producer', 'produce --rate %,.0f"
                    + " --event-time clock' for %d + %d s", run, rate, realtime.warmupSeconds(), realtime.steadySeconds());
            Map<String, Object> result = RealtimeRun.run(pipeline, topics, bootstrapServers, "capacity-clock-" + run, rate,
                    realtime.warmupSeconds(), realtime.steadySeconds(), options.seed() + 30 + run, Map.of(),
                    List.of("--event-time", "clock"));
            steps.add(result);
            boolean keepsUp = Boolean.TRUE.equals(result.get("keeps_up"));
            table.note(String.format("real time at %,.0f orders/s, orders timed by the clock", rate),
                    outcome(result, realtime.warmupSeconds()));
            table.note(String.format("load steps at %,.0f orders/s, timed by the clock", rate), LoadSteps.shares(result.get("load_step_seconds")));
            if (keepsUp) {
                best = result;
                keptUp = rate;
            } else {
                fellBehind = rate;
            }
            rate = Math.round((keptUp + fellBehind) / 2 / 500) * 500.0;
        }
        Map<String, Object> clockTimed = new LinkedHashMap<>();
        clockTimed.put("orders_per_second", best == null ? 0 : Math.round(((Number) best.get("rate")).doubleValue()));
        clockTimed.put("p50_ms", best == null ? null : ((Map<?, ?>) best.get("steady")).get("p50"));
        clockTimed.put("p99_ms", best == null ? null : ((Map<?, ?>) best.get("steady")).get("p99"));
        clockTimed.put("steps", steps);
        table.note("real-time capacity, orders timed by the clock", best == null
                ? String.format("below %,.0f orders/s", fellBehind)
                : String.format("%,d orders/s (p50 %s ms, p99 %s ms)", clockTimed.get("orders_per_second"),
                clockTimed.get("p50_ms"), clockTimed.get("p99_ms")));
        return clockTimed;
    }

    /** A real-time run's table row: whether it kept up, its p50 and p99 after the warm-up, and why not. */
    private static String outcome(Map<String, Object> run, int warmupSeconds) {
        Map<?, ?> steady = (Map<?, ?>) run.get("steady");
        boolean keepsUp = Boolean.TRUE.equals(run.get("keeps_up"));
        return String.format("%s: p50 %s ms, p99 %s ms after %d s%s", keepsUp ? "keeps up" : "falls behind",
                steady.get("p50"), steady.get("p99"), warmupSeconds, keepsUp ? "" : " (" + run.get("why_not") + ")");
    }

    /** The settings of one real-time run's loader, by run number: another warehouse, say. */
    @FunctionalInterface
    interface StepSettings {
        Map<String, String> forRun(int run) throws Exception;
    }

    /**
     * The step search itself, for any warehouse: each run a fresh loader with {@code settings}, its processes named
     * {@code name-N}; table rows start with {@code label}.
     */
    Map<String, Object> capacitySearch(PipelineProcess pipeline, Topics topics, String bootstrapServers, Realtime realtime,
                                       String label, String name, StepSettings settings) throws Exception {
        List<Map<String, Object>> steps = new java.util.ArrayList<>();
        Map<String, Object> best = null;
        double rate = realtime.startRate();
        double failedAt = Double.NaN;
        for (int run = 1; run <= realtime.maxSteps(); run++) {
            step("%sReal-time capacity, step %d: a fresh 'run --no-producer', 'produce --rate %,.0f' for %d + %d s",
                    label, run, rate, realtime.warmupSeconds(), realtime.steadySeconds());
            Map<String, Object> result = RealtimeRun.run(pipeline, topics, bootstrapServers, name + "-" + run, rate,
                    realtime.warmupSeconds(), realtime.steadySeconds(), options.seed() + 10 + run, settings.forRun(run), List.of());
            steps.add(result);
            boolean keepsUp = Boolean.TRUE.equals(result.get("keeps_up"));
            table.note(String.format("%sreal time at %,.0f orders/s", label, rate), outcome(result, realtime.warmupSeconds()));
            if (keepsUp && (best == null || rate > ((Number) best.get("rate")).doubleValue())) {
                best = result;
            } else if (!keepsUp) {
                failedAt = Double.isNaN(failedAt) ? rate : Math.min(failedAt, rate);
            }
            double highestPassed = best == null ? 0 : ((Number) best.get("rate")).doubleValue();
            if (Double.isNaN(failedAt)) {
                rate = rate + realtime.stepRate();
            } else if (failedAt - highestPassed > realtime.stepRate() / 4) {
                rate = Math.round((failedAt + highestPassed) / 2 / 500) * 500.0;
                if (rate <= highestPassed || rate >= failedAt) {
                    break;
                }
            } else {
                break;
            }
        }
        Map<String, Object> capacity = new LinkedHashMap<>();
        if (best == null) {
            // no step run is no measurement, not a capacity of zero
            capacity.put("orders_per_second", steps.isEmpty() ? null : 0);
            capacity.put("p50_ms", null);
            capacity.put("p99_ms", null);
        } else {
            Map<?, ?> steady = (Map<?, ?>) best.get("steady");
            capacity.put("orders_per_second", Math.round(((Number) best.get("rate")).doubleValue()));
            capacity.put("p50_ms", steady.get("p50"));
            capacity.put("p99_ms", steady.get("p99"));
        }
        capacity.put("criterion", "p99 produce to commit <= " + RealtimeRun.LATENCY_LIMIT_MS + " ms after "
                + realtime.warmupSeconds() + " s and over the last 10 s of " + realtime.steadySeconds() + " s steady");
        capacity.put("steps", steps);
        table.note(label + "real-time capacity", steps.isEmpty() ? "not measured (--capacity-max-steps 0)"
                : best == null ? String.format("below %,.0f orders/s", realtime.startRate())
                : String.format("%,d orders/s (p50 %s ms, p99 %s ms)", capacity.get("orders_per_second"),
                capacity.get("p50_ms"), capacity.get("p99_ms")));
        Map<String, Object> measured = best == null ? (steps.isEmpty() ? null : steps.get(0)) : best;
        if (measured != null) {
            table.note(String.format("%sload steps at %,.0f orders/s", label, ((Number) measured.get("rate")).doubleValue()),
                    LoadSteps.shares(measured.get("load_step_seconds")));
        }
        return capacity;
    }

    /** The share of the writing thread's writing time it waited for a core, from {@link WriterWork}; null if not known. */
    private static Object coreWaitShare(Object writerWork) {
        return writerWork instanceof Map<?, ?> work ? work.get("core_wait_share") : null;
    }

    private static String percent(Object share) {
        return share instanceof Number number ? Math.round(number.doubleValue() * 100) + " %" : "an unknown share";
    }

    /**
     * What real time costs in CPU: per 1,000 orders, over the steady production of the cheapest real-time run
     * whose producer held its rate (capacity steps and the cold start; a higher rate, or a loader behind, makes
     * larger batches, so an order costs less: the budget is the most favourable cost measured), the
     * producer, the loader process and its batch-writing thread, and the broker; and the cores the target rate
     * would take at that cost, the producer, loader and broker sharing the machine as they do here. Batches are
     * written one at a time, so the writing thread alone needs less than one core at a rate the loader can keep
     * up with, however many cores there are.
     */
    private void cpuBudget(List<Map<String, Object>> runs) {
        Map<String, Object> budget = new LinkedHashMap<>();
        Map<String, Object> step = runs.stream().filter(Benchmark::cpuMeasured).filter(Benchmark::producerHeldItsRate)
                .min(Comparator.comparingDouble(Benchmark::cpuPerThousandOrders)).orElse(runs.get(0));
        double rate = ((Number) step.get("rate")).doubleValue();
        budget.put("rate", rate);
        Map<?, ?> cpu = (Map<?, ?>) step.get("cpu");
        if (cpu == null || cpu.get("run_cpu_ms_per_1k_orders") == null) {
            budget.put("error", "no CPU time measured during steady production");
            results.put("cpu_budget", budget);
            table.note("CPU budget", "not measured (no steady production)");
            return;
        }
        double produce = ((Number) cpu.get("produce_cpu_ms_per_1k_orders")).doubleValue();
        double run = ((Number) cpu.get("run_cpu_ms_per_1k_orders")).doubleValue();
        double loaderThread = ((Number) cpu.get("loader_thread_cpu_ms_per_1k_orders")).doubleValue();
        double broker = ((Number) cpu.get("broker_cpu_ms_per_1k_orders")).doubleValue();
        int cores = Runtime.getRuntime().availableProcessors();
        double perThousand = produce + run + broker;
        budget.put("produce_cpu_ms_per_1k_orders", produce);
        budget.put("run_cpu_ms_per_1k_orders", run);
        budget.put("loader_thread_cpu_ms_per_1k_orders", loaderThread);
        budget.put("broker_cpu_ms_per_1k_orders", broker);
        budget.put("cores", cores);
        budget.put("cores_needed_at_" + TARGET_RATE + "_per_s", Math.round(perThousand * TARGET_RATE / 1e6 * 100) / 100.0);
        budget.put("loader_thread_cores_needed_at_" + TARGET_RATE + "_per_s", Math.round(loaderThread * TARGET_RATE / 1e6 * 100) / 100.0);
        budget.put("orders_per_second_the_cores_allow", Math.round(cores * 1e6 / perThousand));
        budget.put("orders_per_second_one_loader_thread_allows", Math.round(1e6 / loaderThread));
        results.put("cpu_budget", budget);
        table.note(String.format("CPU per 1,000 orders at %,.0f orders/s", rate), String.format(
                "produce %.0f ms, run %.0f ms (batch-writing thread %.0f ms), broker %.0f ms", produce, run, loaderThread, broker));
        table.note(String.format("cores needed at %,d orders/s", TARGET_RATE), String.format(
                "%.2f of %d (writing thread alone: %.2f of one core); these costs allow %,d orders/s on %d cores",
                perThousand * TARGET_RATE / 1e6, cores, loaderThread * TARGET_RATE / 1e6, Math.round(cores * 1e6 / perThousand), cores));
    }

    /** The producer's and the broker's costs are per order of the nominal rate, so they hold only when it was reached. */
    private static boolean producerHeldItsRate(Map<String, Object> run) {
        return ((Number) run.get("achieved_rate")).doubleValue() >= 0.95 * ((Number) run.get("rate")).doubleValue();
    }

    private static boolean cpuMeasured(Map<String, Object> run) {
        Map<?, ?> cpu = (Map<?, ?>) run.get("cpu");
        return cpu != null && cpu.get("produce_cpu_ms_per_1k_orders") != null && cpu.get("run_cpu_ms_per_1k_orders") != null
                && cpu.get("broker_cpu_ms_per_1k_orders") != null;
    }

    /** Producer, loader and broker together, per 1,000 orders of a real-time run's steady production. */
    private static double cpuPerThousandOrders(Map<String, Object> run) {
        Map<?, ?> cpu = (Map<?, ?>) run.get("cpu");
        return ((Number) cpu.get("produce_cpu_ms_per_1k_orders")).doubleValue()
                + ((Number) cpu.get("run_cpu_ms_per_1k_orders")).doubleValue()
                + ((Number) cpu.get("broker_cpu_ms_per_1k_orders")).doubleValue();
    }

    private void record(String key, String label, Rate rate, String unit) {
        results.put(key, Map.of(unit, rate.count(), "seconds", Math.round(rate.seconds() * 1000) / 1000.0,
                unit + "_per_second", Math.round(rate.perSecond())));
        table.row(label, rate, unit);
    }

    private void step(String format, Object... args) throws IOException {
        if (freeBytes() < DISK_BYTES_EVERY_STEP) {
            throw new IllegalStateException(String.format("bench stopped before '%s': %.1f GB are left free on the disk of %s,"
                    + " and a step can take %.1f GB; the figures so far are not written.", String.format(format, args),
                    freeBytes() / 1e9, options.workDir().toAbsolutePath(), DISK_BYTES_EVERY_STEP / 1e9));
        }
        out.println("bench: " + String.format(format, args));
    }

    private long freeBytes() throws IOException {
        return Files.getFileStore(options.workDir()).getUsableSpace();
    }

    private static String percentiles(Object summary) {
        Map<?, ?> values = (Map<?, ?>) summary;
        return String.format("p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (%s orders)", values.get("p50"),
                values.get("p95"), values.get("p99"), values.get("max"), values.get("count"));
    }

    private static double ratio(Rate ours, Rate theirs) {
        return Math.round(ours.perSecond() / theirs.perSecond() * 1000) / 1000.0;
    }

    private static Map<String, Object> writerLimits(Path work, Options options, TopicFill fill, int prefilledOrders)
            throws Exception {
        return writerLimits(work, options, fill, prefilledOrders, 0);
    }

    /**
     * The batch writer alone with the C library's malloc (this process's {@code LD_PRELOAD} left out) and with the
     * jemalloc every other JVM of the run allocates through, in turns: a single pair moves with whatever the machine
     * did just before. Medians by allocator, each run's figures beside them.
     */
    private static Map<String, Map<String, Object>> writerByAllocator(Path work, Options options, TopicFill fill) throws Exception {
        Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
        for (int pair = 1; pair <= options.allocatorPairs(); pair++) {
            for (String allocator : List.of(NativeAllocator.SYSTEM, NativeAllocator.JEMALLOC)) {
                Set<String> unset = allocator.equals(NativeAllocator.SYSTEM) ? Set.of("LD_PRELOAD") : Set.of();
                runs.computeIfAbsent(allocator, a -> new ArrayList<>()).add(ChildJvm.figures("batch writer limits",
                        work.resolve("writer-limits-" + allocator + "-" + pair + ".log"), List.of("-Xmx" + options.heap()), unset,
                        WriterLimits.class, writerArguments(work, options, fill, WriterLimits.PREFILL_ORDERS, 0)));
            }
        }
        Map<String, Map<String, Object>> byAllocator = new LinkedHashMap<>();
        runs.forEach((allocator, figures) -> {
            Map<String, Object> medians = new LinkedHashMap<>();
            for (String key : List.of("small_batch_cpu_ms", "large_batch_cpu_ms", "cpu_us_per_further_order")) {
                medians.put(key, figures.stream().mapToDouble(run -> ((Number) run.get(key)).doubleValue()).sorted()
                        .skip(figures.size() / 2).findFirst().orElseThrow());
            }
            medians.put("runs", figures.stream().map(run -> Map.of("small_batch_cpu_ms", run.get("small_batch_cpu_ms"),
                    "large_batch_cpu_ms", run.get("large_batch_cpu_ms"), "cpu_us_per_further_order", run.get("cpu_us_per_further_order"))).toList());
            byAllocator.put(allocator, medians);
        });
        return byAllocator;
    }

    /** With an event rate above 0, the orders' event time advances at that many orders a second. */
    private static Map<String, Object> writerLimits(Path work, Options options, TopicFill fill, int prefilledOrders,
                                                    int eventRate) throws Exception {
        return ChildJvm.figures("batch writer limits", work.resolve("writer-limits-" + prefilledOrders + "-" + eventRate + ".log"),
                List.of("-Xmx" + options.heap()), WriterLimits.class, writerArguments(work, options, fill, prefilledOrders, eventRate));
    }

    private static String[] writerArguments(Path work, Options options, TopicFill fill, int prefilledOrders, int eventRate) {
        return new String[] {work.toString(), String.valueOf(options.seed() + 5), String.valueOf(fill.end().toEpochMilli()),
                String.valueOf(prefilledOrders), String.valueOf(eventRate)};
    }

    private static long number(Map<String, Object> summary, String key) {
        return ((Number) summary.get(key)).longValue();
    }

    private static Path recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
