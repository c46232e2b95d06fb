package dev.ecompipe.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecompipe.kafka.EmbeddedKafkaBroker;
import dev.ecompipe.kafka.Topics;
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

    /**
     * @param orders          the backlog the limits and the pipeline work through
     * @param baselineOrders  at most this many orders for the naive baseline, which is slow
     * @param baselineTime    and at most this long
     * @param latencyRate     orders per second produced during the latency run
     * @param latencyTime     how long the latency run produces
     * @param heap            the -Xmx of the pipeline runs
     */
    public record Options(long orders, long seed, long baselineOrders, Duration baselineTime, double latencyRate,
                          Duration latencyTime, String heap, Path workDir, Path resultsFile) {
    }

    private final Options options;
    private final PrintStream out;
    private final BenchTable table = new BenchTable();
    private final Map<String, Object> results = new LinkedHashMap<>();

    public Benchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        Path work = recreate(options.workDir());
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        results.put("orders", options.orders());
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

        step("Limit: the DuckDB Appender writes their %,d fact rows", filled.lines());
        Rate appender = AppenderLimit.write(work.resolve("appender.duckdb"), fill.generator(), orders);
        record("duckdb_appender_limit", "limit: DuckDB Appender, fact rows only", appender, "rows");

        step("Baseline: one INSERT per order line, autocommitted (at most %,d orders or %d s)",
                options.baselineOrders(), options.baselineTime().toSeconds());
        NaiveBaseline.Loaded naive = NaiveBaseline.load(bootstrapServers, partitions, work.resolve("baseline.duckdb"),
                options.baselineOrders(), options.baselineTime());
        record("naive_baseline", "baseline: INSERT per line, autocommit", naive.lines(), "lines");

        PipelineProcess pipeline = new PipelineProcess(bootstrapServers, options.heap(), work);
        step("Pipeline: 'run --no-producer' drains the backlog under -Xmx%s", options.heap());
        Map<String, Object> backlog = pipeline.run("pipeline", BACKLOG_TOPIC, Math.max(900, orders / 500), Map.of(), "--no-producer");
        long loaded = number(backlog, "orders_loaded");
        if (loaded != orders) {
            throw new IllegalStateException("The pipeline loaded " + loaded + " of " + orders + " orders; see " + work);
        }
        double seconds = ((Number) backlog.get("ingest_seconds")).doubleValue();
        Rate pipelineOrders = new Rate(loaded, seconds);
        Rate pipelineLines = new Rate(number(backlog, "lines_loaded"), seconds);
        results.put("pipeline", Map.of("orders", loaded, "lines", pipelineLines.count(), "seconds", seconds,
                "orders_per_second", Math.round(pipelineOrders.perSecond()),
                "lines_per_second", Math.round(pipelineLines.perSecond()),
                "heap_limit", options.heap(), "peak_heap_mb", backlog.get("peak_heap_mb")));
        table.row("pipeline: orders committed (SCD included)", pipelineOrders, "orders");
        table.row("pipeline: order lines committed", pipelineLines, "lines");
        table.note("pipeline: peak heap", backlog.get("peak_heap_mb") + " MB of -Xmx" + options.heap() + ", no OutOfMemoryError");

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

        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("pipeline_vs_kafka_consumer", ratio(pipelineOrders, drain));
        ratios.put("pipeline_vs_naive_baseline", ratio(pipelineLines, naive.lines()));
        ratios.put("pipeline_vs_duckdb_appender", ratio(pipelineLines, appender));
        results.put("ratios", ratios);
        table.note("ratio: pipeline / plain KafkaConsumer", ratios.get("pipeline_vs_kafka_consumer") + " (orders/s over messages/s)");
        table.note("ratio: pipeline / naive baseline", ratios.get("pipeline_vs_naive_baseline") + " (lines/s)");
        table.note("ratio: pipeline / DuckDB Appender", ratios.get("pipeline_vs_duckdb_appender") + " (lines/s over rows/s)");
    }

    private void record(String key, String label, Rate rate, String unit) {
        results.put(key, Map.of(unit, rate.count(), "seconds", Math.round(rate.seconds() * 1000) / 1000.0,
                unit + "_per_second", Math.round(rate.perSecond())));
        table.row(label, rate, unit);
    }

    private void step(String format, Object... args) {
        out.println("bench: " + String.format(format, args));
    }

    private static String percentiles(Object summary) {
        Map<?, ?> values = (Map<?, ?>) summary;
        return String.format("p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (%s orders)", values.get("p50"),
                values.get("p95"), values.get("p99"), values.get("max"), values.get("count"));
    }

    private static double ratio(Rate ours, Rate theirs) {
        return Math.round(ours.perSecond() / theirs.perSecond() * 1000) / 1000.0;
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
