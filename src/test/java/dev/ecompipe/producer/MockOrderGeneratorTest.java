package dev.ecompipe.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.ecompipe.order.Order;
import org.junit.jupiter.api.Test;

class MockOrderGeneratorTest {

    @Test
    void zeroPaddedWritesWhatTheFormatWould() {
        long[] values = {0, 1, 9, 10, 999, 1_000, 9_999, 10_000, 12_345_678, 99_999_999, 100_000_000, Long.MAX_VALUE};
        for (int width : new int[] {1, 4, 8}) {
            for (long value : values) {
                assertEquals(String.format("%0" + width + "d", value), MockOrderGenerator.zeroPadded(value, width),
                        value + " in " + width + " digits");
            }
        }
    }

    @Test
    void idsKeepTheirShape() {
        MockOrderGenerator generator = MockOrderGenerator.standard(42, 1_000, Instant.parse("2026-03-14T00:00:00Z"));
        Pattern customer = Pattern.compile("C-\\d{4}");
        Pattern product = Pattern.compile("P-\\d{4}");
        for (int i = 1; i <= 1_000; i++) {
            Order order = generator.next();
            assertTrue(order.orderId().endsWith("-" + String.format("%08d", i)), order.orderId());
            assertTrue(customer.matcher(order.customer().customerId()).matches(), order.customer().customerId());
            assertEquals(order.customer().customerId().toLowerCase(Locale.ROOT) + "@example.com", order.customer().email());
            order.lines().forEach(line -> assertTrue(product.matcher(line.productId()).matches(), line.productId()));
        }
    }
}
