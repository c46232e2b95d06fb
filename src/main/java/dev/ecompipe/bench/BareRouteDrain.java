package dev.ecompipe.bench;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.ecompipe.config.Setting;
import dev.ecompipe.ingest.Endpoints;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * The Camel limit: the ingest route's own Kafka endpoint, an exchange for each poll holding an exchange for each
 * record, with nothing in its route but a counter, reading a topic from the start. The pipeline's consumer thread
 * cannot go faster: it also reads, validates and fingerprints each order and hands each poll to the Aggregator.
 */
final class BareRouteDrain {

    private BareRouteDrain() {
    }

    /** Reads {@code expected} messages of a topic as a new consumer group; the rate from the first message to the last. */
    static Rate drain(String bootstrapServers, String topic, String groupId, long expected) throws Exception {
        AtomicLong counted = new AtomicLong();
        AtomicLong firstNanos = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties settings = new Properties();
            settings.setProperty("kafka.topic.orders", topic);
            settings.setProperty("kafka.group.id", groupId);
            // the pipeline's defaults, as a run without settings of its own reads
            for (Setting setting : new Setting[] {Setting.KAFKA_SESSION_TIMEOUT_MS, Setting.INGEST_MAX_POLL_RECORDS}) {
                settings.setProperty(setting.key(), setting.defaultValue());
            }
            camel.getPropertiesComponent().setOverrideProperties(settings);
            camel.getRegistry().bind("warehouseOffsets", new MemoryStateRepository());
            KafkaComponent kafka = new KafkaComponent();
            kafka.getConfiguration().setBrokers(bootstrapServers);
            camel.addComponent("kafka", kafka);
            camel.addRoutes(new EndpointRouteBuilder() {
                @Override
                public void configure() {
                    from(Endpoints.ordersIn()).process(exchange -> {
                        long records = exchange.getMessage().getBody(List.class).size();
                        long count = counted.addAndGet(records);
                        if (count == records) {
                            firstNanos.set(System.nanoTime());
                        }
                        if (count >= expected && count - records < expected) {
                            all.countDown();
                        }
                    });
                }
            });
            camel.start();
            if (!all.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("A bare camel-kafka route read only " + counted.get() + " of " + expected
                        + " messages in 10 minutes.");
            }
            return new Rate(expected, (System.nanoTime() - firstNanos.get()) / 1e9);
        }
    }
}
