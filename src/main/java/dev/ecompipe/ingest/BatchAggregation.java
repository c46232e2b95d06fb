package dev.ecompipe.ingest;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Collects the split orders, and the positions of dead-lettered messages, into one {@link OrderBatch},
 * and decides when a batch that is not full is due: once it is {@code maxAgeMillis} old and the loader
 * is free. While the loader is busy the batch keeps growing, because it would only wait; so a steady
 * trickle is written within about {@code maxAgeMillis} and a backlog in large, cheaper batches.
 */
public final class BatchAggregation implements AggregationStrategy {

    private final BatchLoader loader;
    private final long maxAgeMillis;

    public BatchAggregation(BatchLoader loader, long maxAgeMillis) {
        this.loader = loader;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** The Aggregator's completion predicate, asked after each message is added. */
    public boolean due(Exchange batchExchange) {
        OrderBatch batch = batchExchange.getMessage().getBody(OrderBatch.class);
        return batch.ageMillis() >= maxAgeMillis && loader.idle();
    }

    @Override
    public void onCompletion(Exchange batchExchange) {
        loader.closed(batchExchange.getMessage().getBody(OrderBatch.class));
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange next) {
        Object item = next.getMessage().getBody();
        Exchange target = batchExchange;
        if (target == null) {
            target = next;
            target.getMessage().setBody(loader.openBatch());
        }
        OrderBatch batch = target.getMessage().getBody(OrderBatch.class);
        if (item instanceof IncomingOrder incoming) {
            batch.add(incoming);
            Long producedAt = next.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class);
            if (producedAt != null) {
                batch.producedAt(producedAt);
            }
        } else if (item instanceof KafkaPosition settled) {
            batch.settle(settled);
        } else {
            throw new IllegalArgumentException("Cannot batch a " + (item == null ? "null" : item.getClass().getName()));
        }
        return target;
    }
}
