package dev.ecompipe.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded broker for a test class ({@code @RegisterExtension static}), with a temporary
 * directory for it and for the class's warehouse files, and the settings a pipeline under test needs.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private TestBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("pipeline-test-");
        broker = new TestBroker(dir.resolve("kafka"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        broker.close();
    }

    public TestBroker broker() {
        return broker;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Settings for a pipeline on this broker: its own consumer group and DuckDB file named after
     * {@code name}, free HTTP ports, producer unthrottled, the dead-letter log route off.
     */
    public Map<String, String> settings(String name) {
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", broker.bootstrapServers());
        values.put("kafka.group.id", name + "-" + UUID.randomUUID());
        values.put("warehouse.duckdb.path", warehouseFile(name).toString());
        values.put("producer.rate", "0");
        // the suite's many starts need no more warming than they had before it counted orders (pom.xml)
        values.put("ingest.warmup-ms", "3000");
        values.put("ops.dead-letter-log.enabled", "false");
        values.put("ops.http.port", String.valueOf(TestBroker.freePort()));
        values.put("ops.management.port", String.valueOf(TestBroker.freePort()));
        return values;
    }

    public Path warehouseFile(String name) {
        return dir.resolve(name + ".duckdb");
    }
}
