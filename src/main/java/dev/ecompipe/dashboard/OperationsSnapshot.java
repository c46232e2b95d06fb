package dev.ecompipe.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ecompipe.ops.PipelineStats;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The operations panel's facts, read from the objects the metrics and health endpoints read: the pipeline's
 * {@link PipelineStats} and Camel's readiness checks.
 */
final class OperationsSnapshot {

    private final PipelineStats stats;
    private final ThroughputHistory throughput;

    OperationsSnapshot(PipelineStats stats, ThroughputHistory throughput) {
        this.stats = stats;
        this.throughput = throughput;
    }

    void answer(Exchange exchange) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("pipeline_running", true);
        snapshot.put("readiness", readiness(exchange.getContext()));
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("orders_loaded", stats.ordersLoaded());
        counters.put("lines_loaded", stats.linesLoaded());
        counters.put("dead_lettered", stats.deadLetteredCount());
        counters.put("duplicates_skipped", stats.duplicatesSkipped());
        counters.put("orders_produced", stats.produced());
        snapshot.put("counters", counters);
        snapshot.put("dead_lettered_by_class", stats.deadLetteredByClass());
        snapshot.put("consumer_lag", stats.consumerLag());
        snapshot.put("end_to_end_latency_ms", stats.latencyPercentilesMillis());
        snapshot.put("throughput", throughput.rates());
        JsonAnswers.ok(exchange, snapshot);
    }

    /** As {@code /observe/health/ready} decides it: ready when every readiness check is UP. */
    private static Map<String, Object> readiness(CamelContext context) {
        Map<String, Object> readiness = new LinkedHashMap<>();
        Map<String, String> down = new LinkedHashMap<>();
        for (HealthCheck.Result result : HealthCheckHelper.invokeReadiness(context)) {
            if (result.getState() != HealthCheck.State.UP) {
                down.put(result.getCheck().getId(), result.getMessage().orElse(result.getState().name()));
            }
        }
        readiness.put("ready", down.isEmpty());
        readiness.put("not_ready", down);
        return readiness;
    }

    /** What the panel shows when this process loads nothing (the dashboard command). */
    static void notRunning(Exchange exchange) {
        JsonAnswers.ok(exchange, Map.of("pipeline_running", false, "counters", Map.of(), "throughput", List.of()));
    }
}
