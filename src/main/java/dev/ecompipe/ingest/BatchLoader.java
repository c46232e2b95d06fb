package dev.ecompipe.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import dev.ecompipe.batch.OrderBatch;

import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands completed batches to the warehouse in the order they were opened, and holds the Kafka consumer back
 * while too many batches wait, so an outage pauses consumption instead of filling the heap. A failing write
 * is retried by the {@code write-batch} route's error handler, with exponential backoff, for as long as
 * {@link #keepRetrying} says so: while the application runs.
 * <p>
 * The loader checks the order, because a later batch written before an earlier one could move a partition's
 * stored offset past messages not yet in the warehouse. If a batch has to be given up (the application is
 * stopping), no later batch is written either, so the stored offsets never skip a message; a restart reads
 * them again. Each batch is counted finished once: when it is written, or when it is given up or refused.
 */
public final class BatchLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
    /** Batches are written one at a time, so the writing thread's CPU time bounds how many orders a second can load. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Warehouse warehouse;
    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final CamelContext context;
    private final int maxPendingBatches;

    private long opened;
    private long closed;
    private long finished;
    private volatile WarehouseException givenUp;

    public BatchLoader(Warehouse warehouse, DeadLetters deadLetters, IngestMetrics metrics, CamelContext context,
                       int maxPendingBatches) {
        this.warehouse = warehouse;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.context = context;
        this.maxPendingBatches = maxPendingBatches;
    }

    /** A new, empty batch, numbered in the order batches are opened. */
    public synchronized OrderBatch openBatch() {
        return new OrderBatch(opened++);
    }

    /** The Aggregator completed the batch: no message joins it any more, and it waits for the warehouse. */
    public synchronized void closed(OrderBatch batch) {
        closed = batch.sequence() + 1;
    }

    /** True when no completed batch waits or is being written. */
    public synchronized boolean idle() {
        return closed == finished;
    }

    /**
     * Blocks the calling (consumer) thread while the poll would open a new batch and as many completed batches
     * as allowed wait to be written. An open batch always takes the next poll: held back, it would be
     * completed by the inactivity timeout with the few messages it had, and a batch costs the warehouse nearly
     * as much with one message as with thousands, so a loader once behind would never catch up.
     */
    public synchronized void awaitCapacity() throws InterruptedException {
        // the second condition is a ceiling for the rare poll that passes while a batch is open and reaches the
        // Aggregator only after the inactivity timeout closed that batch: it opens one more, and no further
        while ((opened == closed && closed - finished >= maxPendingBatches) || opened - finished > maxPendingBatches + 1) {
            wait(1_000);
        }
    }

    /**
     * A poll failed as a whole, so its records joined no batch (only the stop interrupting the wait for capacity
     * does that): no later batch is written, or its offsets would pass over them; a restart reads them again.
     */
    public void pollLost(Exchange poll) {
        Throwable cause = poll.getException() != null ? poll.getException()
                : poll.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (givenUp == null) {
            givenUp = new WarehouseException("A Kafka poll could not join a batch", cause);
            LOG.error("A Kafka poll could not join a batch ({}); no later batch is loaded, and its messages are read"
                    + " again after a restart", String.valueOf(cause));
        }
    }

    /** Writes one batch in one warehouse transaction; called again by the error handler while it fails. */
    public void write(OrderBatch batch) throws WarehouseException {
        synchronized (this) {
            if (batch.sequence() != finished) {
                throw new IllegalStateException("Batch " + batch.sequence() + " arrived before batch " + finished);
            }
        }
        if (givenUp != null) {
            throw new WarehouseException("Batch " + batch.sequence() + " is not loaded because an earlier batch"
                    + " or poll was given up; its messages are read again after a restart.", givenUp);
        }
        long started = System.nanoTime();
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        long coreWaitStarted = CoreWait.nanos();
        Warehouse.LoadResult result = warehouse.load(batch, deadLetters::publishConflicting);
        long elapsed = System.nanoTime() - started;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStarted;
        long coreWait = coreWaitStarted < 0 ? -1 : CoreWait.nanos() - coreWaitStarted;
        metrics.loaded(batch.messages(), result.ordersLoaded(), result.linesLoaded(), result.duplicatesSkipped(), elapsed,
                cpu, coreWait);
        metrics.committed(batch.producedAtMillis(), batch.timestampCount());
        LOG.debug("Batch {}: {} messages, {} orders and {} lines loaded, {} duplicates, {} conflicts in {} ms",
                batch.sequence(), batch.messages(), result.ordersLoaded(), result.linesLoaded(),
                result.duplicatesSkipped(), result.conflicts(), elapsed / 1_000_000);
        if (result.settledElsewhere() > 0) {
            LOG.info("Batch {}: {} of its messages had been settled by another instance that took their partitions"
                    + " over; they were left out", batch.sequence(), result.settledElsewhere());
        }
        finish(batch);
    }

    /**
     * The error handler's retry-while predicate, asked after each failed {@link #write}: a failing warehouse is
     * retried while the application runs. Otherwise the batch is finished unwritten; when it is given up because
     * the application stops, every later batch is refused.
     */
    public boolean keepRetrying(Exchange exchange) {
        OrderBatch batch = exchange.getMessage().getBody(OrderBatch.class);
        // while the error handler decides, the exception is set aside as the caught exception
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        WarehouseException failure = ObjectHelper.getException(WarehouseException.class, caught);
        if (failure != null && givenUp == null) {
            if (!context.isStopping() && !context.isStopped()) {
                return true;
            }
            givenUp = failure;
            LOG.error("Batch {} could not be loaded while stopping; its messages are read again after a restart: {}",
                    batch.sequence(), failure.getMessage());
        }
        finish(batch);
        return false;
    }

    private synchronized void finish(OrderBatch batch) {
        if (batch.sequence() == finished) {
            finished++;
            notifyAll();
        }
    }
}
