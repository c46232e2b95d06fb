package dev.ecompipe.ingest;

import dev.ecompipe.batch.OrderBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects parsed polls, their orders and the positions of their dead-lettered messages, into one
 * {@link OrderBatch}, and decides when a batch is due: once it holds {@code maxMessages} messages, or once it is
 * {@code maxAgeMillis} old and the loader is free. While the loader is busy the batch keeps growing, because it would
 * only wait; so a steady trickle is written within about {@code maxAgeMillis} and a backlog in large, cheaper batches.
 * A poll joins one batch whole, so a batch may hold up to a poll's records less one more than {@code maxMessages}.
 */
public final class BatchAggregation implements AggregationStrategy {

    private final BatchLoader loader;
    private final int maxMessages;
    private final long maxAgeMillis;

    public BatchAggregation(BatchLoader loader, int maxMessages, long maxAgeMillis) {
        this.loader = loader;
        this.maxMessages = maxMessages;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** The Aggregator's completion predicate, asked after each poll is added. */
    public boolean due(Exchange batchExchange) {
        OrderBatch batch = batchExchange.getMessage().getBody(OrderBatch.class);
        return batch.messages() >= maxMessages || (batch.ageMillis() >= maxAgeMillis && loader.idle());
    }

    @Override
    public void onCompletion(Exchange batchExchange) {
        loader.closed(batchExchange.getMessage().getBody(OrderBatch.class));
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange next) {
        if (!(next.getMessage().getBody() instanceof ParsedPoll poll)) {
            Object body = next.getMessage().getBody();
            throw new IllegalArgumentException("Cannot batch a " + (body == null ? "null" : body.getClass().getName()));
        }
        Exchange target = batchExchange;
        if (target == null) {
            target = next;
            target.getMessage().setBody(loader.openBatch());
        }
        poll.addTo(target.getMessage().getBody(OrderBatch.class));
        return target;
    }
}
