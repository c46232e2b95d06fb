package dev.ecompipe.ops;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The pipeline's statistics, kept in the metrics registry that /observe/metrics serves; made when first looked
 * up, like every bean of the pipeline's configuration classes.
 */
@Configuration
public class OpsConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public PipelineStats pipelineStats(CamelContext camel,
                                       @PropertyInject("ops.latency-warmup-seconds") int latencyWarmupSeconds,
                                       @PropertyInject("ops.latency-timeline-seconds") int latencyTimelineSeconds) {
        PipelineStats stats = new PipelineStats(metricsRegistry(camel));
        stats.latencyWarmup(TimeUnit.SECONDS.toMillis(latencyWarmupSeconds));
        stats.latencyTimeline(latencyTimelineSeconds);
        return stats;
    }

    /**
     * camel-micrometer's registry: with camel.metrics.enabled camel-main makes it before any configuration class
     * runs; otherwise (the produce command) one is bound here under the name camel-micrometer would look for.
     */
    private static MeterRegistry metricsRegistry(CamelContext camel) {
        MeterRegistry registry = camel.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return registry;
    }
}
