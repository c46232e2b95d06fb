package dev.ecompipe.dashboard;

import dev.ecompipe.ops.PipelineStats;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The operations panel's JSON, and the timer that samples the load counters for its throughput chart. Without
 * a pipeline in this process (the dashboard command) the panel says so instead of showing zeros.
 */
final class OperationsRoutes extends EndpointRouteBuilder {

    static final String OPERATIONS_PATH = "/api/operations";
    private static final int SAMPLE_SECONDS = 5;
    /** Ten minutes of samples. */
    private static final int SAMPLES_KEPT = 10 * 60 / SAMPLE_SECONDS + 1;

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(JsonAnswers::failure);

        PipelineStats stats = getContext().getRegistry().findSingleByType(PipelineStats.class);
        if (stats == null) {
            from(platformHttp(OPERATIONS_PATH).httpMethodRestrict("GET")).routeId("dashboard-operations")
                    .process(OperationsSnapshot::notRunning);
            return;
        }
        ThroughputHistory throughput = new ThroughputHistory(stats, SAMPLES_KEPT);
        from(timer("dashboard-throughput").period(SAMPLE_SECONDS * 1000L)).routeId("dashboard-throughput-sampler")
                .process(exchange -> throughput.sample());
        from(platformHttp(OPERATIONS_PATH).httpMethodRestrict("GET")).routeId("dashboard-operations")
                .process(new OperationsSnapshot(stats, throughput)::answer);
    }
}
