package dev.ecompipe.ingest;

import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.direct;
import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.kafka;
import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.seda;

import org.apache.camel.builder.EndpointConsumerBuilder;
import org.apache.camel.builder.EndpointProducerBuilder;
import org.apache.camel.builder.endpoint.dsl.DirectEndpointBuilderFactory.DirectEndpointBuilder;
import org.apache.camel.builder.endpoint.dsl.SedaEndpointBuilderFactory.SedaEndpointProducerBuilder;

/**
 * Every endpoint of the ingest routes, named once, in the Endpoint DSL so that a misspelled option fails to
 * compile. Values in {{...}} come from application.properties. Each call gives a new builder.
 */
public final class Endpoints {

    private static final String BYTES = "org.apache.kafka.common.serialization.ByteArray";

    private Endpoints() {
    }

    /**
     * Offsets are never auto-committed: the warehouse stores them in the batch's own transaction and the
     * consumer seeks to them on partition assignment (the offset repository), so a message counts as read
     * only once its rows are committed or it is on the dead-letter topic.
     */
    public static EndpointConsumerBuilder ordersIn() {
        return kafka("{{kafka.topic.orders}}")
                .groupId("{{kafka.group.id}}")
                .autoOffsetReset("earliest")
                .autoCommitEnable(false)
                .offsetRepository("#warehouseOffsets")
                .pollOnError("RECONNECT")
                // an exchange for each poll: an exchange through the route and the Aggregator for every message cost
                // the consumer thread more than reading and parsing it. This mode's known bugs (TRAPS.md) are in
                // committing offsets to Kafka, which this consumer never does (the offset repository takes them and
                // ignores them); and it keeps a poll's records until the next poll unless this interval has passed,
                // so 1 ms hands each poll on then
                .batching(true)
                .batchingIntervalMs(1)
                .pollTimeoutMs(500L)
                .sessionTimeoutMs("{{kafka.session-timeout-ms}}")
                .maxPollRecords("{{ingest.max-poll-records}}")
                // a fetch answered as soon as one record is there costs the broker and this consumer a request for
                // every few records; waiting up to 50 ms for 256 KB cut the broker's CPU a third at 20,000 orders/s
                .fetchMinBytes(256 * 1024)
                .fetchWaitMaxMs(50)
                .valueDeserializer(BYTES + "Deserializer");
    }

    public static EndpointProducerBuilder deadLetterOut() {
        return kafka("{{kafka.topic.dead-letter}}")
                .valueSerializer(BYTES + "Serializer")
                .maxRequestSize("{{kafka.max-message-bytes}}");
    }

    /**
     * The ingest route's dead-letter channel: where its error handler sends a message that failed. It is
     * published, then its offset is settled through the next batch.
     */
    public static DirectEndpointBuilder deadLetterChannel() {
        return direct("dead-letter");
    }

    /** Publishes a described dead letter and nothing else. */
    public static DirectEndpointBuilder publishDeadLetter() {
        return direct("publish-dead-letter");
    }

    /**
     * Each dead letter once it is on the dead-letter topic, for the {@code dead-letter-log} route in
     * routes/dead-letter-log.yaml: logged by the process that published it, so once, however often the
     * pipeline restarts. Dropped when no route listens; a full queue holds the publisher back rather than
     * losing a line.
     */
    public static EndpointProducerBuilder deadLetterPublished() {
        SedaEndpointProducerBuilder queue = seda("dead-letter-published");
        return queue.advanced().discardIfNoConsumers(true).blockWhenFull(true);
    }

    /** The entrance of the Aggregator that collects parsed orders and settled positions into warehouse batches. */
    public static DirectEndpointBuilder batchAggregator() {
        return direct("batch-aggregator");
    }

    /** Writes one completed batch, in the order batches were opened, retrying a failing warehouse. */
    public static DirectEndpointBuilder writeBatch() {
        return direct("write-batch");
    }
}
