package dev.ecompipe.drill;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ecompipe.TestOrders;
import dev.ecompipe.kafka.TestBroker;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.producer.MockOrderGenerator;
import dev.ecompipe.warehouse.WarehouseQueries;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drill's input and its verdict: a JSON-lines file of generated orders with an invalid line every so
 * often, the totals the warehouse must end with, and the check of the warehouse and the dead-letter topic.
 */
public final class DrillStream {

    static final String INVALID_PREFIX = "{\"order_id\": \"BAD-";

    public final Path file;
    final String topic;
    public final int orders;
    final long lines;
    final BigDecimal revenue;
    final Set<String> invalid = new HashSet<>();

    private DrillStream(Path file, String topic, int orders, long lines, BigDecimal revenue) {
        this.file = file;
        this.topic = topic;
        this.orders = orders;
        this.lines = lines;
        this.revenue = revenue;
    }

    /** Writes the stream to {@code file}; it is meant for a topic of its own, {@code topic}. */
    public static DrillStream write(Path file, String topic, long seed, int orders, int invalidEvery) throws IOException {
        MockOrderGenerator generator = MockOrderGenerator.standard(seed, orders, TestOrders.WINDOW_END);
        long lines = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        DrillStream stream;
        Set<String> invalid = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < orders; i++) {
                Order order = generator.next();
                lines += order.lines().size();
                revenue = revenue.add(TestOrders.revenue(List.of(order)));
                out.write(new String(OrderJson.write(order), StandardCharsets.UTF_8));
                out.newLine();
                if (i % invalidEvery == invalidEvery / 2) {
                    String bad = INVALID_PREFIX + i + "\", \"order_ts\": \"not a time\"}";
                    invalid.add(bad);
                    out.write(bad);
                    out.newLine();
                }
            }
        }
        stream = new DrillStream(file, topic, orders, lines, revenue);
        stream.invalid.addAll(invalid);
        System.out.printf("[drill] stream: %,d orders (%,d lines) and %,d invalid messages%n", orders, lines, invalid.size());
        return stream;
    }

    /**
     * The stream's file cut in two after {@code firstLines} lines, for a drill that publishes the rest only
     * once its consumers are in place; the verdict stays that of the whole stream.
     */
    public List<Path> splitAfter(int firstLines) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        Path first = file.resolveSibling(file.getFileName() + ".first");
        Path rest = file.resolveSibling(file.getFileName() + ".rest");
        Files.write(first, all.subList(0, firstLines), StandardCharsets.UTF_8);
        Files.write(rest, all.subList(firstLines, all.size()), StandardCharsets.UTF_8);
        return List.of(first, rest);
    }

    /** Environment for a pipeline child process on this broker, with its own ports. */
    Map<String, String> pipelineEnvironment(String bootstrapServers, Path warehouse, String group) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_GROUP_ID", group);
        env.put("KAFKA_TOPIC_ORDERS", topic);
        env.put("KAFKA_TOPIC_DEAD_LETTER", topic + ".dlq");
        env.put("WAREHOUSE_DUCKDB_PATH", warehouse.toString());
        env.put("OPS_HTTP_PORT", String.valueOf(TestBroker.freePort()));
        env.put("OPS_MANAGEMENT_PORT", String.valueOf(TestBroker.freePort()));
        env.put("OPS_DEAD_LETTER_LOG_ENABLED", "false");
        env.put("OPS_THROUGHPUT_LOG_SECONDS", "2");
        return env;
    }

    /** Publishes the file's lines to the stream's topic with the packaged {@code produce} command. */
    void publish(Path workDir, String bootstrapServers) throws Exception {
        Map<String, String> env = pipelineEnvironment(bootstrapServers, workDir.resolve("unused.duckdb"), "producer");
        try (ChildProcess producer = ChildProcess.start("produce-" + topic, workDir, env, "produce", "--orders-file", file.toString())) {
            assertThat(producer.awaitExit(java.time.Duration.ofMinutes(5))).as(producer.tail()).isZero();
        }
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String bootstrapServers) {
        return TestBroker.readAll(bootstrapServers, topic + ".dlq", invalid.size());
    }

    /** Every valid order exactly once, the totals exact, and the dead-letter topic holding exactly the invalid ones. */
    public void verify(Path warehouseFile, List<ConsumerRecord<String, byte[]>> deadLetters) throws Exception {
        try (WarehouseQueries warehouse = new WarehouseQueries(warehouseFile)) {
            assertThat(warehouse.count("SELECT count(*) FROM ORDER_EVENTS")).isEqualTo(orders);
            assertThat(warehouse.count("SELECT count(DISTINCT order_id) FROM FACT_ORDERS")).isEqualTo(orders);
            assertThat(warehouse.count("SELECT count(*) FROM FACT_ORDERS")).isEqualTo(lines);
            assertThat(warehouse.decimal("SELECT sum(line_total) FROM FACT_ORDERS")).isEqualByComparingTo(revenue);
            assertThat(warehouse.count("SELECT count(*) FROM FACT_ORDERS WHERE customer_key IS NULL")).isZero();
        }
        Set<String> deadLettered = new HashSet<>();
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : deadLetters) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            deadLettered.add(value);
            copies.merge(value, 1, Integer::sum);
        }
        assertThat(deadLettered).isEqualTo(invalid);
        long repeats = deadLetters.size() - deadLettered.size();
        System.out.printf("[drill] verified: %,d orders and %,d lines exactly once, revenue %s; dead-letter topic holds "
                + "exactly the %,d invalid messages (%,d repeated copies, at-least-once)%n",
                orders, lines, revenue.toPlainString(), invalid.size(), repeats);
    }
}
