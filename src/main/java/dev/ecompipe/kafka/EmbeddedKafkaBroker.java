package dev.ecompipe.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), listening
 * on 127.0.0.1. Its log directory survives restarts, so a restarted pipeline resumes where it stopped.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public EmbeddedKafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized EmbeddedKafkaBroker start() {
        long started = System.nanoTime();
        Properties config = brokerConfig();
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("logs");
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
        } catch (IOException e) {
            throw new IllegalStateException("The Kafka data directory " + dataDir + " cannot be prepared: " + e.getMessage(), e);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
        server.startup();
        LOG.info("Embedded Kafka broker up on {} (data in {}) in {} ms", bootstrapServers(), dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    private Properties brokerConfig() {
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("log.dirs", dataDir.resolve("logs").toString());
        // a single node cannot hold three replicas of the internal topics; consumers hang without this
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("offsets.topic.num.partitions", "6");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        config.setProperty("auto.create.topics.enable", "false");
        config.setProperty("num.partitions", "6");
        config.setProperty("message.max.bytes", String.valueOf(4 * 1024 * 1024));
        config.setProperty("log.retention.hours", "168");
        config.setProperty("log.segment.bytes", String.valueOf(256 * 1024 * 1024));
        return config;
    }

    private void format(Properties config) throws IOException {
        Path configFile = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            config.store(writer, "embedded single-node KRaft broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode = StorageTool.execute(new String[] {
            "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()
        }, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers());
        }
    }
}
