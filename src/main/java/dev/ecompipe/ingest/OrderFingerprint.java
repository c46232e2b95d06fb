package dev.ecompipe.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import dev.ecompipe.order.Order;

/**
 * A hash of an order's meaning, not of its bytes: the same order with other whitespace, field order or
 * unknown fields has the same fingerprint, so a re-sent order is a duplicate and not a conflict. The hashed
 * text must never change, since fingerprints stored by an earlier version are compared with new ones: each
 * field length-prefixed ({@code 1<bytes>:<UTF-8>}, or a 0 byte for a missing e-mail), the timestamp as
 * {@link Instant#toString()} writes it, the lines by line number.
 */
public final class OrderFingerprint {

    private static final HexFormat HEX = HexFormat.of();
    /** One digest a consumer thread, reused: {@code digest()} resets it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(OrderFingerprint::sha256);
    private static final Comparator<Order.Line> BY_LINE_NUMBER = Comparator.comparingInt(Order.Line::lineNumber);

    private OrderFingerprint() {
    }

    public static String of(Order order) {
        Canonical text = new Canonical();
        text.field(order.orderId());
        text.timestamp(order.orderTs());
        text.field(order.customer().customerId());
        text.field(order.customer().name());
        text.field(order.customer().email());
        text.field(order.customer().region());
        for (Order.Line line : byLineNumber(order.lines())) {
            text.field(line.lineNumber());
            text.field(line.productId());
            text.field(line.productName());
            text.field(line.category());
            text.field(line.unitPrice().toPlainString());
            text.field(line.quantity());
        }
        MessageDigest digest = SHA_256.get();
        digest.update(text.bytes, 0, text.length);
        return HEX.formatHex(digest.digest(), 0, 16);
    }

    private static List<Order.Line> byLineNumber(List<Order.Line> lines) {
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i - 1).lineNumber() > lines.get(i).lineNumber()) {
                return lines.stream().sorted(BY_LINE_NUMBER).toList();
            }
        }
        return lines;
    }

    /** The hashed text, built in one buffer and hashed once. */
    private static final class Canonical {
        private byte[] bytes = new byte[512];
        private int length;

        void field(String value) {
            if (value == null) {
                put((byte) 0);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            prefix(utf8.length);
            put(utf8, utf8.length);
        }

        void field(int value) {
            byte[] digits = Integer.toString(value).getBytes(StandardCharsets.US_ASCII);
            prefix(digits.length);
            put(digits, digits.length);
        }

        /** As {@link Instant#toString()}: seconds always, then 3, 6 or 9 fraction digits when there is a fraction. */
        void timestamp(Instant instant) {
            long seconds = instant.getEpochSecond();
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
            if (date.getYear() < 0 || date.getYear() > 9999) {
                field(instant.toString());
                return;
            }
            int secondOfDay = (int) Math.floorMod(seconds, 86_400);
            int nanos = instant.getNano();
            int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            byte[] iso = new byte[20 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
            digits(iso, 0, date.getYear(), 4);
            iso[4] = '-';
            digits(iso, 5, date.getMonthValue(), 2);
            iso[7] = '-';
            digits(iso, 8, date.getDayOfMonth(), 2);
            iso[10] = 'T';
            digits(iso, 11, secondOfDay / 3_600, 2);
            iso[13] = ':';
            digits(iso, 14, secondOfDay / 60 % 60, 2);
            iso[16] = ':';
            digits(iso, 17, secondOfDay % 60, 2);
            if (fractionDigits > 0) {
                iso[19] = '.';
                digits(iso, 20, nanos / (fractionDigits == 3 ? 1_000_000 : fractionDigits == 6 ? 1_000 : 1), fractionDigits);
            }
            iso[iso.length - 1] = 'Z';
            prefix(iso.length);
            put(iso, iso.length);
        }

        private static void digits(byte[] into, int at, int value, int count) {
            for (int i = at + count - 1; i >= at; i--) {
                into[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
        }

        // length-prefixed so that no two different field sequences produce the same input
        private void prefix(int byteCount) {
            put((byte) 1);
            byte[] digits = Integer.toString(byteCount).getBytes(StandardCharsets.US_ASCII);
            put(digits, digits.length);
            put((byte) ':');
        }

        private void put(byte value) {
            room(1);
            bytes[length++] = value;
        }

        private void put(byte[] values, int count) {
            room(count);
            System.arraycopy(values, 0, bytes, length, count);
            length += count;
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
