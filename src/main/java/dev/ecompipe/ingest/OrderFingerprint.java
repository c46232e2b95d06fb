package dev.ecompipe.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.ecompipe.order.Order;

/**
 * A hash of an order's meaning, not of its bytes: the same order with other whitespace, field order or
 * unknown fields has the same fingerprint, so a re-sent order is a duplicate and not a conflict.
 */
public final class OrderFingerprint {

    private OrderFingerprint() {
    }

    public static String of(Order order) {
        MessageDigest digest = sha256();
        field(digest, order.orderId());
        field(digest, order.orderTs().toString());
        field(digest, order.customer().customerId());
        field(digest, order.customer().name());
        field(digest, order.customer().email());
        field(digest, order.customer().region());
        order.lines().stream()
                .sorted(java.util.Comparator.comparingInt(Order.Line::lineNumber))
                .forEach(line -> {
                    field(digest, Integer.toString(line.lineNumber()));
                    field(digest, line.productId());
                    field(digest, line.productName());
                    field(digest, line.category());
                    field(digest, line.unitPrice().toPlainString());
                    field(digest, Integer.toString(line.quantity()));
                });
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    // length-prefixed so that no two different field sequences produce the same input
    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
