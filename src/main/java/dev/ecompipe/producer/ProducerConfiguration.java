package dev.ecompipe.producer;

import dev.ecompipe.ops.PipelineStats;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/**
 * The producer route's beans: what is published (mock orders or a file's lines) and at what pace; made when
 * first looked up, so a test may replace the source in the registry.
 */
@Configuration
public class ProducerConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OrderSource orderSource(@PropertyInject("producer.orders-file") String ordersFile,
                                   @PropertyInject("producer.seed") String seed,
                                   @PropertyInject("producer.orders") long orders,
                                   @PropertyInject("producer.event-time") String eventTime) {
        return OrderSource.configured(ordersFile, seed, orders, eventTime);
    }

    @BindToRegistry(lazy = true)
    public OrderPublishing orderPublishing(@BeanInject OrderSource orderSource, @BeanInject PipelineStats pipelineStats,
                                           @PropertyInject("producer.rate") double ratePerSecond,
                                           @PropertyInject("producer.max-per-tick") int maxPerTick) {
        return new OrderPublishing(orderSource, pipelineStats, ratePerSecond, maxPerTick);
    }
}
