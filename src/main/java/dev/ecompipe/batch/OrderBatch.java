package dev.ecompipe.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * The orders the Aggregator collected for one warehouse transaction, plus the highest offset per
 * partition it settles (dead-lettered messages included). Within the batch an order_id is kept once:
 * a repeat with the same content is a duplicate, one with other content a conflict.
 */
public final class OrderBatch {

    private final long sequence;
    private final long openedNanos = System.nanoTime();
    /** Every valid message in arrival order, repeats included, so a batch can be rebuilt without some of them. */
    private final List<IncomingOrder> received = new ArrayList<>();
    private final List<KafkaPosition> deadLettered = new ArrayList<>();
    private final Map<String, IncomingOrder> orders = new LinkedHashMap<>();
    private final List<IncomingOrder> conflicts = new ArrayList<>();
    private final Map<TopicPartition, KafkaPosition> lastPositions = new HashMap<>();
    private final Map<TopicPartition, KafkaPosition> firstPositions = new HashMap<>();
    private int duplicates;
    private int messages;
    private int lines;
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
        received.add(incoming);
        count(incoming.source());
        IncomingOrder first = orders.putIfAbsent(incoming.orderId(), incoming);
        if (first == null) {
            lines += incoming.order().lines().size();
        } else {
            if (first.contentHash().equals(incoming.contentHash())) {
                duplicates++;
            } else {
                conflicts.add(incoming);
            }
        }
    }

    /** Records a message that needs no row (it is on the dead-letter topic) as settled by this batch. */
    public void settle(KafkaPosition position) {
        deadLettered.add(position);
        count(position);
    }

    private void count(KafkaPosition position) {
        messages++;
        lastPositions.merge(position.topicPartition(), position, (a, b) -> a.offset() >= b.offset() ? a : b);
        firstPositions.merge(position.topicPartition(), position, (a, b) -> a.offset() <= b.offset() ? a : b);
    }

    /**
     * This batch without the messages a warehouse already settled: those at or below the stored offset of
     * their partition. Another instance settled them after taking the partition over (this one was frozen,
     * or lost the partition in a rebalance while the batch was open); loading them again would count them
     * twice. The highest positions stay, because the stored offsets only ever move forward.
     */
    public OrderBatch unsettled(Map<TopicPartition, Long> storedOffsets) {
        // a message is settled only if its partition's lowest one is: no pass over a large batch's messages
        if (firstPositions.values().stream().noneMatch(p -> isSettled(p, storedOffsets))) {
            return this;
        }
        OrderBatch rest = new OrderBatch(sequence);
        received.stream().filter(o -> !isSettled(o.source(), storedOffsets)).forEach(rest::add);
        deadLettered.stream().filter(p -> !isSettled(p, storedOffsets)).forEach(rest::settle);
        lastPositions.forEach(rest.lastPositions::putIfAbsent);
        rest.producedAtMillis = producedAtMillis;
        rest.timestamps = timestamps;
        return rest;
    }

    private static boolean isSettled(KafkaPosition position, Map<TopicPartition, Long> storedOffsets) {
        Long stored = storedOffsets.get(position.topicPartition());
        return stored != null && position.offset() <= stored;
    }

    /** The Kafka record timestamp of a message in this batch, for the end-to-end latency. */
    public void producedAt(long millis) {
        if (timestamps == producedAtMillis.length) {
            producedAtMillis = Arrays.copyOf(producedAtMillis, timestamps * 2);
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

    /** The messages this batch settles; fewer than were collected when some were {@link #unsettled settled elsewhere}. */
    public int messages() {
        return messages;
    }

    public Collection<KafkaPosition> lastPositions() {
        return lastPositions.values();
    }

    /** The lines of {@link #orders()}, counted as they come: a pass over a large batch's orders costs milliseconds. */
    public int lineCount() {
        return lines;
    }
}
