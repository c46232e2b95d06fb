package dev.ecompipe.bench;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ecompipe.order.InvalidOrderException;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.duckdb.DuckDBConnection;

/**
 * The design the original description implies: one consumer that parses each order and inserts each of
 * its lines with its own autocommitted INSERT. It writes facts only, so it does less than the pipeline.
 */
final class NaiveBaseline {

    /** How much the baseline loaded before it reached its order or time limit. */
    record Loaded(Rate lines, long orders) {
    }

    private NaiveBaseline() {
    }

    static Loaded load(String bootstrapServers, List<TopicPartition> partitions, Path file, long maxOrders,
                       Duration maxTime) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        OrderReader reader = new OrderReader(Clock.systemUTC());
        try (DuckDBConnection connection = FactRows.freshWarehouse(file);
             PreparedStatement insert = connection.prepareStatement(FactRows.SQL.single("naive_insert_line"));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            connection.setAutoCommit(true);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long deadline = started + maxTime.toNanos();
            long orders = 0;
            long lines = 0;
            while (orders < maxOrders && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (orders >= maxOrders || System.nanoTime() >= deadline) {
                        break;
                    }
                    Order order;
                    try {
                        order = reader.read(record.value());
                    } catch (InvalidOrderException invalid) {
                        continue;
                    }
                    for (Order.Line line : order.lines()) {
                        FactRows.bind(insert, order, line, record);
                        insert.executeUpdate();
                        lines++;
                    }
                    orders++;
                }
            }
            return new Loaded(Rate.since(lines, started), orders);
        }
    }
}
