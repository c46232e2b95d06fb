package dev.ecompipe.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders the Aggregator collected for one warehouse transaction, plus the highest offset per
 * partition it settles (dead-lettered messages included). Within the batch an order_id is kept once:
 * a repeat with the same content is a duplicate, one with other content a conflict.
 */
public final class OrderBatch {

    private final long sequence;
    private final long openedNanos = System.nanoTime();
    private final Map<String, IncomingOrder> orders = new LinkedHashMap<>();
    private final List<IncomingOrder> conflicts = new ArrayList<>();
    private final Map<String, KafkaPosition> lastPositions = new HashMap<>();
    private int duplicates;
    private int messages;
    private long[] producedAtMillis = new long[64];
    private int timestamps;

    public OrderBatch(long sequence) {
        this.sequence = sequence;
    }

    public long sequence() {
        return sequence;
    }

    public long ageMillis() {
        return (System.nanoTime() - openedNanos) / 1_000_000;
    }

    public void add(IncomingOrder incoming) {
        settle(incoming.source());
        IncomingOrder first = orders.putIfAbsent(incoming.orderId(), incoming);
        if (first != null) {
            if (first.contentHash().equals(incoming.contentHash())) {
                duplicates++;
            } else {
                conflicts.add(incoming);
            }
        }
    }

    /** Records a message that needs no row (it is on the dead-letter topic) as settled by this batch. */
    public void settle(KafkaPosition position) {
        messages++;
        lastPositions.merge(position.partitionKey(), position,
                (a, b) -> a.offset() >= b.offset() ? a : b);
    }

    /** The Kafka record timestamp of a message in this batch, for the end-to-end latency. */
    public void producedAt(long millis) {
        if (timestamps == producedAtMillis.length) {
            producedAtMillis = java.util.Arrays.copyOf(producedAtMillis, timestamps * 2);
        }
        producedAtMillis[timestamps++] = millis;
    }

    public long[] producedAtMillis() {
        return producedAtMillis;
    }

    public int timestampCount() {
        return timestamps;
    }

    public Collection<IncomingOrder> orders() {
        return orders.values();
    }

    public List<IncomingOrder> conflicts() {
        return conflicts;
    }

    public int duplicates() {
        return duplicates;
    }

    public int messages() {
        return messages;
    }

    public Collection<KafkaPosition> lastPositions() {
        return lastPositions.values();
    }

    public int lineCount() {
        return orders.values().stream().mapToInt(o -> o.order().lines().size()).sum();
    }
}
