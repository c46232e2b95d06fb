package dev.ecompipe.order;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-read common form accepts and refuses exactly what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does. */
class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-03-14T10:26:53Z", "2026-03-14T10:26:53.5+05:30", "2026-03-14T10:26:53.000000001-11:59",
        "2024-02-29T23:59:59.999999Z", "2026-03-14T10:26:53-00:00", "2026-03-14T10:26:53+17:59", "0000-01-01T00:00:00Z",
        // the formatter's to decide
        "2026-03-14T10:26Z", "2026-03-14t10:26:53z", "2026-03-14T10:26:53+18:00", "2026-03-14T10:26:53+01:00:00",
        "+2026-03-14T10:26:53Z", "2026-03-14T10:26:53.Z",
        // refused by both
        "2026-02-29T10:26:53Z", "2026-13-14T10:26:53Z", "2026-03-14T24:00:00Z", "2026-03-14T10:26:60Z",
        "2026-03-14T10:26:53.1234567891Z", "2026-03-14T10:26:53+0100", "2026-03-14 10:26:53Z",
        "2026-03-14T10:26:53", "2026-03-14T10:26:53+19:00", "2026-03-14T1a:26:53Z", "",
    })
    void agreesWithTheFormatter(String text) {
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(formatter(text));
    }

    @Test
    void readsTheCommonFormByHandAsTheFormatterReadsIt() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(35) - 17) * 3_600 + random.nextInt(2) * 1_800);
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));
            if (text.length() > 16 && text.charAt(16) == ':') {
                assertThat(Rfc3339.parseCommonForm(text)).as(text).isEqualTo(formatter(text));
            }
        }
    }

    private static Instant formatter(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
