package dev.ecompipe.producer;

import dev.ecompipe.ops.PipelineStats;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/**
 * The producer route's bean, bound from application.properties. What is published (mock orders or a file's
 * lines) is the command line's choice, bound as the {@link OrderSource}.
 */
@Configuration
public class ProducerConfiguration implements CamelConfiguration {

    @BindToRegistry
    public OrderPublishing orderPublishing(@BeanInject OrderSource orderSource, @BeanInject PipelineStats pipelineStats,
                                           @PropertyInject("producer.rate") double ratePerSecond,
                                           @PropertyInject("producer.max-per-tick") int maxPerTick) {
        return new OrderPublishing(orderSource, pipelineStats, ratePerSecond, maxPerTick);
    }
}
