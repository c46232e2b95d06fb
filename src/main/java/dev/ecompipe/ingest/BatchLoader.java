package dev.ecompipe.ingest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to the warehouse strictly in the order they were opened, retrying a failing warehouse
 * with exponential backoff for as long as the application runs. The Aggregator completes batches on two
 * threads (the consumer's, by size, and its timeout checker's), so without the ordering a later batch
 * could move a partition's stored offset past an earlier batch that is still being retried.
 * If a batch has to be given up (the application is stopping), no later batch is written either, so the
 * stored offsets never skip a message; a restart reads them again.
 */
public final class BatchLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);

    private final Warehouse warehouse;
    private final DeadLetters deadLetters;
    private final PipelineStats stats;
    private final CamelContext context;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnChanged = lock.newCondition();
    private long nextSequence;
    private volatile WarehouseException givenUp;

    public BatchLoader(Warehouse warehouse, DeadLetters deadLetters, PipelineStats stats, CamelContext context,
                       long initialBackoffMs, long maxBackoffMs) {
        this.warehouse = warehouse;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.context = context;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    public void load(OrderBatch batch) throws WarehouseException, InterruptedException {
        awaitTurn(batch.sequence());
        try {
            if (givenUp != null) {
                throw new WarehouseException("Batch " + batch.sequence() + " is not loaded because an earlier batch"
                        + " was given up; its messages are read again after a restart.", givenUp);
            }
            long started = System.nanoTime();
            Warehouse.LoadResult result = loadWithRetry(batch);
            stats.loaded(result.ordersLoaded(), result.linesLoaded(), result.duplicatesSkipped());
            LOG.debug("Batch {}: {} messages, {} orders and {} lines loaded, {} duplicates, {} conflicts in {} ms",
                    batch.sequence(), batch.messages(), result.ordersLoaded(), result.linesLoaded(),
                    result.duplicatesSkipped(), result.conflicts(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            passTurn();
        }
    }

    private Warehouse.LoadResult loadWithRetry(OrderBatch batch) throws WarehouseException, InterruptedException {
        long backoff = initialBackoffMs;
        for (int attempt = 1; ; attempt++) {
            try {
                return warehouse.load(batch, deadLetters::conflicting);
            } catch (WarehouseException e) {
                if (context.isStopping() || context.isStopped()) {
                    givenUp = e;
                    LOG.error("Batch {} could not be loaded while stopping; its messages are read again after a restart: {}",
                            batch.sequence(), e.getMessage());
                    throw e;
                }
                LOG.warn("Batch {} failed on attempt {}, retrying in {} ms: {}", batch.sequence(), attempt, backoff,
                        e.getMessage());
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, maxBackoffMs);
            }
        }
    }

    private void awaitTurn(long sequence) throws InterruptedException {
        lock.lock();
        try {
            while (nextSequence != sequence) {
                turnChanged.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void passTurn() {
        lock.lock();
        try {
            nextSequence++;
            turnChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
