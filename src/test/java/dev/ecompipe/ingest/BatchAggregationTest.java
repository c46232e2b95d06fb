package dev.ecompipe.ingest;

import dev.ecompipe.batch.OrderBatch;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a batch that is not full is due: old enough, and only while the loader has nothing else to write. */
class BatchAggregationTest {

    private static final long MAX_AGE_MS = 50;

    private final BatchLoader loader = new BatchLoader(null, null, null, null, 2);
    private final BatchAggregation aggregation = new BatchAggregation(loader, MAX_AGE_MS);

    private Exchange holding(OrderBatch batch) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(batch);
        return exchange;
    }

    @Test
    void aYoungBatchIsNotDue() {
        assertThat(aggregation.due(holding(loader.openBatch()))).isFalse();
    }

    @Test
    void anOldBatchIsDueWhenTheLoaderIsIdle() throws InterruptedException {
        Exchange open = holding(loader.openBatch());
        Thread.sleep(MAX_AGE_MS + 10);
        assertThat(loader.idle()).isTrue();
        assertThat(aggregation.due(open)).isTrue();
    }

    @Test
    void anOldBatchKeepsGrowingWhileAnEarlierOneWaitsForTheLoader() throws InterruptedException {
        aggregation.onCompletion(holding(loader.openBatch()));
        Exchange open = holding(loader.openBatch());
        Thread.sleep(MAX_AGE_MS + 10);
        assertThat(loader.idle()).isFalse();
        assertThat(aggregation.due(open)).isFalse();
    }
}
