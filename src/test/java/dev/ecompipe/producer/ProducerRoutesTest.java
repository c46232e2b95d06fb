package dev.ecompipe.producer;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.ops.OpsConfiguration;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderReader;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Message;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer route under camel-main with the application's own configuration classes and Kafka mocked: exactly
 * N contract-valid orders, keyed by customer.
 */
@CamelMainTest(configurationClasses = {OpsConfiguration.class, ProducerConfiguration.class}, mockEndpointsAndSkip = "kafka:*",
        properties = {"producer.tick-ms=10", "producer.rate=0", "producer.max-per-tick=500",
                      "producer.seed=42", "producer.orders=" + ProducerRoutesTest.ORDERS, "ops.latency-warmup-seconds=0",
                      "kafka.bootstrap.servers=127.0.0.1:1", "ops.dead-letter-log.enabled=false",
                      "camel.server.enabled=false"})
class ProducerRoutesTest {

    static final int ORDERS = 1_234;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new ProducerRoutes());
    }

    @EndpointInject("mock:kafka:orders")
    MockEndpoint topic;

    @BeanInject
    CamelContext context;

    @Test
    void publishesExactlyTheRequestedOrdersAsContractJsonKeyedByCustomer() throws Exception {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(ProducerRoutes.MOCK_PRODUCER)
                .filter(e -> context.getRegistry().lookupByNameAndType("orderPublishing", OrderPublishing.class).isDone())
                .whenDone(1).create();
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();

        OrderReader reader = new OrderReader(Clock.systemUTC());
        Set<String> orderIds = new HashSet<>();
        for (var exchange : topic.getReceivedExchanges()) {
            for (Object record : exchange.getMessage().getBody(List.class)) {
                Message message = (Message) record;
                Order order = reader.read(message.getBody(byte[].class));
                assertThat(message.getHeader(KafkaConstants.KEY)).isEqualTo(order.customer().customerId());
                orderIds.add(order.orderId());
            }
        }
        assertThat(orderIds).hasSize(ORDERS);
        assertThat(context.getRegistry().lookupByNameAndType("pipelineStats", PipelineStats.class).produced()).isEqualTo(ORDERS);
    }
}
