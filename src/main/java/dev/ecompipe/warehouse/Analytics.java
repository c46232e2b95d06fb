package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@code sql/analytics.sql} and shapes the rows as the README's Analytics section describes: money as
 * strings with two decimals, averages rounded half-up, times as RFC 3339 UTC with milliseconds. The shaping works on rows
 * as column-to-value maps, so rows read here and rows a camel-jdbc endpoint returns come out the same.
 */
public final class Analytics {

    public static final List<String> NAMES = List.of("monthly_sales", "top_repeat_customers", "multi_region_customers",
            "product_performance", "customer_history");

    private static final DateTimeFormatter RFC_3339_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final SqlStatements sql = SqlStatements.analytics();

    /** The five analytics, keyed by the contract's names, in the contract's order. */
    public Map<String, List<Map<String, Object>>> run(Connection connection, int limit) throws SQLException {
        Map<String, List<Map<String, Object>>> report = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String name : NAMES) {
                report.put(name, shape(name, read(statement, query(name, limit))));
            }
        }
        return report;
    }

    /** The SQL of one analytics; {@code limit} bounds top_repeat_customers. */
    public String query(String name, int limit) {
        return sql.single(name).replace(":limit", Integer.toString(limit));
    }

    /**
     * Shapes the rows of one analytics, each a map from column label to the value JDBC gave, as the report
     * does. Column labels are matched without regard to case: Snowflake answers in upper case.
     */
    public List<Map<String, Object>> shape(String name, List<Map<String, Object>> columns) {
        List<Row> rows = columns.stream().map(Row::new).toList();
        return switch (name) {
            case "monthly_sales" -> rows.stream().map(Analytics::monthlySales).toList();
            case "top_repeat_customers" -> rows.stream().map(Analytics::topRepeatCustomer).toList();
            case "multi_region_customers" -> multiRegion(rows);
            case "product_performance" -> rows.stream().map(Analytics::productPerformance).toList();
            case "customer_history" -> rows.stream().map(Analytics::customerVersion).toList();
            default -> throw new IllegalArgumentException("No analytics named '" + name + "'.");
        };
    }

    private static Map<String, Object> monthlySales(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", row.string("month"));
        out.put("category", row.string("category"));
        out.put("region", row.string("region"));
        out.put("orders", row.whole("orders"));
        out.put("units", row.whole("units"));
        out.put("revenue", money(row.decimal("revenue")));
        return out;
    }

    private static Map<String, Object> topRepeatCustomer(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customer_id", row.string("customer_id"));
        out.put("customer_name", row.string("customer_name"));
        out.put("orders", row.whole("orders"));
        out.put("revenue", money(row.decimal("revenue")));
        return out;
    }

    private static Map<String, Object> productPerformance(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        BigDecimal revenue = row.decimal("revenue");
        long units = row.whole("units");
        out.put("product_id", row.string("product_id"));
        out.put("product_name", row.string("product_name"));
        out.put("category", row.string("category"));
        out.put("units", units);
        out.put("avg_unit_price", money(revenue.divide(BigDecimal.valueOf(units), 2, RoundingMode.HALF_UP)));
        out.put("revenue", money(revenue));
        return out;
    }

    private static Map<String, Object> customerVersion(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customer_id", row.string("customer_id"));
        out.put("version", Math.toIntExact(row.whole("version")));
        out.put("region", row.string("region"));
        out.put("valid_from", time(row.instant("valid_from")));
        out.put("valid_to", time(row.instant("valid_to")));
        out.put("is_current", row.bool("is_current"));
        return out;
    }

    /** The query gives one row per customer and region; the report one per customer with the list. */
    private static List<Map<String, Object>> multiRegion(List<Row> rows) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        rows.forEach(row -> regions.computeIfAbsent(row.string("customer_id"), id -> new ArrayList<>()).add(row.string("region")));
        List<Map<String, Object>> out = new ArrayList<>();
        regions.forEach((customer, list) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customer_id", customer);
            row.put("regions", list);
            out.add(row);
        });
        return out;
    }

    public static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    public static String time(Instant instant) {
        return instant == null ? null : RFC_3339_MILLIS.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static List<Map<String, Object>> read(Statement statement, String query) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            ResultSetMetaData columns = rows.getMetaData();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), rows.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** One row's values by column label, converted from whatever Java type the driver chose. */
    private static final class Row {
        private final Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        Row(Map<String, Object> columns) {
            values.putAll(columns);
        }

        private Object value(String column) {
            if (!values.containsKey(column)) {
                throw new IllegalStateException("The analytics row has no column '" + column + "'.");
            }
            return values.get(column);
        }

        String string(String column) {
            Object value = value(column);
            return value == null ? null : value.toString();
        }

        BigDecimal decimal(String column) {
            Object value = value(column);
            return value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
        }

        long whole(String column) {
            return ((Number) value(column)).longValue();
        }

        boolean bool(String column) {
            Object value = value(column);
            return value instanceof Boolean flag ? flag : Boolean.parseBoolean(value.toString());
        }

        /** TIMESTAMP columns hold UTC wall-clock time; read them back without the JVM's zone. */
        Instant instant(String column) {
            Object value = value(column);
            if (value == null) {
                return null;
            }
            if (value instanceof Timestamp timestamp) {
                return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
            }
            if (value instanceof LocalDateTime wallClock) {
                return wallClock.toInstant(ZoneOffset.UTC);
            }
            if (value instanceof OffsetDateTime withOffset) {
                return withOffset.toInstant();
            }
            throw new IllegalStateException("The column '" + column + "' holds a " + value.getClass().getName() + ", not a timestamp.");
        }
    }
}
