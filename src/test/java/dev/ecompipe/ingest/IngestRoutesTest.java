package dev.ecompipe.ingest;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ecompipe.TestOrders;
import dev.ecompipe.app.PipelineConfiguration;
import dev.ecompipe.ops.OpsConfiguration;
import dev.ecompipe.ops.PipelineStats;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest routes under camel-main with the application's own configuration classes, a recording warehouse in
 * place of the real one and Kafka replaced: splitting into batches, completion by size and time, dead letters,
 * retries.
 */
@CamelMainTest(configurationClasses = {OpsConfiguration.class, PipelineConfiguration.class},
        replaceRouteFromWith = IngestRoutes.INGEST + "=direct:orders",
        advices = @AdviceRouteMapping(route = IngestRoutes.PUBLISH_DEAD_LETTER, advice = IngestRoutesTest.DeadLetterTopicMocked.class),
        properties = {"kafka.group.id=route-test",
                      "kafka.bootstrap.servers=127.0.0.1:1", "ingest.max-poll-records=100",
                      "ingest.batch-size=" + IngestRoutesTest.BATCH_SIZE, "ingest.batch-timeout-ms=" + IngestRoutesTest.BATCH_TIMEOUT_MS,
                      "ingest.retry.initial-backoff-ms=10", "ingest.retry.max-backoff-ms=50", "ingest.max-pending-batches=2",
                      "ops.latency-warmup-seconds=0",
                      "camel.server.enabled=false", "camel.management.enabled=false", "camel.metrics.enabled=false"})
class IngestRoutesTest {

    static final int BATCH_SIZE = 3;
    static final int BATCH_TIMEOUT_MS = 400;

    /** Bound in place of the warehouse WarehouseConfiguration would open. */
    @ReplaceInRegistry
    RecordingWarehouse warehouse = new RecordingWarehouse();

    @BeanInject
    CamelContext context;

    @EndpointInject("mock:dead-letter-topic")
    MockEndpoint deadLetters;

    private long offset;

    /** The dead-letter topic as a mock endpoint. */
    public static class DeadLetterTopicMocked extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            weaveByToUri("kafka:*").replace().to("mock:dead-letter-topic");
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new IngestRoutes());
        configuration.withRoutesIncludePattern("file:routes/dead-letter-log.yaml");
    }

    private PipelineStats stats() {
        return context.getRegistry().lookupByNameAndType("pipelineStats", PipelineStats.class);
    }

    private void send(String body) {
        sendPoll(List.of(body));
    }

    /** As camel-kafka in batching mode hands a poll over: one exchange holding an exchange for each record. */
    private void sendPoll(List<String> bodies) {
        List<Exchange> records = new ArrayList<>();
        for (String body : bodies) {
            Exchange record = new DefaultExchange(context);
            record.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
            record.getMessage().setHeader(KafkaConstants.TOPIC, "orders");
            record.getMessage().setHeader(KafkaConstants.PARTITION, 2);
            record.getMessage().setHeader(KafkaConstants.OFFSET, offset++);
            record.getMessage().setHeader(KafkaConstants.KEY, "C-0001");
            records.add(record);
        }
        try (ProducerTemplate template = context.createProducerTemplate()) {
            template.sendBody("direct:orders", records);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String validOrder(int n) {
        return TestOrders.json(TestOrders.order("ORD-" + n, "2026-03-14T09:26:53.589Z", "C-0001", "EU-WEST",
                TestOrders.line(1, "P-1", "10.00", 1), TestOrders.line(2, "P-2", "2.50", 4),
                TestOrders.line(3, "P-3", "129.90", 1)));
    }

    @Test
    void ordersAreSplitIntoBatchesBySizeAndTheRestByTimeout() throws Exception {
        NotifyBuilder allIngested = new NotifyBuilder(context).fromRoute(IngestRoutes.INGEST).whenDone(7).create();
        long sentLast = 0;
        for (int i = 0; i < 7; i++) {
            send(validOrder(i));
            sentLast = System.nanoTime();
        }
        assertThat(allIngested.matches(10, TimeUnit.SECONDS)).isTrue();
        awaitBatches(3);

        assertThat(warehouse.batches).extracting(b -> b.orders().size()).containsExactly(3, 3, 1);
        OrderBatch first = warehouse.batches.get(0);
        assertThat(first.lineCount()).isEqualTo(9);
        assertThat(first.orders().iterator().next().order().lines())
                .extracting(l -> l.unitPrice().toPlainString()).containsExactly("10.00", "2.50", "129.90");
        assertThat(first.lastPositions()).containsExactly(new KafkaPosition("orders", 2, 2));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(warehouse.batchArrivalNanos.get(2) - sentLast);
        assertThat(waitedMs).as("the partial batch waits for the completion timeout").isGreaterThanOrEqualTo(BATCH_TIMEOUT_MS - 50);
        assertThat(stats().ordersLoaded()).isEqualTo(7);
        assertThat(stats().linesLoaded()).isEqualTo(21);
    }

    @Test
    void invalidInputIsDeadLetteredWithItsReasonAndItsOffsetIsSettled() throws Exception {
        deadLetters.expectedMessageCount(2);

        send("{\"order_id\": \"ORD-1\", \"lines\": [");
        send(validOrder(1).replace("\"quantity\":4", "\"quantity\":0"));
        send(validOrder(2));

        deadLetters.assertIsSatisfied(5000);
        var first = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(first.getHeader(DeadLetters.REASON, String.class)).startsWith("The message is not valid JSON");
        assertThat(first.getHeader(DeadLetters.ERROR_CLASS, String.class)).isEqualTo("InvalidOrder");
        assertThat(first.getHeader(DeadLetters.ORIGINAL_TOPIC, String.class)).isEqualTo("orders");
        assertThat(first.getHeader(DeadLetters.ORIGINAL_PARTITION, String.class)).isEqualTo("2");
        assertThat(first.getHeader(DeadLetters.ORIGINAL_OFFSET, String.class)).isEqualTo("0");
        assertThat(first.getHeader(KafkaConstants.KEY, String.class)).isEqualTo("C-0001");
        assertThat(new String(first.getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo("{\"order_id\": \"ORD-1\", \"lines\": [");
        assertThat(deadLetters.getReceivedExchanges().get(1).getMessage().getHeader(DeadLetters.REASON, String.class))
                .isEqualTo("The field lines[1].quantity must be between 1 and 100000, not 0.");

        awaitBatches(1);
        OrderBatch batch = warehouse.batches.get(0);
        assertThat(batch.orders()).extracting(IncomingOrder::orderId).containsExactly("ORD-2");
        assertThat(batch.messages()).as("dead-lettered messages are settled by the batch too").isEqualTo(3);
        assertThat(stats().deadLetteredCount()).isEqualTo(2);
    }

    @Test
    void aPollJoinsOneBatchWholeWithItsDeadLettersSettledBesideItsOrders() throws Exception {
        deadLetters.expectedMessageCount(1);

        sendPoll(List.of(validOrder(1), validOrder(2), "not json", validOrder(3), validOrder(4)));

        deadLetters.assertIsSatisfied(5000);
        assertThat(deadLetters.getReceivedExchanges().get(0).getMessage().getHeader(DeadLetters.ORIGINAL_OFFSET, String.class))
                .isEqualTo("2");
        awaitBatches(1);
        OrderBatch batch = warehouse.batches.get(0);
        assertThat(batch.orders()).extracting(IncomingOrder::orderId).containsExactly("ORD-1", "ORD-2", "ORD-3", "ORD-4");
        assertThat(batch.messages()).as("a batch is due by size only after the whole poll joined it").isEqualTo(5);
        assertThat(batch.lastPositions()).containsExactly(new KafkaPosition("orders", 2, 4));
        assertThat(warehouse.batches).hasSize(1);
    }

    @Test
    void eachDeadLetterIsLoggedOnceByTheRouteInRoutesDir() throws Exception {
        Logger deadLetterLog = (Logger) LoggerFactory.getLogger("dev.ecompipe.deadletters");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        deadLetterLog.addAppender(lines);
        NotifyBuilder bothLogged = new NotifyBuilder(context).fromRoute("dead-letter-log").whenDone(2).create();
        try {
            send("not json");
            send(validOrder(1).replace("\"quantity\":4", "\"quantity\":0"));
            send(validOrder(2));
            awaitBatches(1);
            bothLogged.matches(10, TimeUnit.SECONDS);
            Thread.sleep(100); // a third line, if one came, would follow at once

            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                    first -> assertThat(first).startsWith("dead letter orders/2@0 [InvalidOrder]: The message is not valid JSON"),
                    second -> assertThat(second).isEqualTo("dead letter orders/2@1 [InvalidOrder]: "
                            + "The field lines[1].quantity must be between 1 and 100000, not 0."));
        } finally {
            deadLetterLog.detachAppender(lines);
        }
    }

    @Test
    void aFailingWarehouseIsRetriedAndNothingIsDeadLettered() throws Exception {
        deadLetters.expectedMessageCount(0);
        warehouse.failuresLeft.set(3);

        for (int i = 0; i < BATCH_SIZE; i++) {
            send(validOrder(i));
        }

        awaitBatches(1);
        assertThat(warehouse.attempts.get()).isEqualTo(4);
        assertThat(warehouse.batches.get(0).orders()).hasSize(BATCH_SIZE);
        deadLetters.assertIsSatisfied();
        assertThat(stats().deadLetteredCount()).isZero();
    }

    @Test
    void whileBatchesWaitForAFailingWarehouseADeadLetterDoesNotOpenAnotherBatch() throws Exception {
        warehouse.failuresLeft.set(Integer.MAX_VALUE);
        NotifyBuilder sevenIngested = new NotifyBuilder(context).fromRoute(IngestRoutes.INGEST).whenDone(7).create();
        NotifyBuilder allIngested = new NotifyBuilder(context).fromRoute(IngestRoutes.INGEST).whenDone(10).create();
        Thread consumer = new Thread(() -> {
            for (int i = 0; i < 2 * BATCH_SIZE; i++) {
                send(validOrder(i));
            }
            send("not json");
            for (int i = 10; i < 10 + BATCH_SIZE; i++) {
                send(validOrder(i));
            }
        }, "test-consumer");
        consumer.setDaemon(true);
        consumer.start();

        // two full batches wait (one failing, one behind it): the dead letter's position waits too, and so does
        // every message after it, instead of opening a third batch
        assertThat(sevenIngested.matches(2, TimeUnit.SECONDS)).as("the dead letter is held back").isFalse();
        assertThat(deadLetters.getReceivedCounter()).as("but it is on the dead-letter topic").isEqualTo(1);

        warehouse.failuresLeft.set(0);
        assertThat(allIngested.matches(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (warehouse.messagesLoaded() < 10 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(warehouse.messagesLoaded()).isEqualTo(10);
        assertThat(warehouse.batches.stream().mapToInt(b -> b.orders().size()).sum()).isEqualTo(9);
    }

    @Test
    void aRepeatedOrderInOneBatchIsADuplicateAndChangedContentIsAConflict() throws Exception {
        send(validOrder(1));
        send(validOrder(1).replace(" ", " "));
        send(validOrder(1).replace("129.90", "99.90"));

        awaitBatches(1);
        OrderBatch batch = warehouse.batches.get(0);
        assertThat(batch.orders()).hasSize(1);
        assertThat(batch.duplicates()).isEqualTo(1);
        assertThat(batch.conflicts()).extracting(c -> c.source().offset()).containsExactly(2L);
    }

    private void awaitBatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (warehouse.batches.size() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(warehouse.batches).hasSizeGreaterThanOrEqualTo(count);
    }
}
