package dev.ecompipe.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.InvalidOrderException;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka limits: a plain consumer reading a topic from the start, once without looking at the messages, once
 * reading and fingerprinting each as the ingest route does (its own work per message, without Camel and the
 * warehouse): no consumer thread can go faster than the second.
 */
final class RawDrain {

    private RawDrain() {
    }

    static Rate drain(String bootstrapServers, List<TopicPartition> partitions, long expected) {
        return drain(bootstrapServers, partitions, expected, null);
    }

    static Rate drainReadingOrders(String bootstrapServers, List<TopicPartition> partitions, long expected) {
        OrderReader reader = new OrderReader(Clock.systemUTC());
        return drain(bootstrapServers, partitions, expected, message -> {
            try {
                Order order = reader.read(message);
                OrderFingerprint.of(order);
            } catch (InvalidOrderException e) {
                throw new IllegalStateException("The backlog holds an order the pipeline would refuse: " + e.getMessage(), e);
            }
        });
    }

    private static Rate drain(String bootstrapServers, List<TopicPartition> partitions, long expected, Consumer<byte[]> perMessage) {
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
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (perMessage != null) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        perMessage.accept(record.value());
                    }
                }
                read += records.count();
            }
            return Rate.since(read, started);
        }
    }
}
