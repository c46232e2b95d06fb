package dev.ecompipe.batch;

import dev.ecompipe.order.Order;

/** A valid order together with where it came from and its original bytes, kept for a dead letter. */
public record IncomingOrder(Order order, String contentHash, KafkaPosition source, String key, byte[] originalBytes) {

    public String orderId() {
        return order.orderId();
    }
}
