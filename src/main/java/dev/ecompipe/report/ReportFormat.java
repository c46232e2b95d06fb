package dev.ecompipe.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecompipe.config.ConfigurationException;

/** Renders the five analytics as JSON (the contract's shape), CSV sections, or tables for a terminal. */
public enum ReportFormat {
    JSON, TABLE, CSV;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ReportFormat parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The option --format must be table, json or csv, not '" + name + "'.");
        }
    }

    public static Map<String, List<Map<String, Object>>> fromJson(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("The report from the running pipeline is not valid JSON", e);
        }
    }

    /**
     * The field names of each analytics (the data contract, section 3), so an empty list still has its
     * header row in a CSV or a table.
     */
    static final Map<String, List<String>> COLUMNS = Map.of(
            "monthly_sales", List.of("month", "category", "region", "orders", "units", "revenue"),
            "top_repeat_customers", List.of("customer_id", "customer_name", "orders", "revenue"),
            "multi_region_customers", List.of("customer_id", "regions"),
            "product_performance", List.of("product_id", "product_name", "category", "units", "avg_unit_price", "revenue"),
            "customer_history", List.of("customer_id", "version", "region", "valid_from", "valid_to", "is_current"));

    /** Every list in full. */
    public String render(Map<String, List<Map<String, Object>>> report) {
        return render(report, null);
    }

    /** At most {@code rowLimit} rows of every list (all of them when null); a table says how many rows each list has. */
    public String render(Map<String, List<Map<String, Object>>> report, Integer rowLimit) {
        Map<String, List<Map<String, Object>>> shown = new LinkedHashMap<>();
        report.forEach((name, rows) -> shown.put(name, rowLimit == null ? rows : rows.subList(0, Math.min(rowLimit, rows.size()))));
        return switch (this) {
            case JSON -> json(shown);
            case CSV -> csv(shown);
            case TABLE -> table(shown, report);
        };
    }

    public static String json(Map<String, List<Map<String, Object>>> report) {
        try {
            return MAPPER.writeValueAsString(report) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(Map<String, List<Map<String, Object>>> report) {
        StringBuilder out = new StringBuilder();
        report.forEach((name, rows) -> {
            out.append("# ").append(name).append('\n');
            List<String> columns = columns(name, rows);
            out.append(String.join(",", columns)).append('\n');
            for (Map<String, Object> row : rows) {
                List<String> cells = new ArrayList<>();
                for (String column : columns) {
                    cells.add(csvCell(text(row.get(column))));
                }
                out.append(String.join(",", cells)).append('\n');
            }
            out.append('\n');
        });
        return out.toString();
    }

    private static String csvCell(String value) {
        if (value.isEmpty() || value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String table(Map<String, List<Map<String, Object>>> report, Map<String, List<Map<String, Object>>> full) {
        StringBuilder out = new StringBuilder();
        report.forEach((name, rows) -> {
            int total = full.get(name).size();
            out.append(name.replace('_', ' ').toUpperCase(Locale.ROOT)).append(" (")
                    .append(rows.size() < total ? String.format("first %,d of ", rows.size()) : "")
                    .append(String.format("%,d", total)).append(total == 1 ? " row" : " rows").append(")\n");
            if (rows.isEmpty()) {
                out.append("  (no data yet)\n\n");
                return;
            }
            List<String> columns = columns(name, rows);
            int[] widths = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                widths[i] = columns.get(i).length();
                for (Map<String, Object> row : rows) {
                    widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
                }
            }
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                out.append(i == 0 ? "  " : "  ").append(pad(columns.get(i), widths[i], false));
                rule.append(i == 0 ? "  " : "  ").append("-".repeat(widths[i]));
            }
            out.append('\n').append(rule).append('\n');
            for (Map<String, Object> row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    Object value = row.get(columns.get(i));
                    out.append("  ").append(pad(text(value), widths[i], isNumeric(value)));
                }
                out.append('\n');
            }
            out.append('\n');
        });
        return out.toString();
    }

    private static boolean isNumeric(Object value) {
        return value instanceof Number || value instanceof String s && s.matches("-?\\d+\\.\\d{2}");
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }

    private static List<String> columns(String name, List<Map<String, Object>> rows) {
        return rows.isEmpty() ? COLUMNS.getOrDefault(name, List.of()) : new ArrayList<>(rows.get(0).keySet());
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
