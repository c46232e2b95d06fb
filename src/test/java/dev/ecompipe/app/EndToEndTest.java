package dev.ecompipe.app;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ecompipe.TestOrders;
import dev.ecompipe.config.Settings;
import dev.ecompipe.ingest.DeadLetters;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.order.Order;
import dev.ecompipe.warehouse.WarehouseQueries;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole pipeline on a real embedded broker and a real DuckDB file. */
class EndToEndTest {

    private static final List<String> INVALID = List.of(
            "not json at all",
            "{\"order_id\": \"ORD-BAD-1\"}",
            "[1, 2, 3]",
            "{\"order_id\": \"ORD-BAD-2\", \"order_ts\": \"yesterday\", \"customer\": {}, \"lines\": []}",
            "");

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void everyOrderIsLoadedOnceEveryBadMessageIsDeadLetteredAndReplayingChangesNothing() throws Exception {
        List<Order> orders = TestOrders.generate(20260314, 5_000);
        Path file = kafka.dir().resolve("orders.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            lines.add(TestOrders.json(orders.get(i)));
            if (i % 1_000 == 500) {
                lines.add(INVALID.get(i / 1_000));
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path warehouseFile = kafka.warehouseFile("e2e");
        Map<String, String> values = kafka.settings("e2e");
        values.put("producer.orders-file", file.toString());
        Settings settings = Settings.of(values);

        PipelineStats first = PipelineRunner.run(settings, PipelineRunner.Mode.PIPELINE, true);

        long expectedLines = TestOrders.lineCount(orders);
        BigDecimal expectedRevenue = TestOrders.revenue(orders);
        assertThat(first.produced()).isEqualTo(orders.size() + INVALID.size());
        assertThat(first.ordersLoaded()).isEqualTo(orders.size());
        assertThat(first.linesLoaded()).isEqualTo(expectedLines);
        assertThat(first.deadLetteredCount()).isEqualTo(INVALID.size());
        assertWarehouseHolds(warehouseFile, orders.size(), expectedLines, expectedRevenue);

        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.broker().readAll("orders.dlq", INVALID.size());
        assertThat(deadLetters).hasSize(INVALID.size());
        assertThat(deadLetters).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(INVALID);
        for (ConsumerRecord<String, byte[]> record : deadLetters) {
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
            assertThat(header(record, DeadLetters.ERROR_CLASS)).isEqualTo("InvalidOrder");
            assertThat(header(record, DeadLetters.ORIGINAL_TOPIC)).isEqualTo("orders");
            assertThat(Long.parseLong(header(record, DeadLetters.ORIGINAL_OFFSET))).isNotNegative();
        }

        // forget the stored offsets: the same messages are read and loaded again, and nothing changes
        try (WarehouseQueries warehouse = new WarehouseQueries(warehouseFile)) {
            warehouse.execute("DELETE FROM INGEST_OFFSETS");
        }
        PipelineStats replay = PipelineRunner.run(settings.with("producer.enabled", "false"),
                PipelineRunner.Mode.PIPELINE, true);

        assertThat(replay.ordersLoaded()).isZero();
        assertThat(replay.duplicatesSkipped()).isEqualTo(orders.size());
        assertWarehouseHolds(warehouseFile, orders.size(), expectedLines, expectedRevenue);
    }

    private static void assertWarehouseHolds(Path warehouseFile, long orders, long lines, BigDecimal revenue) throws Exception {
        try (WarehouseQueries warehouse = new WarehouseQueries(warehouseFile)) {
            assertThat(warehouse.count("SELECT count(*) FROM FACT_ORDERS")).isEqualTo(lines);
            assertThat(warehouse.count("SELECT count(DISTINCT order_id) FROM FACT_ORDERS")).isEqualTo(orders);
            assertThat(warehouse.decimal("SELECT sum(line_total) FROM FACT_ORDERS")).isEqualByComparingTo(revenue);
            assertThat(warehouse.count("SELECT count(*) FROM FACT_ORDERS WHERE customer_key IS NULL")).isZero();
            assertThat(warehouse.count("SELECT count(*) FROM FACT_ORDERS f LEFT JOIN DIM_DATE d USING (date_key)"
                    + " WHERE d.date_key IS NULL")).isZero();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
