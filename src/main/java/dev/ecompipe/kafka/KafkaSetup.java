package dev.ecompipe.kafka;

import java.nio.file.Path;
import java.util.Map;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Directories;
import dev.ecompipe.config.Ports;
import dev.ecompipe.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the Kafka cluster to use, starting the embedded broker when no bootstrap servers are configured. */
public final class KafkaSetup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSetup.class);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;

    private KafkaSetup(EmbeddedKafkaBroker broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The configured cluster; without one, a local broker already listening on the embedded port (a
     * running {@code broker} or {@code run}) or else a newly started embedded broker.
     */
    public static KafkaSetup start(Settings settings) {
        if (settings.isSet("kafka.bootstrap.servers")) {
            String servers = settings.get("kafka.bootstrap.servers");
            // the Kafka clients would retry an unknown host or a closed port for half a minute, then fail with a stack trace
            if (!Topics.answers(servers)) {
                throw new ConfigurationException("No Kafka broker answers at " + servers + " (setting kafka.bootstrap.servers,"
                        + " environment variable KAFKA_BOOTSTRAP_SERVERS); correct it, or leave it empty to start the embedded broker.");
            }
            return withTopics(settings, new KafkaSetup(null, servers));
        }
        String local = "127.0.0.1:" + settings.getInt("kafka.embedded.port");
        if (Topics.answers(local)) {
            LOG.info("Using the Kafka broker already running on {}", local);
            return withTopics(settings, new KafkaSetup(null, local));
        }
        return startEmbedded(settings);
    }

    /** Always starts the embedded broker (the {@code broker} command). */
    public static KafkaSetup startEmbedded(Settings settings) {
        // a broker that fails to bind ends the whole JVM, so taken ports are reported before it starts
        Ports.requireFree(settings, "127.0.0.1", "kafka.embedded.port");
        Ports.requireFree(settings, "127.0.0.1", "kafka.embedded.controller-port");
        Directories.requireWritable(settings, "kafka.embedded.data-dir");
        EmbeddedKafkaBroker broker = embeddedBroker(settings).start();
        return withTopics(settings, new KafkaSetup(broker, broker.bootstrapServers()));
    }

    private static KafkaSetup withTopics(Settings settings, KafkaSetup setup) {
        try (Topics topics = new Topics(setup.bootstrapServers)) {
            topics.ensure(Map.of(
                    settings.require("kafka.topic.orders"), settings.getInt("kafka.topic.orders.partitions"),
                    settings.require("kafka.topic.dead-letter"), 1));
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
        return setup;
    }

    public static EmbeddedKafkaBroker embeddedBroker(Settings settings) {
        return new EmbeddedKafkaBroker(Path.of(settings.require("kafka.embedded.data-dir")),
                settings.getInt("kafka.embedded.port"),
                settings.getInt("kafka.embedded.controller-port"));
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
