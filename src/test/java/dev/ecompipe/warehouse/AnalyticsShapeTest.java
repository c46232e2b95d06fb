package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows as a camel-jdbc endpoint hands them over come out as the report has them, whatever case the
 * warehouse gives its column labels in and whatever Java types its driver picks for numbers.
 */
class AnalyticsShapeTest {

    private final Analytics analytics = new Analytics();

    @Test
    void upperCaseLabelsAndDriverNumberTypesShapeLikeTheReport() {
        Map<String, Object> snowflakeRow = new HashMap<>();
        snowflakeRow.put("PRODUCT_ID", "P-1");
        snowflakeRow.put("PRODUCT_NAME", "Kettle");
        snowflakeRow.put("CATEGORY", "Kitchen");
        snowflakeRow.put("UNITS", new BigDecimal("3"));
        snowflakeRow.put("REVENUE", new BigDecimal("100"));
        Map<String, Object> duckDbRow = Map.of("product_id", "P-2", "product_name", "Mug", "category", "Kitchen",
                "units", BigInteger.valueOf(7), "revenue", new BigDecimal("10.5"));

        assertThat(analytics.shape("product_performance", List.of(snowflakeRow, duckDbRow))).containsExactly(
                Map.of("product_id", "P-1", "product_name", "Kettle", "category", "Kitchen", "units", 3L,
                        "avg_unit_price", "33.33", "revenue", "100.00"),
                Map.of("product_id", "P-2", "product_name", "Mug", "category", "Kitchen", "units", 7L,
                        "avg_unit_price", "1.50", "revenue", "10.50"));
    }

    @Test
    void historyTimesAreUtcWallClockWithMillisecondsAndAnOpenEnd() {
        Map<String, Object> row = new HashMap<>();
        row.put("CUSTOMER_ID", "C-1");
        row.put("VERSION", 2L);
        row.put("REGION", "EU-WEST");
        row.put("VALID_FROM", Timestamp.valueOf(LocalDateTime.of(2026, 3, 14, 9, 26, 53, 589_000_000)));
        row.put("VALID_TO", null);
        row.put("IS_CURRENT", true);

        Map<String, Object> expected = new HashMap<>();
        expected.put("customer_id", "C-1");
        expected.put("version", 2);
        expected.put("region", "EU-WEST");
        expected.put("valid_from", "2026-03-14T09:26:53.589Z");
        expected.put("valid_to", null);
        expected.put("is_current", true);
        assertThat(analytics.shape("customer_history", List.of(row))).containsExactly(expected);
    }

    @Test
    void multiRegionRowsGroupIntoOneListPerCustomer() {
        assertThat(analytics.shape("multi_region_customers", List.of(
                Map.of("customer_id", "C-1", "region", "APAC"), Map.of("customer_id", "C-1", "region", "LATAM"))))
                .containsExactly(Map.of("customer_id", "C-1", "regions", List.of("APAC", "LATAM")));
    }
}
