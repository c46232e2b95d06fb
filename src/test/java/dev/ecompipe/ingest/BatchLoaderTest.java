package dev.ecompipe.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.warehouse.WarehouseException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The consumer's wait for capacity, counted in batches opened, closed by the Aggregator and written; and no batch
 * after a lost poll.
 */
class BatchLoaderTest {

    private static final int MAX_PENDING = 2;

    private final CamelContext context = new DefaultCamelContext();
    private final RecordingWarehouse warehouse = new RecordingWarehouse();
    private final BatchLoader loader = new BatchLoader(warehouse,
            new DeadLetters(context.createProducerTemplate()), new PipelineStats(new SimpleMeterRegistry()), context, MAX_PENDING);

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    @Test
    void anOpenBatchTakesTheNextMessageWhileTheAllowedBatchesWait() throws Exception {
        loader.closed(loader.openBatch());
        loader.closed(loader.openBatch());
        loader.openBatch();

        assertThat(waitForCapacity().get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aNewBatchWaitsUntilOneOfTheAllowedIsWritten() throws Exception {
        OrderBatch first = loader.openBatch();
        loader.closed(first);
        loader.closed(loader.openBatch());

        CompletableFuture<Boolean> waiting = waitForCapacity();
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        loader.write(first);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aBatchOpenedJustAfterTheTimeoutClosedTheOpenOneIsTheLastThatGetsIn() throws Exception {
        OrderBatch first = loader.openBatch();
        loader.closed(first);
        loader.closed(loader.openBatch());
        // a message passes the wait while this batch is open; the inactivity timeout closes it before the
        // message reaches the Aggregator, so the message opens one batch more than allowed
        loader.closed(loader.openBatch());
        loader.openBatch();

        CompletableFuture<Boolean> waiting = waitForCapacity();
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        loader.write(first);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterAPollIsLostNoLaterBatchIsWrittenSoNoOffsetPassesItsRecords() throws Exception {
        OrderBatch before = loader.openBatch();
        loader.closed(before);
        Exchange poll = new DefaultExchange(context);
        poll.setException(new InterruptedException("stopping"));

        loader.pollLost(poll);

        assertThatThrownBy(() -> loader.write(before)).isInstanceOf(WarehouseException.class)
                .hasMessageContaining("is not loaded because an earlier batch or poll was given up");
        assertThat(warehouse.batches).isEmpty();
    }

    private CompletableFuture<Boolean> waitForCapacity() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                loader.awaitCapacity();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
