package dev.ecompipe.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ecompipe.order.Order;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fence's view of a batch: {@link OrderBatch#unsettled} keeps exactly the messages above their partition's
 * stored offset, looking first at each partition's lowest message only.
 */
class OrderBatchTest {

    private static final String TOPIC = "orders";

    @Test
    void keepsOnlyTheMessagesAboveTheirPartitionsStoredOffset() {
        OrderBatch batch = new OrderBatch(7);
        batch.add(order("A", 0, 10));
        batch.add(order("B", 1, 5));
        batch.add(order("C", 0, 11));
        batch.settle(new KafkaPosition(TOPIC, 2, 3));
        batch.add(order("D", 1, 6));
        batch.add(order("E", 0, 12));
        batch.settle(new KafkaPosition(TOPIC, 2, 4));

        // partition 0 settled up to 11 elsewhere, partition 1 not at all, partition 2 (dead letters only) up to 3
        OrderBatch rest = batch.unsettled(Map.of(partition(0), 11L, partition(2), 3L));

        assertThat(rest.orders()).extracting(IncomingOrder::orderId).containsExactly("B", "D", "E");
        assertThat(rest.messages()).isEqualTo(4);
        assertThat(rest.lineCount()).isEqualTo(3);
        assertThat(rest.sequence()).isEqualTo(7);
        // the stored offsets only move forward, so every partition's highest position stays
        assertThat(rest.lastPositions()).extracting(KafkaPosition::offset).containsExactlyInAnyOrder(12L, 6L, 4L);
    }

    @Test
    void aBatchWhoseLowestMessagesAreAllAboveTheStoredOffsetsIsKeptWhole() {
        OrderBatch batch = batchOf(order("A", 0, 20), order("B", 1, 9), order("C", 0, 21));

        assertThat(batch.unsettled(Map.of(partition(0), 19L, partition(1), 8L, partition(3), 100L))).isSameAs(batch);
    }

    @Test
    void aMessageBelowAHigherOneOfItsPartitionIsStillFound() {
        // arrival order is not offset order after a rebalance: the lowest offset arrives last
        OrderBatch batch = batchOf(order("A", 0, 30), order("B", 0, 31), order("C", 0, 29));

        assertThat(batch.unsettled(Map.of(partition(0), 29L)).orders()).extracting(IncomingOrder::orderId)
                .containsExactly("A", "B");
    }

    private static OrderBatch batchOf(IncomingOrder... orders) {
        OrderBatch batch = new OrderBatch(1);
        for (IncomingOrder order : orders) {
            batch.add(order);
        }
        return batch;
    }

    private static IncomingOrder order(String orderId, int partition, long offset) {
        Order order = new Order(orderId, Instant.parse("2026-03-01T10:00:00Z"), new Order.Customer("C-1", "N", null, "EU-WEST"),
                List.of(new Order.Line(1, "P-1", "Name", "Category", new BigDecimal("1.00"), 1)));
        return new IncomingOrder(order, "hash-" + orderId, new KafkaPosition(TOPIC, partition, offset), "C-1", new byte[0]);
    }

    private static TopicPartition partition(int partition) {
        return new TopicPartition(TOPIC, partition);
    }
}
