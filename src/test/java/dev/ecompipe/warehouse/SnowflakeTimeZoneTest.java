package dev.ecompipe.warehouse;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.ecompipe.warehouse.SnowflakeBatches.batch;
import static dev.ecompipe.warehouse.SnowflakeBatches.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timestamps on a host far from UTC: what the staging binds send and what the report reads back are the same
 * UTC wall clock. Runs in Asia/Kolkata (+05:30) whatever zone the JVM was started in.
 */
class SnowflakeTimeZoneTest {

    private TimeZone hostZone;

    @BeforeEach
    void farFromUtc() {
        hostZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(hostZone);
    }

    @Test
    void anOrderJustBeforeUtcMidnightIsStagedAtItsUtcTimeAndDate() throws Exception {
        RecordingConnection session = new RecordingConnection();
        new BatchStaging(new SnowflakeDialect()).stage(session.connection(),
                batch(order("O-1", "2026-12-31T23:30:00.123456Z", 1)), Set.of());

        Map<String, List<String>> firstRows = new LinkedHashMap<>();
        session.sent().stream().filter(RecordingConnection.Sent::isBatch).forEach(sent -> firstRows.put(sent.sql().replaceAll("^INSERT INTO (\\w+) .*$", "$1"), sent.rows().get(0)));
        assertThat(firstRows.get("STAGE_ORDERS").get(2)).isEqualTo("2026-12-31 23:30:00.123456");
        assertThat(firstRows.get("STAGE_LINES").get(2)).isEqualTo("2026-12-31 23:30:00.123456");
        assertThat(firstRows.get("STAGE_DATES").subList(0, 2)).containsExactly("20261231", "2026-12-31");
    }

    @Test
    void reportTimesComeBackAsStoredWhenTheDriverGivesTheWallClockInTheJvmZone() {
        // with the session's pinned settings, snowflake-jdbc returns a TIMESTAMP_NTZ as its wall clock in the JVM zone
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("CUSTOMER_ID", "C-1");
        version.put("VERSION", 1L);
        version.put("REGION", "EU-WEST");
        version.put("VALID_FROM", Timestamp.valueOf(LocalDateTime.parse("2026-12-31T23:30:00.123")));
        version.put("VALID_TO", null);
        version.put("IS_CURRENT", true);

        Map<String, Object> shaped = new Analytics().shape("customer_history", List.of(version)).get(0);

        assertThat(shaped).containsEntry("valid_from", "2026-12-31T23:30:00.123Z").containsEntry("valid_to", null);
    }
}
