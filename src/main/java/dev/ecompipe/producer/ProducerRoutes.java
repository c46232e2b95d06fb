package dev.ecompipe.producer;

import java.util.List;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/** The timer-driven producer: mock orders (or a file's lines) to the orders topic. */
public class ProducerRoutes extends EndpointRouteBuilder {

    public static final String MOCK_PRODUCER = "mock-producer";

    @Override
    public void configure() {
        from(ProducerEndpoints.mockTimer()).routeId(MOCK_PRODUCER)
                .autoStartup("{{producer.enabled}}")
                .bean("orderPublishing", "nextChunk")
                .filter(exchange -> !exchange.getMessage().getBody(List.class).isEmpty())
                    .to(ProducerEndpoints.ordersOut())
                    .bean("orderPublishing", "published");
    }
}
