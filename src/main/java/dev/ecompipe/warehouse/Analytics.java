package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code sql/analytics.sql} on a warehouse connection and shapes the rows as the contract's report
 * (§3): money as strings with two decimals, averages rounded half-up, times as RFC 3339 UTC with milliseconds.
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
            report.put("monthly_sales", rows(statement, sql.single("monthly_sales"), row -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("month", row.getString("month"));
                out.put("category", row.getString("category"));
                out.put("region", row.getString("region"));
                out.put("orders", row.getLong("orders"));
                out.put("units", row.getLong("units"));
                out.put("revenue", money(row.getBigDecimal("revenue")));
                return out;
            }));
            report.put("top_repeat_customers", rows(statement,
                    sql.single("top_repeat_customers").replace(":limit", Integer.toString(limit)), row -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customer_id", row.getString("customer_id"));
                out.put("customer_name", row.getString("customer_name"));
                out.put("orders", row.getLong("orders"));
                out.put("revenue", money(row.getBigDecimal("revenue")));
                return out;
            }));
            report.put("multi_region_customers", multiRegion(statement));
            report.put("product_performance", rows(statement, sql.single("product_performance"), row -> {
                Map<String, Object> out = new LinkedHashMap<>();
                BigDecimal revenue = row.getBigDecimal("revenue");
                long units = row.getLong("units");
                out.put("product_id", row.getString("product_id"));
                out.put("product_name", row.getString("product_name"));
                out.put("category", row.getString("category"));
                out.put("units", units);
                out.put("avg_unit_price", money(revenue.divide(BigDecimal.valueOf(units), 2, RoundingMode.HALF_UP)));
                out.put("revenue", money(revenue));
                return out;
            }));
            report.put("customer_history", rows(statement, sql.single("customer_history"), row -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customer_id", row.getString("customer_id"));
                out.put("version", row.getInt("version"));
                out.put("region", row.getString("region"));
                out.put("valid_from", time(row.getTimestamp("valid_from")));
                out.put("valid_to", time(row.getTimestamp("valid_to")));
                out.put("is_current", row.getBoolean("is_current"));
                return out;
            }));
        }
        return report;
    }

    private List<Map<String, Object>> multiRegion(Statement statement) throws SQLException {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery(sql.single("multi_region_customers"))) {
            while (rows.next()) {
                regions.computeIfAbsent(rows.getString("customer_id"), id -> new ArrayList<>()).add(rows.getString("region"));
            }
        }
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

    public static String time(java.time.Instant instant) {
        return instant == null ? null : RFC_3339_MILLIS.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static String time(Timestamp timestamp) {
        // TIMESTAMP columns hold UTC wall-clock time; read them back without the JVM's zone
        return timestamp == null ? null : time(timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC));
    }

    private interface RowMapper {
        Map<String, Object> map(ResultSet row) throws SQLException;
    }

    private static List<Map<String, Object>> rows(Statement statement, String query, RowMapper mapper) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                out.add(mapper.map(rows));
            }
        }
        return out;
    }
}
