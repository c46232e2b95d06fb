package dev.ecompipe.ingest;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/** Collects the split orders, and the positions of dead-lettered messages, into one {@link OrderBatch}. */
public final class BatchAggregation implements AggregationStrategy {

    private final BatchLoader loader;

    public BatchAggregation(BatchLoader loader) {
        this.loader = loader;
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
