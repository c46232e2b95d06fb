package dev.ecompipe.ingest;

/** Where a message was read: topic, partition and offset. */
public record KafkaPosition(String topic, int partition, long offset) {

    public String partitionKey() {
        return topic + '/' + partition;
    }
}
