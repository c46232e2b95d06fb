package dev.ecompipe.warehouse;

import org.apache.camel.spi.StateRepository;
import org.apache.kafka.common.TopicPartition;
import org.apache.camel.support.service.ServiceSupport;

/**
 * camel-kafka's offset repository backed by the warehouse's INGEST_OFFSETS table: on partition
 * assignment the consumer seeks to the offset after the last one whose message is in the warehouse or on
 * the dead-letter topic. Only the warehouse's load transaction writes offsets, together with the rows they
 * cover; camel-kafka's own per-record updates arrive before the batch is written, so they are ignored.
 */
public final class WarehouseOffsetRepository extends ServiceSupport implements StateRepository<String, String> {

    private final Warehouse warehouse;

    public WarehouseOffsetRepository(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public String getState(String offsetKey) {
        try {
            Long offset = warehouse.committedOffsets().get(topicPartition(offsetKey));
            return offset == null ? null : offset.toString();
        } catch (WarehouseException e) {
            throw new IllegalStateException("The committed offsets cannot be read from the warehouse: " + e.getMessage(), e);
        }
    }

    /** camel-kafka keys a partition's offset as "topic/partition"; topic names cannot hold a slash. */
    static TopicPartition topicPartition(String offsetKey) {
        int slash = offsetKey.lastIndexOf('/');
        return new TopicPartition(offsetKey.substring(0, slash), Integer.parseInt(offsetKey.substring(slash + 1)));
    }

    @Override
    public void setState(String topicPartition, String lastProcessedOffset) {
        // written by the warehouse in the batch transaction, see the class comment
    }
}
