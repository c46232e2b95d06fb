package dev.ecompipe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.drill.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The benchmark command on a small backlog, run from the packaged jar as a user runs it: every phase runs,
 * the pipeline loads the whole backlog in a JVM with a small heap, and the table and the JSON file carry the
 * figures and their ratios. It checks that the measurements are made, not how fast anything is. A process of
 * its own also keeps its broker clear of whatever the drills before it left in this JVM.
 */
class BenchCommandIT {

    @TempDir
    Path dir;

    @Test
    void measuresEveryPhaseAndWritesTheFigures() throws Exception {
        Path results = dir.resolve("bench-results.json");
        String table;
        // by the pipeline script, which preloads jemalloc (.ci/run installs it), so bench measures the writer without it too
        try (ChildProcess bench = ChildProcess.startScript("bench", dir, Map.of(), "bench", "--orders", "20000", "--seed", "7",
                "--baseline-orders", "300", "--baseline-seconds", "5", "--latency-rate", "1000", "--latency-seconds", "15",
                "--heap", "256m", "--work-dir", dir.resolve("work").toString(), "--output", results.toString(),
                "--capacity-start-rate", "1000", "--capacity-step", "1000", "--capacity-max-steps", "1", "--allocator-pairs", "1",
                "--warmup-seconds", "2", "--capacity-seconds", "5", "--cold-start-rate", "1000", "--cold-start-seconds", "6")) {
            assertThat(bench.awaitExit(Duration.ofMinutes(10))).as(bench.tail()).isZero();
            table = bench.output();
        }
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
        // where the drain's load time went, step by step, from the run summary
        for (String step : new String[] {"stage", "insert_order_events", "rebuild_customers", "insert_facts", "commit"}) {
            assertThat(figures.at("/pipeline/load_step_seconds/" + step).asDouble()).as(step).isPositive();
        }
        assertThat(figures.at("/realtime_capacity/steps/0/load_step_seconds/commit").asDouble()).isPositive();
        // the drain's CPU split: the writing thread and the compiler are part of the process
        assertThat(figures.at("/pipeline/writing_thread_cpu_seconds").asDouble()).isPositive()
                .isLessThan(figures.at("/pipeline/cpu_seconds").asDouble());
        assertThat(figures.at("/pipeline/compilation_seconds").asDouble()).isPositive();
        // the same drain with batches that cost nothing: every order passed, nothing of it written
        JsonNode ingestSide = figures.at("/limits/ingest_side");
        assertThat(ingestSide.get("orders_per_second").asLong()).isPositive();
        assertThat(ingestSide.get("lines_per_second").asDouble() / ingestSide.get("orders_per_second").asDouble())
                .isCloseTo((double) lines / 20_000, within(0.01));
        assertThat(ingestSide.get("consumer_thread_cpu_seconds").asDouble()).isPositive()
                .isLessThan(ingestSide.get("cpu_seconds").asDouble());
        assertThat(figures.at("/latency_ms/orders").asLong()).isEqualTo(15_000);
        assertThat(figures.at("/latency_ms/whole_run/count").asLong()).isEqualTo(15_000);
        assertThat(figures.at("/latency_ms/steady/count").asLong()).isBetween(1L, 14_999L);
        assertThat(figures.at("/latency_ms/steady/p50").asLong()).isLessThanOrEqualTo(figures.at("/latency_ms/steady/p99").asLong());
        assertThat(figures.at("/limits/best_bulk_rows_per_second").asLong()).isGreaterThanOrEqualTo(figures.at("/duckdb_appender_limit/rows_per_second").asLong());
        assertThat(figures.at("/limits/best_bulk_path").asText()).isNotBlank();
        // the consumer's own work per message without Camel, and the batch writer alone: measured, not derived
        assertThat(figures.at("/read_path_limit/orders").asLong()).isEqualTo(20_000);
        assertThat(figures.at("/limits/read_path_orders_per_second").asLong()).isEqualTo(figures.at("/read_path_limit/orders_per_second").asLong()).isPositive();
        // the ingest route's endpoint with a counter only: Camel's exchange per message, nothing of the pipeline's work
        assertThat(figures.at("/camel_route_limit/messages").asLong()).isEqualTo(20_000);
        assertThat(figures.at("/limits/camel_route_messages_per_second").asLong()).isEqualTo(figures.at("/camel_route_limit/messages_per_second").asLong()).isPositive();
        JsonNode writer = figures.at("/limits/batch_writer");
        assertThat(writer.get("large_batch_cpu_ms").asDouble()).isGreaterThan(writer.get("small_batch_cpu_ms").asDouble());
        assertThat(writer.get("cpu_us_per_further_order").asDouble()).isPositive();
        assertThat(writer.get("writer_share_of_200_ms_at_25000_per_s").asDouble())
                .isCloseTo(writer.get("large_batch_wall_ms").asDouble() / 200, within(0.01));
        assertThat(writer.get("wal_bytes_per_order").asLong()).isPositive();
        assertThat(writer.get("disk_sync_mb_per_second").asDouble()).isPositive();
        assertThat(writer.at("/large_batch_step_ms/rebuild_customers").asDouble()).isPositive();
        // and with the C library's malloc instead of the jemalloc every other JVM of the run allocates through
        assertThat(figures.at("/machine/memory_allocator").asText()).isEqualTo("jemalloc");
        for (String allocator : new String[] {"system", "jemalloc"}) {
            JsonNode byAllocator = figures.at("/limits/batch_writer_by_allocator/" + allocator);
            assertThat(byAllocator.get("runs")).as(allocator).hasSize(1);
            assertThat(byAllocator.get("large_batch_cpu_ms").asDouble()).as(allocator).isGreaterThan(byAllocator.get("small_batch_cpu_ms").asDouble());
            assertThat(byAllocator.get("cpu_us_per_further_order").asDouble()).as(allocator).isPositive();
        }
        // and again on a longer history: three backlogs, at least the first measurement's 100,000 orders
        JsonNode afterHistory = figures.at("/limits/batch_writer_after_history");
        assertThat(afterHistory.get("prefilled_orders").asLong()).isEqualTo(100_000);
        assertThat(afterHistory.get("large_batch_cpu_ms").asDouble()).isGreaterThan(afterHistory.get("small_batch_cpu_ms").asDouble());
        assertThat(afterHistory.at("/large_batch_step_ms/place_price_lines").asDouble()).isPositive();
        // and on orders whose event time advances at 25,000 a second, as in real time
        JsonNode inRealTime = figures.at("/limits/batch_writer_in_real_time");
        assertThat(inRealTime.get("prefilled_orders").asLong()).isEqualTo(100_000);
        assertThat(inRealTime.get("event_time_orders_per_second").asLong()).isEqualTo(25_000);
        assertThat(inRealTime.get("large_batch_cpu_ms").asDouble()).isGreaterThan(inRealTime.get("small_batch_cpu_ms").asDouble());
        assertThat(inRealTime.at("/large_batch_step_ms/rebuild_customers").asDouble()).isPositive();
        // one capacity step at 1,000 orders/s: 7,000 orders, each with its latency; kept up or not, it is measured
        assertThat(figures.at("/realtime_capacity/steps/0/orders_loaded").asLong()).isEqualTo(7_000);
        assertThat(figures.at("/realtime_capacity/steps/0/whole_run/count").asLong()).isEqualTo(7_000);
        assertThat(figures.at("/realtime_capacity/orders_per_second").isNumber()).isTrue();
        assertThat(figures.has("realtime_capacity") && figures.get("realtime_capacity").has("p99_ms")).isTrue();
        // below a capacity, the search runs again with orders timed by the clock, from half of it (one run here);
        // without a capacity, it does not
        if (figures.at("/realtime_capacity/orders_per_second").asLong() > 0) {
            JsonNode clockTimed = figures.at("/realtime_capacity/clock_timed");
            assertThat(clockTimed.get("steps")).hasSize(1);
            assertThat(clockTimed.at("/steps/0/rate").asDouble()).isEqualTo(500);
            assertThat(clockTimed.at("/steps/0/whole_run/count").asLong()).isEqualTo(3_500);
            assertThat(clockTimed.get("orders_per_second").asLong()).isIn(0L, 500L);
            assertThat(table).contains("real time at 500 orders/s, orders timed by the clock", "real-time capacity, orders timed by the clock");
        } else {
            assertThat(figures.at("/realtime_capacity").has("clock_timed")).isFalse();
        }
        // the CPU budget, from the cheapest real-time run (the step and the cold start, both at 1,000/s here): every
        // process spent CPU on the orders
        JsonNode cpu = figures.at("/realtime_capacity/steps/0/cpu");
        assertThat(cpu.get("orders_committed").asLong()).isPositive();
        JsonNode budget = figures.get("cpu_budget");
        assertThat(budget.get("rate").asDouble()).isEqualTo(1_000);
        for (String process : new String[] {"produce", "run", "loader_thread", "broker"}) {
            assertThat(budget.get(process + "_cpu_ms_per_1k_orders").asDouble()).as(process).isPositive();
        }
        assertThat(budget.get("loader_thread_cpu_ms_per_1k_orders").asDouble())
                .as("the writing thread is part of the run process").isLessThanOrEqualTo(budget.get("run_cpu_ms_per_1k_orders").asDouble());
        assertThat(budget.get("cores_needed_at_25000_per_s").asDouble()).isCloseTo(25 * (budget.get("produce_cpu_ms_per_1k_orders").asDouble()
                + budget.get("run_cpu_ms_per_1k_orders").asDouble() + budget.get("broker_cpu_ms_per_1k_orders").asDouble()) / 1000,
                within(0.02));
        assertThat(budget.get("cores").asInt()).isPositive();
        assertThat(figures.at("/cold_start/rate").asDouble()).isEqualTo(1_000);
        assertThat(figures.at("/cold_start/run/whole_run/count").asLong()).isEqualTo(6_000);
        assertThat(figures.at("/cold_start/p99_first_minute_ms").asLong()).isPositive();
        assertThat(figures.get("cold_start").has("seconds_to_steady")).isTrue();
        assertThat(figures.at("/cold_start/run/writer_after_5_seconds/batches").asLong()).isPositive();
        assertThat(figures.at("/cold_start/writer_core_wait_share_after_5_s").asDouble()).isBetween(0.0, 1.0);
        assertThat(figures.at("/cold_start/restart_under_traffic/run/whole_run/count").asLong()).isEqualTo(6_000);
        // the producer ran before the loader had even started, so the first second's orders waited for its start-up
        assertThat(figures.at("/cold_start/restart_under_traffic/worst_second_p99_ms").asLong()).isGreaterThan(2_000);
        assertThat(figures.get("cold_start").get("restart_under_traffic").has("first_second_under_limit")).isTrue();
        for (String ratio : new String[] {"pipeline_vs_best_bulk_load", "pipeline_vs_kafka_consumer", "pipeline_vs_naive_baseline", "pipeline_vs_duckdb_appender",
                "read_path_vs_best_bulk_load", "ingest_side_vs_best_bulk_load"}) {
            assertThat(figures.at("/ratios/" + ratio).asDouble()).as(ratio).isPositive();
        }
        assertThat(table).contains("limit: plain KafkaConsumer", "limit: KafkaConsumer, reading + fingerprint",
                "limit: batch writer alone, 5,000-order batch", "limit: write-ahead log; disk", "limit: batch writer after 100,000 orders", "limit: batch writer, C library's malloc / jemalloc", "machine: DuckDB's memory allocator, in every JVM of this run", "ratio: reading alone / best bulk load",
                "limit: the pipeline, batches costing nothing", "limit: camel-kafka route, a counter only", "ratio: pipeline, batches costing nothing / best bulk", "baseline: INSERT per line", "pipeline: order lines committed",
                "latency at 1,000 orders/s", "ratio: pipeline / naive baseline",
                "real-time capacity", "cold start at 1,000 orders/s", "restart under traffic at 1,000 orders/s", "ratio: pipeline / best bulk load",
                "CPU per 1,000 orders at 1,000 orders/s", "cores needed at 25,000 orders/s",
                "pipeline: where the load's time goes", "load steps at 1,000 orders/s");
    }
}
