package dev.ecompipe.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.ecompipe.kafka.Topics;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.producer.MockOrderGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Fills a topic with the mock order stream of a seed, keyed by customer id like the producer route. */
final class TopicFill {

    /** What was published: messages, their order lines and bytes, and how long it took. */
    record Filled(Rate messages, long lines, long bytes) {
    }

    private final long seed;
    private final long orders;
    private final Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);

    TopicFill(long seed, long orders) {
        this.seed = seed;
        this.orders = orders;
    }

    /** The end of the generated orders' time window. */
    Instant end() {
        return end;
    }

    /** The same orders every time it is called, for the limits that write them without Kafka. */
    MockOrderGenerator generator() {
        return MockOrderGenerator.standard(seed, orders, end);
    }

    Filled publish(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.ACKS_CONFIG, "all");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long lines = 0;
        long bytes = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            MockOrderGenerator generator = generator();
            for (long i = 0; i < orders && failure.get() == null; i++) {
                Order order = generator.next();
                byte[] json = OrderJson.write(order);
                lines += order.lines().size();
                bytes += json.length;
                producer.send(new ProducerRecord<>(topic, order.customer().customerId(), json), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            String leaders;
            try (Topics topics = new Topics(bootstrapServers)) {
                leaders = topics.leaders(topic);
            }
            throw new IllegalStateException("Filling the topic " + topic + " failed: " + failure.get().getMessage()
                    + "; its partitions' leaders then: " + leaders, failure.get());
        }
        return new Filled(Rate.since(orders, started), lines, bytes);
    }
}
