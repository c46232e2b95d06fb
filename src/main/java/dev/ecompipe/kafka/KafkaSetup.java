package dev.ecompipe.kafka;

import java.nio.file.Path;
import java.util.Map;

import dev.ecompipe.config.Ports;
import dev.ecompipe.config.Settings;

/** Finds the Kafka cluster to use, starting the embedded broker when no bootstrap servers are configured. */
public final class KafkaSetup implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;

    private KafkaSetup(EmbeddedKafkaBroker broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaSetup start(Settings settings) {
        KafkaSetup setup;
        if (settings.isSet("kafka.bootstrap.servers")) {
            setup = new KafkaSetup(null, settings.get("kafka.bootstrap.servers"));
        } else {
            // a broker that fails to bind ends the whole JVM, so taken ports are reported before it starts
            Ports.requireFree(settings, "127.0.0.1", "kafka.embedded.port");
            Ports.requireFree(settings, "127.0.0.1", "kafka.embedded.controller-port");
            EmbeddedKafkaBroker broker = embeddedBroker(settings).start();
            setup = new KafkaSetup(broker, broker.bootstrapServers());
        }
        try (Topics topics = new Topics(setup.bootstrapServers)) {
            topics.ensure(Map.of(
                    settings.require("kafka.topic.orders"), settings.getInt("kafka.topic.orders.partitions", 1, 1000),
                    settings.require("kafka.topic.dead-letter"), 1));
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
        return setup;
    }

    public static EmbeddedKafkaBroker embeddedBroker(Settings settings) {
        return new EmbeddedKafkaBroker(Path.of(settings.require("kafka.embedded.data-dir")),
                settings.getInt("kafka.embedded.port", 1, 65535),
                settings.getInt("kafka.embedded.controller-port", 1, 65535));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
