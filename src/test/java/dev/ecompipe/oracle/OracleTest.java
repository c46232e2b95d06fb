package dev.ecompipe.oracle;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.TestOrders;
import dev.ecompipe.app.PipelineRunner;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.order.Order;
import dev.ecompipe.postgres.TestPostgres;
import dev.ecompipe.report.ReportFormat;
import dev.ecompipe.report.ReportSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics of the real pipeline (embedded broker; DuckDB, then PostgreSQL) equal those of the plain-Java oracle on a
 * shuffled stream with region, name and price changes, exact duplicates and conflicting duplicates.
 */
class OracleTest {

    private static final int ORDERS = 20_000;
    private static final int LIMIT = 25;

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"duckdb", "postgres"})
    void reportEqualsTheOracleOnAShuffledStreamWithDuplicatesAndConflicts(String warehouse) throws Exception {
        long seed = Long.getLong("oracle.seed", System.nanoTime());
        System.out.println("oracle seed " + seed + " (rerun with -Doracle.seed=" + seed + ")");
        List<Order> arrivals = AnalyticsOracle.shuffledStream(seed, ORDERS);
        Path file = kafka.dir().resolve(warehouse + "-stream.jsonl");
        Files.write(file, arrivals.stream().map(TestOrders::json).toList(), StandardCharsets.UTF_8);

        Map<String, String> values = kafka.settings("oracle-" + warehouse);
        values.put("kafka.topic.orders", "oracle-" + warehouse);
        values.put("kafka.topic.dead-letter", "oracle-" + warehouse + ".dlq");
        if (warehouse.equals("postgres")) {
            values.putAll(TestPostgres.settings(TestPostgres.newDatabase("oracle")));
        }
        values.put("producer.orders-file", file.toString());
        values.put("ingest.batch-size", "1500");
        Settings settings = Settings.of(values);

        PipelineStats stats = PipelineRunner.run(settings, PipelineRunner.Mode.PIPELINE, true);

        Map<String, List<Map<String, Object>>> expected = AnalyticsOracle.report(arrivals, LIMIT);
        long uniqueOrders = arrivals.stream().map(Order::orderId).distinct().count();
        assertThat(stats.ordersLoaded()).isEqualTo(uniqueOrders);
        assertThat(stats.ordersLoaded() + stats.duplicatesSkipped() + stats.deadLetteredCount()).isEqualTo(arrivals.size());
        assertThat(stats.deadLetteredCount()).as("conflicting duplicates").isPositive();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode actual = mapper.readTree(ReportFormat.json(ReportSource.fetch(settings, LIMIT)));
        JsonNode oracle = mapper.readTree(ReportFormat.json(expected));
        assertThat(actual.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(actual.get(name)).as(name).isEqualTo(oracle.get(name));
        }
        assertThat(oracle.get("customer_history").size()).as("customers changed region").isGreaterThan(oracle.get("top_repeat_customers").size());
        assertThat(oracle.get("multi_region_customers").size()).isPositive();
    }
}
