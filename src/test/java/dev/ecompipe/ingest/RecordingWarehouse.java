package dev.ecompipe.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.kafka.common.TopicPartition;

/** A warehouse for route-level tests: records the batches it is given and can fail a number of times first. */
final class RecordingWarehouse implements Warehouse {

    final List<OrderBatch> batches = new CopyOnWriteArrayList<>();
    final List<Long> batchArrivalNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();
    /** How long each load takes, as a slow warehouse's fixed cost per batch. */
    volatile long loadMillis;

    @Override
    public void initSchema() {
    }

    @Override
    public LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException {
        attempts.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new WarehouseException("simulated outage", new RuntimeException("connection refused"));
        }
        if (loadMillis > 0) {
            try {
                Thread.sleep(loadMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WarehouseException("interrupted", e);
            }
        }
        batches.add(batch);
        batchArrivalNanos.add(System.nanoTime());
        return new LoadResult(batch.orders().size(), batch.lineCount(), batch.duplicates(), 0, 0);
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() {
        return Map.of();
    }

    @Override
    public Map<String, List<Map<String, Object>>> report(int limit) {
        throw new UnsupportedOperationException("route tests do not report");
    }

    @Override
    public DataSource readOnlyDataSource() {
        throw new UnsupportedOperationException("route tests do not query");
    }

    @Override
    public void ping() {
    }

    @Override
    public void close() {
    }

    int messagesLoaded() {
        return batches.stream().mapToInt(OrderBatch::messages).sum();
    }
}
