package dev.ecompipe.drill;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.TestOrders;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.TestBroker;
import dev.ecompipe.kafka.Topics;
import dev.ecompipe.oracle.AnalyticsOracle;
import dev.ecompipe.order.Order;
import dev.ecompipe.postgres.TestPostgres;
import dev.ecompipe.report.ReportFormat;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.Warehouses;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three pipeline processes of one consumer group load one PostgreSQL warehouse from a broker process, while a
 * shuffled stream with duplicates, conflicting duplicates and late orders is published in chunks: instances
 * are SIGKILLed and restarted at random moments, and one is frozen (SIGSTOP) for longer than its group
 * session and woken mid-stream, so its open batch comes back after others took its partitions over. The
 * warehouse ends exactly as the plain-Java oracle computes it from the raw messages, and stays so.
 */
class PostgresInstancesDrillIT {

    private static final int ORDERS = 24_000;
    private static final int CHUNKS = 4;
    private static final String TOPIC = "orders-instances";
    private static final int SESSION_TIMEOUT_MS = 6_000;

    @TempDir
    static Path dir;
    private static StandaloneBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new StandaloneBroker(dir).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void killedRestartedAndFrozenInstancesLoadExactlyWhatOneProcessWould() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.printf("[drill] three instances on PostgreSQL, seed %d%n", seed);
        List<Order> arrivals = AnalyticsOracle.shuffledStream(seed, ORDERS);
        String url = TestPostgres.newDatabase("instances");
        Map<String, String> env = environment(url);

        List<ChildProcess> instances = new ArrayList<>();
        List<ChildProcess> retired = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(start(i, env, 0));
            }
            int chunk = arrivals.size() / CHUNKS + 1;
            for (int c = 0; c < CHUNKS; c++) {
                publish(arrivals.subList(c * chunk, Math.min(arrivals.size(), (c + 1) * chunk)), c, env);
                int victim = random.nextInt(instances.size());
                if (c == 1) {
                    // frozen past the session timeout: the group moves its partitions to the others meanwhile
                    ChildProcess frozen = instances.get(victim);
                    frozen.freeze();
                    Thread.sleep(SESSION_TIMEOUT_MS * 3L);
                    frozen.thaw();
                    System.out.printf("[drill] injected: instance %d frozen for %d s, then woken%n", victim,
                            SESSION_TIMEOUT_MS * 3 / 1000);
                } else {
                    Thread.sleep(500 + random.nextInt(4_000));
                    instances.get(victim).kill();
                    retired.add(instances.get(victim));
                    instances.set(victim, start(victim, env, c + 1));
                    System.out.printf("[drill] injected: instance %d SIGKILLed after chunk %d and restarted%n", victim, c);
                }
            }
            Settings settings = Settings.of(TestPostgres.settings(url));
            awaitDrained(settings);
            JsonNode expected = json(AnalyticsOracle.report(arrivals, 1_000));
            assertEqualsOracle(settings, expected, "once drained");
            assertEveryOrderAndLineOnce(url, arrivals);
            Thread.sleep(5_000);
            assertEqualsOracle(settings, expected, "5 s later, the instances still running");
            for (ChildProcess instance : instances) {
                assertThat(instance.isAlive()).as("instance still running").isTrue();
            }
            System.out.printf("[drill] batches that left out messages another instance had settled: %d%n",
                    retired.stream().mapToLong(PostgresInstancesDrillIT::fencedBatches).sum()
                            + instances.stream().mapToLong(PostgresInstancesDrillIT::fencedBatches).sum());
        } finally {
            for (ChildProcess instance : instances) {
                instance.close();
            }
        }
    }

    private static long fencedBatches(ChildProcess instance) {
        return instance.output().lines().filter(line -> line.contains("had been settled by another instance")).count();
    }

    private Map<String, String> environment(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("KAFKA_GROUP_ID", "instances");
        env.put("KAFKA_TOPIC_ORDERS", TOPIC);
        env.put("KAFKA_TOPIC_DEAD_LETTER", TOPIC + ".dlq");
        env.put("KAFKA_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS));
        env.put("WAREHOUSE_TYPE", "postgres");
        env.put("POSTGRES_URL", url);
        env.put("POSTGRES_USER", TestPostgres.USER);
        env.put("POSTGRES_PASSWORD", TestPostgres.PASSWORD);
        env.put("INGEST_BATCH_SIZE", "2000");
        env.put("OPS_DEAD_LETTER_LOG_ENABLED", "false");
        env.put("OPS_THROUGHPUT_LOG_SECONDS", "2");
        return env;
    }

    private ChildProcess start(int instance, Map<String, String> shared, int generation) throws Exception {
        Map<String, String> env = new HashMap<>(shared);
        env.put("OPS_HTTP_PORT", String.valueOf(TestBroker.freePort()));
        env.put("OPS_MANAGEMENT_PORT", String.valueOf(TestBroker.freePort()));
        return ChildProcess.start("instance-" + instance + "-" + generation, dir, env, "run", "--no-producer");
    }

    private void publish(List<Order> orders, int chunk, Map<String, String> env) throws Exception {
        Path file = dir.resolve("chunk-" + chunk + ".jsonl");
        Files.write(file, orders.stream().map(TestOrders::json).toList(), StandardCharsets.UTF_8);
        Map<String, String> producer = new HashMap<>(env);
        producer.put("OPS_HTTP_PORT", String.valueOf(TestBroker.freePort()));
        producer.put("OPS_MANAGEMENT_PORT", String.valueOf(TestBroker.freePort()));
        try (ChildProcess produce = ChildProcess.start("produce-" + chunk, dir, producer, "produce", "--orders-file", file.toString())) {
            assertThat(produce.awaitExit(Duration.ofMinutes(3))).as(produce.tail()).isZero();
        }
        System.out.printf("[drill] published chunk %d: %,d messages%n", chunk, orders.size());
    }

    /** Until every message of the topic is settled in the warehouse (loaded, skipped or dead-lettered). */
    private void awaitDrained(Settings settings) throws Exception {
        try (Topics topics = new Topics(broker.bootstrapServers()); Warehouse warehouse = Warehouses.open(settings)) {
            Map<TopicPartition, Long> end = topics.endOffsets(TOPIC);
            ChildProcess.await("every message settled", Duration.ofMinutes(5), () -> {
                try {
                    Map<TopicPartition, Long> settled = warehouse.committedOffsets();
                    return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                            || settled.getOrDefault(e.getKey(), -1L) + 1 >= e.getValue());
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static void assertEqualsOracle(Settings settings, JsonNode expected, String when) throws Exception {
        try (Warehouse warehouse = Warehouses.open(settings)) {
            JsonNode actual = json(warehouse.report(1_000));
            expected.fieldNames().forEachRemaining(name ->
                    assertThat(actual.get(name)).as(name + ", " + when).isEqualTo(expected.get(name)));
        }
        System.out.printf("[drill] verified %s: the report equals the oracle's%n", when);
    }

    private static void assertEveryOrderAndLineOnce(String url, List<Order> arrivals) throws Exception {
        Map<String, Order> first = new java.util.LinkedHashMap<>();
        arrivals.forEach(order -> first.putIfAbsent(order.orderId(), order));
        try (var connection = java.sql.DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             var statement = connection.createStatement();
             var counts = statement.executeQuery("SELECT (SELECT count(*) FROM ORDER_EVENTS), (SELECT count(*) FROM FACT_ORDERS),"
                     + " (SELECT count(*) FROM DIM_DATE) - (SELECT count(DISTINCT date_key) FROM DIM_DATE)")) {
            counts.next();
            assertThat(counts.getLong(1)).as("orders").isEqualTo(first.size());
            assertThat(counts.getLong(2)).as("fact lines").isEqualTo(TestOrders.lineCount(new ArrayList<>(first.values())));
            assertThat(counts.getLong(3)).as("dates stored twice").isZero();
        }
    }

    private static JsonNode json(Map<String, List<Map<String, Object>>> report) throws Exception {
        return new ObjectMapper().readTree(ReportFormat.json(report));
    }
}
