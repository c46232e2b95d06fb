package dev.ecompipe.oracle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.ecompipe.TestOrders;
import dev.ecompipe.order.Order;
import dev.ecompipe.producer.MockOrderGenerator;
import dev.ecompipe.warehouse.Analytics;

/**
 * A plain-Java reference for the contract's analytics (§2–§3), computed straight from the order events in
 * arrival order, with no SQL: the first order per order_id wins, histories are by (order_ts, order_id).
 */
public final class AnalyticsOracle {

    private static final Comparator<Order> EVENT_TIME = Comparator.comparing(Order::orderTs).thenComparing(Order::orderId);

    private record Version(int number, String region, java.time.Instant validFrom) {
    }

    private record ProductLine(Order order, Order.Line line) {
    }

    private AnalyticsOracle() {
    }

    public static Map<String, List<Map<String, Object>>> report(List<Order> arrivals, int limit) {
        Map<String, Order> first = new LinkedHashMap<>();
        arrivals.forEach(o -> first.putIfAbsent(o.orderId(), o));
        List<Order> orders = new ArrayList<>(first.values());
        orders.sort(EVENT_TIME);

        Map<String, List<Version>> versions = new TreeMap<>();
        Map<String, String> regionOfOrder = new HashMap<>();
        Map<String, String> currentName = new HashMap<>();
        for (Order order : orders) {
            List<Version> history = versions.computeIfAbsent(order.customer().customerId(), c -> new ArrayList<>());
            if (history.isEmpty() || !history.get(history.size() - 1).region().equals(order.customer().region())) {
                history.add(new Version(history.size() + 1, order.customer().region(), order.orderTs()));
            }
            regionOfOrder.put(order.orderId(), order.customer().region());
            currentName.put(order.customer().customerId(), order.customer().name());
        }

        Map<String, ProductLine> latestLine = new HashMap<>();
        for (Order order : orders) {
            order.lines().stream().sorted(Comparator.comparingInt(Order.Line::lineNumber))
                    .forEach(line -> latestLine.put(line.productId(), new ProductLine(order, line)));
        }

        Map<String, List<Map<String, Object>>> report = new LinkedHashMap<>();
        report.put("monthly_sales", monthlySales(orders, regionOfOrder, latestLine));
        report.put("top_repeat_customers", topRepeatCustomers(orders, currentName, limit));
        report.put("multi_region_customers", multiRegion(orders, regionOfOrder));
        report.put("product_performance", productPerformance(orders, latestLine));
        report.put("customer_history", history(versions));
        return report;
    }

    private static List<Map<String, Object>> monthlySales(List<Order> orders, Map<String, String> regionOfOrder,
                                                          Map<String, ProductLine> latestLine) {
        Map<List<String>, Set<String>> orderIds = new TreeMap<>(AnalyticsOracle::compareKeys);
        Map<List<String>, long[]> units = new HashMap<>();
        Map<List<String>, BigDecimal> revenue = new HashMap<>();
        for (Order order : orders) {
            String month = order.orderTs().atOffset(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
            for (Order.Line line : order.lines()) {
                List<String> key = List.of(month, latestLine.get(line.productId()).line().category(),
                        regionOfOrder.get(order.orderId()));
                orderIds.computeIfAbsent(key, k -> new HashSet<>()).add(order.orderId());
                units.computeIfAbsent(key, k -> new long[1])[0] += line.quantity();
                revenue.merge(key, line.lineTotal(), BigDecimal::add);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        orderIds.forEach((key, ids) -> rows.add(row("month", key.get(0), "category", key.get(1), "region", key.get(2),
                "orders", (long) ids.size(), "units", units.get(key)[0], "revenue", Analytics.money(revenue.get(key)))));
        return rows;
    }

    private static List<Map<String, Object>> topRepeatCustomers(List<Order> orders, Map<String, String> currentName, int limit) {
        Map<String, Long> count = new HashMap<>();
        Map<String, BigDecimal> revenue = new HashMap<>();
        for (Order order : orders) {
            count.merge(order.customer().customerId(), 1L, Long::sum);
            revenue.merge(order.customer().customerId(), total(order), BigDecimal::add);
        }
        return count.keySet().stream()
                .filter(c -> count.get(c) >= 2)
                .sorted(Comparator.comparing((String c) -> count.get(c)).reversed()
                        .thenComparing(Comparator.comparing((String c) -> revenue.get(c)).reversed())
                        .thenComparing(Comparator.naturalOrder()))
                .limit(limit)
                .map(c -> row("customer_id", c, "customer_name", currentName.get(c), "orders", count.get(c),
                        "revenue", Analytics.money(revenue.get(c))))
                .toList();
    }

    private static List<Map<String, Object>> multiRegion(List<Order> orders, Map<String, String> regionOfOrder) {
        Map<String, Set<String>> regions = new TreeMap<>();
        for (Order order : orders) {
            regions.computeIfAbsent(order.customer().customerId(), c -> new TreeSet<>()).add(regionOfOrder.get(order.orderId()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        regions.forEach((customer, set) -> {
            if (set.size() >= 2) {
                rows.add(row("customer_id", customer, "regions", new ArrayList<>(set)));
            }
        });
        return rows;
    }

    private static List<Map<String, Object>> productPerformance(List<Order> orders, Map<String, ProductLine> latestLine) {
        Map<String, Long> units = new HashMap<>();
        Map<String, BigDecimal> revenue = new HashMap<>();
        for (Order order : orders) {
            for (Order.Line line : order.lines()) {
                units.merge(line.productId(), (long) line.quantity(), Long::sum);
                revenue.merge(line.productId(), line.lineTotal(), BigDecimal::add);
            }
        }
        return units.keySet().stream()
                .sorted(Comparator.comparing((String p) -> revenue.get(p)).reversed().thenComparing(Comparator.naturalOrder()))
                .map(p -> row("product_id", p, "product_name", latestLine.get(p).line().productName(),
                        "category", latestLine.get(p).line().category(), "units", units.get(p),
                        "avg_unit_price", Analytics.money(revenue.get(p).divide(BigDecimal.valueOf(units.get(p)), 2, RoundingMode.HALF_UP)),
                        "revenue", Analytics.money(revenue.get(p))))
                .toList();
    }

    private static List<Map<String, Object>> history(Map<String, List<Version>> versions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        versions.forEach((customer, list) -> {
            for (int i = 0; i < list.size(); i++) {
                Version v = list.get(i);
                boolean current = i == list.size() - 1;
                rows.add(row("customer_id", customer, "version", v.number(), "region", v.region(),
                        "valid_from", Analytics.time(v.validFrom()),
                        "valid_to", current ? null : Analytics.time(list.get(i + 1).validFrom()), "is_current", current));
            }
        });
        return rows;
    }

    private static BigDecimal total(Order order) {
        return order.lines().stream().map(Order.Line::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    /**
     * Orders of 300 customers and 80 products over 30 days, with 2 % re-sent unchanged and 1 % re-sent
     * with other content; then each message is displaced by up to 150 positions (several hours of event time).
     */
    public static List<Order> shuffledStream(long seed, int orders) {
        Random random = new Random(seed);
        MockOrderGenerator generator = new MockOrderGenerator(seed, 300, 80, orders, Duration.ofDays(30), TestOrders.WINDOW_END);
        List<Order> stream = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Order order = generator.next();
            stream.add(order);
            if (random.nextInt(100) < 2) {
                stream.add(order);
            } else if (random.nextInt(100) < 1) {
                Order.Line first = order.lines().get(0);
                List<Order.Line> changed = new ArrayList<>(order.lines());
                changed.set(0, new Order.Line(first.lineNumber(), first.productId(), first.productName(), first.category(),
                        first.unitPrice(), first.quantity() + 1));
                stream.add(new Order(order.orderId(), order.orderTs(), order.customer(), changed));
            }
        }
        double[] position = new double[stream.size()];
        for (int i = 0; i < position.length; i++) {
            position[i] = i + random.nextDouble() * 150;
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            indexes.add(i);
        }
        indexes.sort(Comparator.comparingDouble(i -> position[i]));
        return indexes.stream().map(stream::get).toList();
    }
}
