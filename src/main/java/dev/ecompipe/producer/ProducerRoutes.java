package dev.ecompipe.producer;

import java.util.List;

import dev.ecompipe.ingest.Endpoints;
import org.apache.camel.builder.RouteBuilder;

/** The timer-driven producer: mock orders (or a file's lines) to the orders topic. */
public class ProducerRoutes extends RouteBuilder {

    public static final String MOCK_PRODUCER = "mock-producer";

    @Override
    public void configure() {
        from(Endpoints.MOCK_TIMER).routeId(MOCK_PRODUCER)
                .autoStartup("{{producer.enabled}}")
                .bean("orderPublishing", "nextChunk")
                .filter(exchange -> !exchange.getMessage().getBody(List.class).isEmpty())
                    .to(Endpoints.ORDERS_OUT)
                    .bean("orderPublishing", "published");
    }
}
