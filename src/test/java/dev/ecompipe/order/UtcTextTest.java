package dev.ecompipe.order;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written forms equal what {@code java.time} writes, for every year an {@link Instant} can hold here. */
class UtcTextTest {

    private static final DateTimeFormatter EVENT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    @Test
    void bothFormsEqualTheFormatters() {
        Random random = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            long seconds = switch (i % 4) {
                case 0 -> random.nextLong(1_700_000_000L, 1_900_000_000L);
                case 1 -> random.nextLong(-62_135_596_800L, 253_402_300_799L);
                // around the years 0, 1 and 10000, which the formatters write
                case 2 -> -62_135_596_800L + random.nextLong(-40_000_000L, 40_000_000L);
                default -> 253_402_300_800L + random.nextLong(-40_000_000L, 40_000_000L);
            };
            int nanos = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                case 3 -> random.nextInt(10) * 100_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(UtcText.instant(instant)).isEqualTo(instant.toString());
            assertThat(UtcText.eventTimestamp(instant)).isEqualTo(EVENT.format(instant));
        }
    }
}
