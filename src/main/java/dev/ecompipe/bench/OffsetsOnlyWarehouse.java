package dev.ecompipe.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.kafka.common.TopicPartition;

/**
 * A warehouse whose batches cost nothing: a load keeps only the batch's offsets, in memory, and every other
 * question goes to an empty warehouse beside it. The pipeline run on it measures everything a message meets on
 * its way to the warehouse (Kafka, Camel's routes, parsing and validation, the Aggregator, the collector, the
 * compiler) and none of the writing: no writer of any design makes the pipeline faster than that.
 */
final class OffsetsOnlyWarehouse implements Warehouse {

    private final Warehouse empty;
    private final Map<TopicPartition, Long> settled = new ConcurrentHashMap<>();

    OffsetsOnlyWarehouse(Warehouse empty) {
        this.empty = empty;
    }

    @Override
    public void initSchema() throws WarehouseException {
        empty.initSchema();
    }

    @Override
    public LoadResult load(OrderBatch batch, ConflictHandler conflicts) {
        for (KafkaPosition position : batch.lastPositions()) {
            settled.merge(position.topicPartition(), position.offset(), Math::max);
        }
        return new LoadResult(batch.orders().size(), batch.lineCount(), batch.duplicates(), 0, 0);
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() {
        return Map.copyOf(settled);
    }

    @Override
    public Map<String, List<Map<String, Object>>> report(int limit) throws WarehouseException {
        return empty.report(limit);
    }

    @Override
    public DataSource readOnlyDataSource() {
        return empty.readOnlyDataSource();
    }

    @Override
    public void ping() throws WarehouseException {
        empty.ping();
    }

    @Override
    public void close() {
        empty.close();
    }
}
