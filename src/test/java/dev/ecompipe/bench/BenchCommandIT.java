package dev.ecompipe.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark command on a small backlog: every phase runs, the pipeline loads the whole backlog in a
 * JVM with a small heap, and the table and the JSON file carry the figures and their ratios. It checks
 * that the measurements are made, not how fast anything is.
 */
class BenchCommandIT {

    @TempDir
    Path dir;

    @Test
    void measuresEveryPhaseAndWritesTheFigures() throws Exception {
        Path results = dir.resolve("bench-results.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new Benchmark(new Benchmark.Options(20_000, 7, 300, Duration.ofSeconds(5), 1_000, Duration.ofSeconds(15),
                "256m", dir.resolve("work"), results, new Benchmark.Realtime(1_000, 1_000, 1, 2, 5, 1_000, 6)),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String table = printed.toString(StandardCharsets.UTF_8);
        System.out.print(table);

        JsonNode figures = new ObjectMapper().readTree(Files.readString(results));
        long lines = figures.get("lines").asLong();
        assertThat(lines).isBetween(20_000L, 100_000L);
        assertThat(figures.at("/kafka_consumer_limit/messages").asLong()).isEqualTo(20_000);
        assertThat(figures.at("/duckdb_appender_limit/rows").asLong()).isEqualTo(lines);
        assertThat(figures.at("/naive_baseline/lines").asLong()).isPositive();
        assertThat(figures.at("/pipeline/orders").asLong()).isEqualTo(20_000);
        assertThat(figures.at("/pipeline/lines").asLong()).isEqualTo(lines);
        assertThat(figures.at("/pipeline/peak_heap_mb").asLong()).isPositive().isLessThanOrEqualTo(256);
        assertThat(figures.at("/latency_ms/orders").asLong()).isEqualTo(15_000);
        assertThat(figures.at("/latency_ms/whole_run/count").asLong()).isEqualTo(15_000);
        assertThat(figures.at("/latency_ms/steady/count").asLong()).isBetween(1L, 14_999L);
        assertThat(figures.at("/latency_ms/steady/p50").asLong()).isLessThanOrEqualTo(figures.at("/latency_ms/steady/p99").asLong());
        assertThat(figures.at("/limits/best_bulk_rows_per_second").asLong()).isGreaterThanOrEqualTo(figures.at("/duckdb_appender_limit/rows_per_second").asLong());
        assertThat(figures.at("/limits/best_bulk_path").asText()).isNotBlank();
        // one capacity step at 1,000 orders/s: 7,000 orders, each with its latency; kept up or not, it is measured
        assertThat(figures.at("/realtime_capacity/steps/0/orders_loaded").asLong()).isEqualTo(7_000);
        assertThat(figures.at("/realtime_capacity/steps/0/whole_run/count").asLong()).isEqualTo(7_000);
        assertThat(figures.at("/realtime_capacity/orders_per_second").isNumber()).isTrue();
        assertThat(figures.has("realtime_capacity") && figures.get("realtime_capacity").has("p99_ms")).isTrue();
        assertThat(figures.at("/cold_start/rate").asDouble()).isEqualTo(1_000);
        assertThat(figures.at("/cold_start/run/whole_run/count").asLong()).isEqualTo(6_000);
        assertThat(figures.at("/cold_start/p99_first_minute_ms").asLong()).isPositive();
        assertThat(figures.get("cold_start").has("seconds_to_steady")).isTrue();
        for (String ratio : new String[] {"pipeline_vs_best_bulk_load", "pipeline_vs_kafka_consumer", "pipeline_vs_naive_baseline", "pipeline_vs_duckdb_appender"}) {
            assertThat(figures.at("/ratios/" + ratio).asDouble()).as(ratio).isPositive();
        }
        assertThat(table).contains("limit: plain KafkaConsumer", "baseline: INSERT per line", "pipeline: order lines committed",
                "latency at 1,000 orders/s", "ratio: pipeline / naive baseline",
                "real-time capacity", "cold start at 1,000 orders/s", "ratio: pipeline / best bulk load");
    }
}
