package dev.ecompipe.ingest;

/** Every endpoint of the pipeline, named once. Values in {{...}} come from application.properties. */
public final class Endpoints {

    private static final String BYTES_OUT = "valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
            + "&maxRequestSize={{kafka.max-message-bytes}}";

    /**
     * Offsets are never auto-committed: the warehouse stores them in the batch's own transaction and the
     * consumer seeks to them on partition assignment (the offset repository), so a message counts as read
     * only once its rows are committed or it is on the dead-letter topic.
     */
    public static final String ORDERS_IN = "kafka:{{kafka.topic.orders}}"
            + "?groupId={{kafka.group.id}}"
            + "&autoOffsetReset=earliest"
            + "&autoCommitEnable=false"
            + "&offsetRepository=#warehouseOffsets"
            + "&pollOnError=RECONNECT"
            + "&pollTimeoutMs=500"
            + "&sessionTimeoutMs={{kafka.session-timeout-ms}}"
            + "&maxPollRecords={{ingest.max-poll-records}}"
            + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer";

    /**
     * Synchronous, because a list body sent asynchronously can report done before its last record is
     * acknowledged; a chunk is still sent as a whole before the producer waits for the acknowledgements.
     */
    public static final String ORDERS_OUT = "kafka:{{kafka.topic.orders}}?" + BYTES_OUT + "&lingerMs=5&synchronous=true"
            // each record of a chunk keeps its own headers (a file line's x-source), not the chunk's
            + "&batchWithIndividualHeaders=true";

    public static final String DEAD_LETTER_OUT = "kafka:{{kafka.topic.dead-letter}}?" + BYTES_OUT;

    /** Where the error handler sends a message that failed: it is published, then its offset is settled. */
    public static final String DEAD_LETTER = "direct:dead-letter";

    /** Publishes a described dead letter and nothing else. */
    public static final String PUBLISH_DEAD_LETTER = "direct:publish-dead-letter";

    /**
     * Each dead letter once it is on the dead-letter topic, for the {@code dead-letter-log} route in
     * routes/dead-letter-log.yaml: logged by the process that published it, so once, however often the
     * pipeline restarts. Dropped when no route listens; a full queue holds the publisher back rather than
     * losing a line.
     */
    public static final String DEAD_LETTER_PUBLISHED = "seda:dead-letter-published?discardIfNoConsumers=true&blockWhenFull=true";

    /** The Aggregator that turns orders into warehouse batches. */
    public static final String LOAD = "direct:load";

    public static final String MOCK_TIMER = "timer:mock-orders?period={{producer.tick-ms}}&delay=0";

    private Endpoints() {
    }
}
