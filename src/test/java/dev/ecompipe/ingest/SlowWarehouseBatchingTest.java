package dev.ecompipe.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.TestOrders;
import dev.ecompipe.app.PipelineConfiguration;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ops.OpsConfiguration;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog in front of a warehouse whose every batch costs more than the batch timeout, however small: while the
 * consumer is held back, no open batch may time out, or every later batch would hold a message or two and cost as
 * much as a full one.
 */
@CamelMainTest(configurationClasses = {OpsConfiguration.class, PipelineConfiguration.class},
        replaceRouteFromWith = IngestRoutes.INGEST + "=direct:orders",
        properties = {"kafka.group.id=route-test",
                      "kafka.bootstrap.servers=127.0.0.1:1",
                      "ingest.batch-size=" + SlowWarehouseBatchingTest.BATCH_SIZE, "ingest.batch-timeout-ms=200", "ingest.max-pending-batches=2",
                      "ops.latency-warmup-seconds=0",
                      "camel.server.enabled=false", "camel.management.enabled=false", "camel.metrics.enabled=false"})
class SlowWarehouseBatchingTest {

    static final int BACKLOG = 6_000;
    static final int BATCH_SIZE = 500;

    @ReplaceInRegistry
    RecordingWarehouse warehouse = slowWarehouse();

    @BeanInject
    CamelContext context;

    private static RecordingWarehouse slowWarehouse() {
        RecordingWarehouse slow = new RecordingWarehouse();
        slow.loadMillis = 350;
        return slow;
    }

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new IngestRoutes());
    }

    @Test
    void aBacklogIsLoadedInFullBatchesWhenEachBatchOutlastsTheTimeout() throws Exception {
        Thread consumer = new Thread(this::sendBacklog, "backlog-consumer");
        consumer.setDaemon(true);
        consumer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (warehouse.messagesLoaded() < BACKLOG && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        consumer.interrupt();

        assertThat(warehouse.messagesLoaded()).as("messages loaded within 30 s").isEqualTo(BACKLOG);
        // some may be due by age while the loader is free, before the backlog fills them; tiny ones would be thousands
        assertThat(warehouse.batches).as("batches").hasSizeLessThanOrEqualTo(2 * BACKLOG / BATCH_SIZE);
    }

    /** As the Kafka consumer would offer a backlog: as fast as the route takes the polls, a record each. */
    private void sendBacklog() {
        try (ProducerTemplate template = context.createProducerTemplate()) {
            for (int i = 0; i < BACKLOG && !Thread.currentThread().isInterrupted(); i++) {
                Exchange record = new DefaultExchange(context);
                record.getMessage().setHeader(KafkaConstants.TOPIC, "orders");
                record.getMessage().setHeader(KafkaConstants.PARTITION, 0);
                record.getMessage().setHeader(KafkaConstants.OFFSET, (long) i);
                record.getMessage().setHeader(KafkaConstants.KEY, "C-0001");
                record.getMessage().setBody(TestOrders.json(TestOrders.order("ORD-" + i,
                        "2026-03-14T09:26:53.589Z", "C-0001", "EU-WEST", TestOrders.line(1, "P-1", "10.00", 1)))
                        .getBytes(StandardCharsets.UTF_8));
                template.sendBody("direct:orders", List.of(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
