package dev.ecompipe.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import dev.ecompipe.order.Order;
import dev.ecompipe.order.UtcText;

/**
 * A hash of an order's meaning, not of its bytes: the same order with other whitespace, field order or
 * unknown fields has the same fingerprint, so a re-sent order is a duplicate and not a conflict. The hashed
 * text must never change, since fingerprints stored by an earlier version are compared with new ones: each
 * field as the byte 1, its UTF-8 length in decimal digits, ':' and its UTF-8 bytes (a missing e-mail as the byte
 * 0), the timestamp as {@link Instant#toString()} writes it, the lines by line number.
 */
public final class OrderFingerprint {

    private static final HexFormat HEX = HexFormat.of();
    /** One digest a consumer thread, reused: {@code digest()} resets it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(OrderFingerprint::sha256);
    /** One text buffer a consumer thread, reused: a buffer and a byte array a field were a few kilobytes an order. */
    private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);
    private static final Comparator<Order.Line> BY_LINE_NUMBER = Comparator.comparingInt(Order.Line::lineNumber);

    private OrderFingerprint() {
    }

    public static String of(Order order) {
        Canonical text = CANONICAL.get();
        text.length = 0;
        text.field(order.orderId());
        text.field(UtcText.instant(order.orderTs()));
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
            if (!isAscii(value)) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                prefix(utf8.length);
                put(utf8, utf8.length);
                return;
            }
            // ASCII is its own UTF-8, a byte a character: written straight into the buffer
            prefix(value.length());
            room(value.length());
            for (int i = 0; i < value.length(); i++) {
                bytes[length++] = (byte) value.charAt(i);
            }
        }

        void field(int value) {
            if (value < 0) {
                field(Integer.toString(value));
                return;
            }
            prefix(digitCount(value));
            putDigits(value);
        }

        // length-prefixed so that no two different field sequences produce the same input
        private void prefix(int byteCount) {
            put((byte) 1);
            putDigits(byteCount);
            put((byte) ':');
        }

        /** A non-negative number in decimal, as {@link Integer#toString(int)} writes it. */
        private void putDigits(int value) {
            int count = digitCount(value);
            room(count);
            for (int i = length + count - 1, rest = value; i >= length; i--, rest /= 10) {
                bytes[i] = (byte) ('0' + rest % 10);
            }
            length += count;
        }

        private static int digitCount(int value) {
            int count = 1;
            for (int rest = value; rest >= 10; rest /= 10) {
                count++;
            }
            return count;
        }

        private static boolean isAscii(String value) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
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
