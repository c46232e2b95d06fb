package dev.ecompipe.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A validated order event (schema/order-event.schema.json), with times in UTC and money as exact decimals. */
public record Order(String orderId, Instant orderTs, Customer customer, List<Line> lines) {

    public record Customer(String customerId, String name, String email, String region) {
    }

    public record Line(int lineNumber, String productId, String productName, String category,
                       BigDecimal unitPrice, int quantity) {

        public BigDecimal lineTotal() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }
}
