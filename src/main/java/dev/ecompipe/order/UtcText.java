package dev.ecompipe.order;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Instants as UTC text, written by hand because every message is written or fingerprinted with one: the two forms
 * below equal what their {@code java.time} formatters write, which write the years outside 1 to 9999.
 */
public final class UtcText {

    /** Milliseconds at least, more digits when the instant has them: an order read with microseconds keeps them. */
    private static final DateTimeFormatter EVENT_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private UtcText() {
    }

    /** As {@link Instant#toString()}: seconds always, then 3, 6 or 9 fraction digits when there is a fraction. */
    public static String instant(Instant instant) {
        int nanos = instant.getNano();
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        String text = write(instant, digits);
        return text != null ? text : instant.toString();
    }

    /** As the order event writes it: milliseconds at least, more digits only when the instant has them. */
    static String eventTimestamp(Instant instant) {
        int nanos = instant.getNano();
        int digits = 9;
        while (digits > 3 && nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        String text = write(instant, digits);
        return text != null ? text : EVENT_TIMESTAMP.format(instant);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss}, a fraction of {@code fractionDigits} digits when there are any, {@code Z}. */
    private static String write(Instant instant, int fractionDigits) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 1 || date.getYear() > 9999) {
            return null;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        byte[] text = new byte[20 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            int fraction = instant.getNano();
            for (int i = fractionDigits; i < 9; i++) {
                fraction /= 10;
            }
            digits(text, 20, fraction, fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] into, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
