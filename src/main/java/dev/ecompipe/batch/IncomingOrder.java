package dev.ecompipe.batch;

import dev.ecompipe.order.Order;

/**
 * A valid order together with where it came from and its original bytes, kept for a dead letter; origin is
 * the line of the orders file it was published from ("file:line"), or null.
 */
public record IncomingOrder(Order order, String contentHash, KafkaPosition source, String key, byte[] originalBytes,
                            String origin) {

    public IncomingOrder(Order order, String contentHash, KafkaPosition source, String key, byte[] originalBytes) {
        this(order, contentHash, source, key, originalBytes, null);
    }

    public String orderId() {
        return order.orderId();
    }
}
