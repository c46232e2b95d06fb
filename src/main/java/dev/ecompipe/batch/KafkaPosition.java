package dev.ecompipe.batch;

import org.apache.kafka.common.TopicPartition;

/** Where a message was read: topic, partition and offset. */
public record KafkaPosition(String topic, int partition, long offset) {

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
