package dev.ecompipe;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.producer.MockOrderGenerator;

/** Test streams: generated orders with a fixed end of their event-time window, and the totals they imply. */
public final class TestOrders {

    public static final Instant WINDOW_END = Instant.parse("2026-06-01T00:00:00Z");

    private TestOrders() {
    }

    public static List<Order> generate(long seed, int count) {
        MockOrderGenerator generator = MockOrderGenerator.standard(seed, count, WINDOW_END);
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            orders.add(generator.next());
        }
        return orders;
    }

    public static Order order(String orderId, String orderTs, String customerId, String region, Order.Line... lines) {
        return new Order(orderId, Instant.parse(orderTs),
                new Order.Customer(customerId, "Name of " + customerId, customerId + "@example.com", region), List.of(lines));
    }

    public static Order.Line line(int number, String productId, String price, int quantity) {
        return new Order.Line(number, productId, "Product " + productId, "Category", new BigDecimal(price), quantity);
    }

    public static String json(Order order) {
        return new String(OrderJson.write(order), StandardCharsets.UTF_8);
    }

    public static long lineCount(List<Order> orders) {
        return orders.stream().mapToLong(o -> o.lines().size()).sum();
    }

    public static BigDecimal revenue(List<Order> orders) {
        return orders.stream().flatMap(o -> o.lines().stream()).map(Order.Line::lineTotal)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
