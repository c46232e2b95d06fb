package dev.ecompipe.producer;

import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.order.OrderJson;
import dev.ecompipe.ops.PipelineStats;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * On every timer tick, takes as many messages from the source as the rate allows and hands them to the
 * Kafka producer as one list, which camel-kafka sends as separate records in one go.
 */
public final class OrderPublishing {

    private final OrderSource source;
    private final PipelineStats stats;
    private final double ratePerSecond;
    private final int maxPerTick;
    private long startedNanos = -1;
    private long taken;
    private volatile boolean done;

    /** @param ratePerSecond orders per second; 0 publishes as fast as the broker takes them */
    public OrderPublishing(OrderSource source, PipelineStats stats, double ratePerSecond, int maxPerTick) {
        this.source = source;
        this.stats = stats;
        this.ratePerSecond = ratePerSecond;
        this.maxPerTick = maxPerTick;
    }

    public synchronized void nextChunk(Exchange exchange) {
        long now = System.nanoTime();
        if (startedNanos < 0) {
            startedNanos = now;
        }
        int allowed = maxPerTick;
        if (ratePerSecond > 0) {
            long due = (long) ((now - startedNanos) / 1e9 * ratePerSecond) + 1;
            allowed = (int) Math.max(0, Math.min(maxPerTick, due - taken));
        }
        List<OutgoingMessage> chunk = allowed == 0 ? List.of() : source.next(allowed);
        taken += chunk.size();
        if (chunk.isEmpty() && source.exhausted()) {
            done = true;
        }
        List<Message> records = new ArrayList<>(chunk.size());
        for (OutgoingMessage outgoing : chunk) {
            Message record = new DefaultMessage(exchange.getContext());
            record.setBody(outgoing.value());
            if (outgoing.key() != null) {
                record.setHeader(KafkaConstants.KEY, outgoing.key());
            }
            if (outgoing.origin() != null) {
                record.setHeader(OrderJson.SOURCE_HEADER, outgoing.origin());
            }
            records.add(record);
        }
        exchange.getMessage().setBody(records);
    }

    /** Called after the chunk is acknowledged by the broker. */
    public void published(Exchange exchange) {
        stats.produced(exchange.getMessage().getBody(List.class).size());
        if (source.exhausted()) {
            done = true;
        }
    }

    public boolean isDone() {
        return done;
    }
}
