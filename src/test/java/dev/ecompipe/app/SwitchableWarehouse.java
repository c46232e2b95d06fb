package dev.ecompipe.app;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.kafka.common.TopicPartition;

/** A real warehouse behind a switch that simulates an outage: while down, every call fails. */
final class SwitchableWarehouse implements Warehouse {

    private final Warehouse delegate;
    volatile boolean down;

    SwitchableWarehouse(Warehouse delegate) {
        this.delegate = delegate;
    }

    private void failIfDown() throws WarehouseException {
        if (down) {
            throw new WarehouseException("simulated warehouse outage", new java.io.IOException("connection refused"));
        }
    }

    @Override
    public void initSchema() throws WarehouseException {
        failIfDown();
        delegate.initSchema();
    }

    @Override
    public LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException {
        failIfDown();
        return delegate.load(batch, conflicts);
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() throws WarehouseException {
        failIfDown();
        return delegate.committedOffsets();
    }

    @Override
    public Map<String, List<Map<String, Object>>> report(int limit) throws WarehouseException {
        failIfDown();
        return delegate.report(limit);
    }

    /** The dashboard's queries see the real warehouse; the outage is about loading. */
    @Override
    public DataSource readOnlyDataSource() {
        return delegate.readOnlyDataSource();
    }

    @Override
    public void ping() throws WarehouseException {
        failIfDown();
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
