package dev.ecompipe.ops;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one process run; the throughput log, the run summary and the metrics read them. */
public final class PipelineStats {

    private final long startedNanos = System.nanoTime();
    private final LongAdder produced = new LongAdder();
    private final LongAdder ordersLoaded = new LongAdder();
    private final LongAdder linesLoaded = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder duplicatesSkipped = new LongAdder();
    private final LongAdder batches = new LongAdder();

    public void produced(long count) {
        produced.add(count);
    }

    public void loaded(int orders, int lines, int duplicates) {
        ordersLoaded.add(orders);
        linesLoaded.add(lines);
        duplicatesSkipped.add(duplicates);
        batches.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public long produced() {
        return produced.sum();
    }

    public long ordersLoaded() {
        return ordersLoaded.sum();
    }

    public long linesLoaded() {
        return linesLoaded.sum();
    }

    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
