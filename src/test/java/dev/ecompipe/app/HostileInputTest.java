package dev.ecompipe.app;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.ecompipe.config.Settings;
import dev.ecompipe.ingest.DeadLetters;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.order.OrderReader;
import dev.ecompipe.warehouse.WarehouseQueries;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus (src/test/resources/hostile, plus a few messages too big to keep as files)
 * through the real pipeline: every invalid message lands on the dead-letter topic with a readable reason,
 * every valid one is loaded with its strings unchanged, and the route keeps going.
 */
class HostileInputTest {

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void invalidInputIsDeadLetteredWithAReasonAndValidInputRoundTrips() throws Exception {
        Map<String, byte[]> invalid = new LinkedHashMap<>();
        Map<String, byte[]> valid = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(corpus())) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                (name.startsWith("valid-") ? valid : invalid).put(name, Files.readAllBytes(file));
            }
        }
        byte[] template = valid.get("valid-unknown-fields.json");
        invalid.put("generated: 1,001 lines", withLines(template, 1_001));
        invalid.put("generated: 2 MiB message", ("{\"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        invalid.put("generated: nesting 10,000 deep", ("{\"a\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8));
        byte[] conflicting = new String(valid.get("valid-zero-price.json"), StandardCharsets.UTF_8)
                .replace("\"quantity\": 1", "\"quantity\": 2").getBytes(StandardCharsets.UTF_8);
        invalid.put("conflicting duplicate of valid-zero-price.json", conflicting);
        byte[] exactDuplicate = valid.get("valid-emoji.json");

        // valid ones first, so the conflicting duplicate and the exact duplicate come after their originals
        List<byte[]> messages = new ArrayList<>(valid.values());
        messages.addAll(invalid.values());
        messages.add(exactDuplicate);
        Path file = kafka.dir().resolve("hostile.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            assertThat(message).doesNotContain((byte) '\n');
            out.write(message);
            out.write('\n');
        }
        Files.write(file, out.toByteArray());

        Path warehouseFile = kafka.warehouseFile("hostile");
        Map<String, String> values = kafka.settings("hostile");
        values.put("producer.orders-file", file.toString());
        PipelineStats stats = PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PIPELINE, true);

        assertThat(stats.ordersLoaded()).isEqualTo(valid.size());
        assertThat(stats.duplicatesSkipped()).isEqualTo(1);
        assertThat(stats.deadLetteredCount()).isEqualTo(invalid.size());

        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.broker().readAll("orders.dlq", invalid.size());
        assertThat(deadLetters).hasSize(invalid.size());
        for (Map.Entry<String, byte[]> injected : invalid.entrySet()) {
            ConsumerRecord<String, byte[]> found = deadLetters.stream().filter(r -> Arrays.equals(r.value(), injected.getValue()))
                    .findFirst().orElseThrow(() -> new AssertionError(injected.getKey() + " is not on the dead-letter topic"));
            String reason = new String(found.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8);
            System.out.printf("injected %-48s -> dead-lettered: %s%n", injected.getKey(), reason);
            assertThat(reason).isNotBlank().endsWith(".");
            String source = new String(found.headers().lastHeader(OrderJson.SOURCE_HEADER).value(), StandardCharsets.UTF_8);
            assertThat(source).as("traced to its line of the orders file")
                    .isEqualTo(file + ":" + (messages.indexOf(injected.getValue()) + 1));
        }

        OrderReader reader = new OrderReader(Clock.systemUTC());
        try (WarehouseQueries warehouse = new WarehouseQueries(warehouseFile)) {
            for (Map.Entry<String, byte[]> injected : valid.entrySet()) {
                Order order = reader.read(injected.getValue());
                String id = order.orderId().replace("'", "''");
                assertThat(warehouse.text("SELECT c.customer_id || '|' || c.name || '|' || c.region || '|' || p.product_name"
                        + " || '|' || p.category FROM FACT_ORDERS f JOIN DIM_CUSTOMER c USING (customer_key)"
                        + " JOIN DIM_PRODUCT p USING (product_key) WHERE f.order_id = '" + id + "'"))
                        .as(injected.getKey())
                        .isEqualTo(String.join("|", order.customer().customerId(), order.customer().name(),
                                order.customer().region(), order.lines().get(0).productName(), order.lines().get(0).category()));
                System.out.printf("injected %-48s -> loaded, strings unchanged%n", injected.getKey());
            }
        }
    }

    private static byte[] withLines(byte[] template, int count) {
        String json = new String(template, StandardCharsets.UTF_8);
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            lines.append(i == 1 ? "" : ",").append("{\"line_number\": ").append(i)
                    .append(", \"product_id\": \"P-1\", \"product_name\": \"X\", \"category\": \"Y\", \"unit_price\": 1, \"quantity\": 1}");
        }
        return json.replaceFirst("\"lines\": \\[.*?\\]\\s*(,|})", "\"lines\": [" + lines + "]$1").getBytes(StandardCharsets.UTF_8);
    }

    private static Path corpus() throws URISyntaxException {
        return Path.of(HostileInputTest.class.getResource("/hostile").toURI());
    }
}
