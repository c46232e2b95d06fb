package dev.ecompipe.ingest;

import dev.ecompipe.TestOrders;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.order.Order;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a batch is due: full by messages, or old enough while the loader has nothing else to write; and how a parsed
 * poll joins it.
 */
class BatchAggregationTest {

    private static final long MAX_AGE_MS = 50;
    private static final int MAX_MESSAGES = 3;

    private final BatchLoader loader = new BatchLoader(null, null, null, null, 2);
    private final BatchAggregation aggregation = new BatchAggregation(loader, MAX_MESSAGES, MAX_AGE_MS);

    private Exchange holding(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void aYoungBatchIsNotDue() {
        assertThat(aggregation.due(holding(loader.openBatch()))).isFalse();
    }

    @Test
    void anOldBatchIsDueWhenTheLoaderIsIdle() throws InterruptedException {
        Exchange open = holding(loader.openBatch());
        Thread.sleep(MAX_AGE_MS + 10);
        assertThat(loader.idle()).isTrue();
        assertThat(aggregation.due(open)).isTrue();
    }

    @Test
    void anOldBatchKeepsGrowingWhileAnEarlierOneWaitsForTheLoader() throws InterruptedException {
        aggregation.onCompletion(holding(loader.openBatch()));
        Exchange open = holding(loader.openBatch());
        Thread.sleep(MAX_AGE_MS + 10);
        assertThat(loader.idle()).isFalse();
        assertThat(aggregation.due(open)).isFalse();
    }

    @Test
    void aBatchIsDueByItsMessagesNotByThePollsThatFilledIt() {
        ParsedPoll twoOrders = new ParsedPoll(2);
        twoOrders.add(order(0), 1_000L);
        twoOrders.add(order(1), null);
        ParsedPoll oneDeadLetter = new ParsedPoll(1);
        oneDeadLetter.deadLettered(new KafkaPosition("orders", 0, 2));

        Exchange batch = aggregation.aggregate(null, holding(twoOrders));
        assertThat(aggregation.due(batch)).as("two messages of three").isFalse();
        batch = aggregation.aggregate(batch, holding(oneDeadLetter));

        assertThat(aggregation.due(batch)).isTrue();
        OrderBatch full = batch.getMessage().getBody(OrderBatch.class);
        assertThat(full.messages()).isEqualTo(3);
        assertThat(full.orders()).hasSize(2);
        assertThat(full.timestampCount()).as("only the records that had a timestamp").isEqualTo(1);
        assertThat(full.lastPositions()).containsExactly(new KafkaPosition("orders", 0, 2));
    }

    private static IncomingOrder order(int offset) {
        Order order = TestOrders.order("ORD-" + offset, "2026-03-14T09:26:53.589Z", "C-0001", "EU-WEST",
                TestOrders.line(1, "P-1", "10.00", 1));
        return new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 0, offset), "C-0001",
                new byte[0]);
    }
}
