package dev.ecompipe.producer;

import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.kafka;
import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.timer;

import org.apache.camel.builder.EndpointConsumerBuilder;
import org.apache.camel.builder.EndpointProducerBuilder;

/** The producer route's endpoints, named once in the Endpoint DSL. Values in {{...}} come from application.properties. */
public final class ProducerEndpoints {

    private ProducerEndpoints() {
    }

    public static EndpointConsumerBuilder mockTimer() {
        return timer("mock-orders").period("{{producer.tick-ms}}").delay(0L);
    }

    /**
     * Synchronous, because a list body sent asynchronously can report done before its last record is
     * acknowledged; a chunk is still sent as a whole before the producer waits for the acknowledgements.
     */
    public static EndpointProducerBuilder ordersOut() {
        return kafka("{{kafka.topic.orders}}")
                .valueSerializer("org.apache.kafka.common.serialization.ByteArraySerializer")
                .maxRequestSize("{{kafka.max-message-bytes}}")
                .lingerMs(5)
                // each record of a chunk keeps its own headers (a file line's x-source), not the chunk's
                .batchWithIndividualHeaders(true)
                .advanced().synchronous(true);
    }
}
