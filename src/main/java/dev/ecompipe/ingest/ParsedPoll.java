package dev.ecompipe.ingest;

import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;

/**
 * The records of one Kafka poll once parsed: the valid orders, with the moment each was produced, and the positions
 * of those dead-lettered. A poll joins one batch whole, so its dead letters' offsets are settled in the same
 * transaction as the orders read before them.
 */
final class ParsedPoll {

    private final List<IncomingOrder> orders;
    private final List<KafkaPosition> deadLettered = new ArrayList<>();
    private final long[] producedAtMillis;
    private int timestamps;

    /** For a poll of this many records: each adds one order or one dead letter, never more. */
    ParsedPoll(int records) {
        orders = new ArrayList<>(records);
        producedAtMillis = new long[records];
    }

    void add(IncomingOrder incoming, Long producedAt) {
        orders.add(incoming);
        if (producedAt != null) {
            producedAtMillis[timestamps++] = producedAt;
        }
    }

    void deadLettered(KafkaPosition position) {
        deadLettered.add(position);
    }

    void addTo(OrderBatch batch) {
        for (IncomingOrder incoming : orders) {
            batch.add(incoming);
        }
        for (KafkaPosition position : deadLettered) {
            batch.settle(position);
        }
        for (int i = 0; i < timestamps; i++) {
            batch.producedAt(producedAtMillis[i]);
        }
    }
}
