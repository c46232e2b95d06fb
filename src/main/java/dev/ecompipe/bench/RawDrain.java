package dev.ecompipe.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka limit: a plain consumer reading a topic from the start without looking at the messages. */
final class RawDrain {

    private RawDrain() {
    }

    static Rate drain(String bootstrapServers, List<TopicPartition> partitions, long expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long read = 0;
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (read < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("A plain consumer read only " + read + " of " + expected + " messages in 10 minutes.");
                }
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return Rate.since(read, started);
        }
    }
}
