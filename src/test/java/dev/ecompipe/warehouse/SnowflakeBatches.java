package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;

/** Batches for the offline Snowflake tests: orders of a few lines each, on partition 0 from offset 0. */
final class SnowflakeBatches {

    private SnowflakeBatches() {
    }

    static Order order(String orderId, String orderTs, int lines) {
        List<Order.Line> all = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            all.add(new Order.Line(i, "P-" + i, "Product " + i, "Kitchen", new BigDecimal("9.99"), 1));
        }
        return new Order(orderId, Instant.parse(orderTs), new Order.Customer("C-1", "Ada", null, "EU-WEST"), all);
    }

    static OrderBatch batch(Order... orders) {
        OrderBatch batch = new OrderBatch(0);
        long offset = 0;
        for (Order order : orders) {
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 0, offset++),
                    order.customer().customerId(), new byte[0]));
        }
        return batch;
    }
}
