package dev.ecompipe.ingest;

import dev.ecompipe.batch.OrderBatch;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes completed batches to the warehouse, retrying a failing warehouse with exponential backoff for as
 * long as the application runs, and holds the Kafka consumer back while too many batches wait, so an
 * outage pauses consumption instead of filling the heap.
 * <p>
 * The Aggregator hands completed batches to one thread in the order they were opened; the loader checks
 * that order, because a later batch written before an earlier one could move a partition's stored offset
 * past messages not yet in the warehouse. If a batch has to be given up (the application is stopping),
 * no later batch is written either, so the stored offsets never skip a message; a restart reads them again.
 */
public final class BatchLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);

    private final Warehouse warehouse;
    private final DeadLetters deadLetters;
    private final IngestMetrics stats;
    private final CamelContext context;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final int maxPendingBatches;

    private long opened;
    private long finished;
    private volatile WarehouseException givenUp;

    public BatchLoader(Warehouse warehouse, DeadLetters deadLetters, IngestMetrics stats, CamelContext context,
                       long initialBackoffMs, long maxBackoffMs, int maxPendingBatches) {
        this.warehouse = warehouse;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.context = context;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.maxPendingBatches = maxPendingBatches;
    }

    /** A new, empty batch, numbered in the order batches are opened. */
    public synchronized OrderBatch openBatch() {
        return new OrderBatch(opened++);
    }

    /** True when no completed batch waits or is being written: only the open one exists. */
    public synchronized boolean idle() {
        return opened - finished <= 1;
    }

    /** Blocks the calling (consumer) thread while more batches than allowed wait to be written. */
    public synchronized void awaitCapacity() throws InterruptedException {
        while (opened - finished > maxPendingBatches) {
            wait(1_000);
        }
    }

    public void load(OrderBatch batch) throws WarehouseException, InterruptedException {
        try {
            synchronized (this) {
                if (batch.sequence() != finished) {
                    throw new IllegalStateException("Batch " + batch.sequence() + " arrived before batch " + finished);
                }
            }
            if (givenUp != null) {
                throw new WarehouseException("Batch " + batch.sequence() + " is not loaded because an earlier batch"
                        + " was given up; its messages are read again after a restart.", givenUp);
            }
            long started = System.nanoTime();
            Warehouse.LoadResult result = loadWithRetry(batch);
            long elapsed = System.nanoTime() - started;
            stats.loaded(batch.messages(), result.ordersLoaded(), result.linesLoaded(), result.duplicatesSkipped(), elapsed);
            stats.committed(batch.producedAtMillis(), batch.timestampCount());
            LOG.debug("Batch {}: {} messages, {} orders and {} lines loaded, {} duplicates, {} conflicts in {} ms",
                    batch.sequence(), batch.messages(), result.ordersLoaded(), result.linesLoaded(),
                    result.duplicatesSkipped(), result.conflicts(), elapsed / 1_000_000);
            if (result.settledElsewhere() > 0) {
                LOG.info("Batch {}: {} of its messages had been settled by another instance that took their partitions"
                        + " over; they were left out", batch.sequence(), result.settledElsewhere());
            }
        } finally {
            synchronized (this) {
                finished++;
                notifyAll();
            }
        }
    }

    private Warehouse.LoadResult loadWithRetry(OrderBatch batch) throws WarehouseException, InterruptedException {
        long backoff = initialBackoffMs;
        for (int attempt = 1; ; attempt++) {
            try {
                return warehouse.load(batch, deadLetters::publishConflicting);
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
}
