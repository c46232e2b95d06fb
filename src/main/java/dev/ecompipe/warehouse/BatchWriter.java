package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.OrderBatch;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a batch is written, for every warehouse and any number of loading processes: one
 * transaction that commits, or rolls back and throws. In order:
 * <ol>
 * <li>stage the batch's rows into the connection's own staging tables (no other loader waits for this);</li>
 * <li>take the load lock: an UPDATE of the one LOAD_LOCK row, the transaction's first write to a shared
 *     table, held until commit, so loaders run the steps below one at a time and each sees what the one
 *     before it committed (enforced keys and isolation levels differ between warehouses; a row lock works
 *     on all of them);</li>
 * <li>fence the offsets: messages at or below their partition's stored offset were settled by another
 *     process that took the partition over while this batch was open; they are left out, not loaded twice;</li>
 * <li>find the orders loaded before: the same content is a duplicate (skipped), other content a conflict
 *     (dead-lettered, the first version stays). Where ORDER_EVENTS' key is {@linkplain Dialect#enforcesOrderKey
 *     enforced}, a batch is first written without this step, and only a batch whose insert the key rejects
 *     is rolled back and written again with it: repeats are rare, and the key finds them per staged order where
 *     the comparison reads every stored one; after a batch that held repeats, the next compares first;</li>
 * <li>insert the new orders into ORDER_EVENTS, then the merge steps of {@code load.sql}, dimensions before the
 *     facts that point at them; skipped when every order was loaded before;</li>
 * <li>store the offsets the batch settles, and hand the conflicts to the dead-letter topic;</li>
 * <li>commit: rows and offsets become visible together, and the lock passes to the next loader.</li>
 * </ol>
 */
final class BatchWriter {

    /** At DEBUG, one line per batch with the milliseconds of each step. */
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final SqlStatements load;
    private final BatchStaging staging;
    private final boolean orderKeyEnforced;
    private final boolean preparesLoadStatements;
    /** The loading connection's load statements by their SQL, prepared at first use where the dialect prepares them. */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    /** Nanoseconds spent in each step over every batch, rolled back ones included, in the order steps first ran. */
    private final Map<String, LongAdder> stepNanos = Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * Whether the last batch that compared first found orders loaded before, whether or not it then committed (a
     * hint only: either way of writing a batch gives the same rows). Repeats come in runs (a producer that sends a
     * day's orders again, a replayed topic), so the batch after such a one compares first rather than being
     * written, rejected by the key and written again; the first batch that finds no repeat ends the run.
     */
    private boolean lastComparedFoundRepeats;
    /** Dates committed to DIM_DATE, by this process or found there; never removed, so never stale. */
    private final Set<Integer> knownDates = ConcurrentHashMap.newKeySet();

    BatchWriter(Dialect dialect) {
        this.load = SqlStatements.load(dialect.name(), "load.sql");
        this.staging = new BatchStaging(dialect);
        this.orderKeyEnforced = dialect.enforcesOrderKey();
        this.preparesLoadStatements = dialect.preparesLoadStatements();
    }

    /**
     * Makes {@code connection} the loading one: creates its staging tables, once per connection, outside any batch
     * (DDL may commit), and lets go of the statements prepared on the one before.
     */
    void prepare(Connection connection) throws SQLException {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("Closing a statement of the previous loading connection failed: {}", e.getMessage());
            }
        }
        prepared.clear();
        try (Statement statement = connection.createStatement()) {
            load.run(statement, "create_stage");
        }
    }

    Warehouse.LoadResult write(Connection connection, OrderBatch batch, Warehouse.ConflictHandler conflicts) throws Exception {
        if (orderKeyEnforced && !lastComparedFoundRepeats) {
            try {
                return write(connection, batch, conflicts, false);
            } catch (OrdersLoadedBefore rejected) {
                LOG.debug("Batch {} repeats orders loaded before, written again comparing first: {}", batch.sequence(),
                        rejected.getCause().getMessage());
            }
        }
        return write(connection, batch, conflicts, true);
    }

    private Warehouse.LoadResult write(Connection connection, OrderBatch batch, Warehouse.ConflictHandler conflicts,
                                       boolean compareFirst) throws Exception {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            Transaction transaction = new Transaction(connection, statement, compareFirst);
            Warehouse.LoadResult result = transaction.write(batch, conflicts);
            connection.commit();
            transaction.timed("commit");
            knownDates.addAll(transaction.insertedDates);
            staging.committed(transaction.staged);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Batch of {} orders, steps in ms: {}", batch.orders().size(), transaction.timings);
            }
            return result;
        } catch (Exception e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Seconds spent in each step so far, for {@link Warehouse#loadStepSeconds}. */
    Map<String, Double> stepSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        synchronized (stepNanos) {
            stepNanos.forEach((step, nanos) -> seconds.put(step, nanos.sum() / 1e9));
        }
        return seconds;
    }

    /** The last settled offset per partition. */
    Map<TopicPartition, Long> committedOffsets(Connection connection) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(load.single("committed_offsets"))) {
            while (rows.next()) {
                offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        }
        return offsets;
    }

    private final class Transaction {
        private final Connection connection;
        private final Statement statement;
        private final boolean compareFirst;
        private BatchStaging.Staged staged;
        private Set<Integer> insertedDates = Set.of();
        private final StringBuilder timings = new StringBuilder();
        private long stepStarted = System.nanoTime();

        Transaction(Connection connection, Statement statement, boolean compareFirst) {
            this.connection = connection;
            this.statement = statement;
            this.compareFirst = compareFirst;
        }

        /** Notes how long the step that just ended took, for the step totals and the DEBUG line. */
        void timed(String step) {
            long now = System.nanoTime();
            stepNanos.computeIfAbsent(step, name -> new LongAdder()).add(now - stepStarted);
            if (LOG.isDebugEnabled()) {
                timings.append(timings.length() == 0 ? "" : ", ").append(step).append(' ')
                        .append(String.format("%.1f", (now - stepStarted) / 1e6));
            }
            stepStarted = now;
        }

        /** Runs a step's statements; returns the rows its last statement wrote. */
        private int run(String step) throws SQLException {
            int rows = 0;
            for (String sql : load.block(step)) {
                rows = execute(sql);
            }
            timed(step);
            return rows;
        }

        /** Runs one statement; returns the rows it wrote. */
        private int execute(String sql) throws SQLException {
            if (!preparesLoadStatements) {
                statement.execute(sql);
                return statement.getUpdateCount();
            }
            PreparedStatement reused = prepared.get(sql);
            if (reused == null) {
                reused = connection.prepareStatement(sql);
                prepared.put(sql, reused);
            }
            try {
                reused.execute();
                return reused.getUpdateCount();
            } catch (SQLException e) {
                // DuckDB closes a statement whose execution failed; the next batch prepares it again
                prepared.remove(sql);
                reused.close();
                throw e;
            }
        }

        Warehouse.LoadResult write(OrderBatch collected, Warehouse.ConflictHandler conflicts) throws Exception {
            stage(collected);
            run("lock");
            OrderBatch batch = collected.unsettled(committedOffsets(connection));
            timed("fence");
            if (batch != collected) {
                stage(batch);
            }
            Outcome outcome = new Outcome(batch, collected.messages() - batch.messages());
            if (!batch.orders().isEmpty()) {
                Map<String, Boolean> loadedBefore = compareFirst ? findAndDropLoadedBefore() : Map.of();
                if (compareFirst) {
                    lastComparedFoundRepeats = !loadedBefore.isEmpty();
                }
                outcome.loadedBefore(loadedBefore);
                if (loadedBefore.size() < batch.orders().size()) {
                    insertOrderEvents();
                    staging.stageLatestProductLines(connection, staged, loadedBefore.keySet());
                    timed("stage_products");
                    merge();
                    insertedDates = staged.dates();
                }
            }
            run("save_offsets");
            if (!outcome.conflicting.isEmpty()) {
                conflicts.deadLetter(outcome.conflicting);
                timed("publish_conflicts");
            }
            return outcome.result();
        }

        /**
         * The merge steps of load.sql, dimensions before the facts that point at them. A step is skipped only
         * when its input is known to be empty, so it could change nothing: the dates when none was staged, the
         * lookups around split runs when the last statement of place_price_lines found no line inside a run of
         * another price, the re-pointing of facts when the last statement of rebuild_customers found nothing
         * whose customer version could have moved.
         */
        private void merge() throws SQLException {
            if (!staged.dates().isEmpty()) {
                run("insert_dates");
            }
            run("merge_products");
            if (run("place_price_lines") > 0) {
                run("read_split_lines");
            }
            run("reprice_products");
            if (run("rebuild_customers") > 0) {
                run("repoint_moved_facts");
            }
            run("insert_facts");
        }

        private void stage(OrderBatch batch) throws SQLException {
            run("clear_stage");
            staged = staging.stage(connection, batch, knownDates);
            timed("stage");
        }

        private Map<String, Boolean> findAndDropLoadedBefore() throws SQLException {
            Map<String, Boolean> loadedBefore = findLoadedBefore();
            timed("find_already_loaded");
            if (!loadedBefore.isEmpty()) {
                run("drop_already_loaded");
            }
            return loadedBefore;
        }

        /** Without comparing first, an order loaded before makes the enforced key reject the insert. */
        private void insertOrderEvents() throws SQLException, OrdersLoadedBefore {
            try {
                run("insert_order_events");
            } catch (SQLException e) {
                timed("insert_order_events");
                if (compareFirst) {
                    throw e;
                }
                throw new OrdersLoadedBefore(e);
            }
        }

        /**
         * For each staged order_id already in ORDER_EVENTS: whether its content is the same. The block's last
         * statement reads them; any statements before it prepare that read.
         */
        private Map<String, Boolean> findLoadedBefore() throws SQLException {
            List<String> block = load.block("find_already_loaded");
            for (String sql : block.subList(0, block.size() - 1)) {
                execute(sql);
            }
            Map<String, Boolean> known = new HashMap<>();
            try (ResultSet rows = statement.executeQuery(block.get(block.size() - 1))) {
                while (rows.next()) {
                    known.put(rows.getString(1), rows.getBoolean(2));
                }
            }
            return known;
        }
    }

    /**
     * The enforced key rejected the batch's orders, or the insert failed for another reason: either way the
     * batch is written again comparing first, which loads it or fails with the real cause.
     */
    private static final class OrdersLoadedBefore extends Exception {
        OrdersLoadedBefore(SQLException cause) {
            super(cause);
        }
    }

    /** What a batch came to: orders loaded, skipped as duplicates, dead-lettered as conflicts. */
    private static final class Outcome {
        private final OrderBatch batch;
        private final int settledElsewhere;
        private final List<IncomingOrder> conflicting;
        private int alreadyLoaded;
        private int alreadyLoadedLines;
        private int duplicates;

        Outcome(OrderBatch batch, int settledElsewhere) {
            this.batch = batch;
            this.settledElsewhere = settledElsewhere;
            this.conflicting = new ArrayList<>(batch.conflicts());
            this.duplicates = batch.duplicates();
        }

        void loadedBefore(Map<String, Boolean> sameContentById) {
            if (sameContentById.isEmpty()) {
                return;
            }
            for (IncomingOrder incoming : batch.orders()) {
                Boolean sameContent = sameContentById.get(incoming.orderId());
                if (sameContent == null) {
                    continue;
                }
                alreadyLoaded++;
                alreadyLoadedLines += incoming.order().lines().size();
                if (sameContent) {
                    duplicates++;
                } else {
                    conflicting.add(incoming);
                }
            }
        }

        Warehouse.LoadResult result() {
            return new Warehouse.LoadResult(batch.orders().size() - alreadyLoaded, batch.lineCount() - alreadyLoadedLines,
                    duplicates, conflicting.size(), settledElsewhere);
        }
    }
}
