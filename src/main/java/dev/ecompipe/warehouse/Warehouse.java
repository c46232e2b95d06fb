package dev.ecompipe.warehouse;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.OrderBatch;
import org.apache.kafka.common.TopicPartition;

/** The star-schema warehouse (README: The warehouse): a DuckDB file by default, PostgreSQL or Snowflake shared by several loaders. */
public interface Warehouse extends AutoCloseable {

    /** Creates or migrates the schema; safe to repeat. */
    void initSchema() throws WarehouseException;

    /**
     * Loads a batch in one transaction: dimensions, facts and the batch's offsets. Orders already loaded
     * with the same content are skipped; orders already loaded with other content are handed to
     * {@code conflicts} before the transaction commits, so they reach the dead-letter topic first. Messages
     * another loader settled meanwhile (it took their partition over) are left out.
     */
    LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException;

    /** The last settled offset per partition: its message and every one before it are loaded or dead-lettered. */
    Map<TopicPartition, Long> committedOffsets() throws WarehouseException;

    /** The five analytics of {@code sql/analytics.sql}, keyed by the contract's names. */
    Map<String, List<Map<String, Object>>> report(int limit) throws WarehouseException;

    /**
     * Connections for queries beside the loader (the dashboard's analytics), each reading committed data.
     * Only SELECTs may run on them; closing one gives it back.
     */
    DataSource readOnlyDataSource();

    /** Whether a string may hold U+0000; PostgreSQL's text cannot, so the reader refuses such orders there. */
    default boolean storesNulCharacters() {
        return true;
    }

    /**
     * Seconds this process has spent in each step of its batch transactions so far (staging, the lock, each
     * block of {@code load.sql}, publishing conflicting duplicates, the commit), in the order the steps first ran:
     * where the load's time goes.
     */
    default Map<String, Double> loadStepSeconds() {
        return Map.of();
    }

    /** Checks that the warehouse answers a trivial query. */
    void ping() throws WarehouseException;

    @Override
    void close();

    @FunctionalInterface
    interface ConflictHandler {
        void deadLetter(List<IncomingOrder> conflicting) throws Exception;
    }

    /**
     * @param settledElsewhere messages of the batch that another loader had already settled, left out
     */
    record LoadResult(int ordersLoaded, int linesLoaded, int duplicatesSkipped, int conflicts, int settledElsewhere) {
    }
}
