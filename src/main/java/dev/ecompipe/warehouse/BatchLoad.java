package dev.ecompipe.warehouse;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ecompipe.ingest.IncomingOrder;
import dev.ecompipe.ingest.OrderBatch;

/**
 * What every warehouse does the same way in a batch: the steps of {@code sql/<dialect>/load.sql} in their
 * order, and the sorting of orders that were loaded before into duplicates (same content: skipped) and
 * conflicts (other content: dead-lettered, the first version stays). Only filling the staging tables
 * differs between dialects.
 */
final class BatchLoad {

    /** How a dialect fills one kind of staging table with a batch's rows. */
    @FunctionalInterface
    interface Staging {
        void stage(OrderBatch batch) throws SQLException;
    }

    /** How a dialect fills a staging table that must leave out the orders loaded before. */
    @FunctionalInterface
    interface NewOrderStaging {
        void stage(OrderBatch batch, Set<String> loadedBefore) throws SQLException;
    }

    /** The merge blocks, in order: dimensions before the facts that point at them. */
    private static final List<String> MERGE_STEPS = List.of("insert_dates", "insert_order_events", "merge_products",
            "reprice_products", "rebuild_customers", "insert_facts");

    private final OrderBatch batch;
    private final List<IncomingOrder> conflicting;
    private int alreadyLoaded;
    private int alreadyLoadedLines;
    private int duplicates;

    private BatchLoad(OrderBatch batch) {
        this.batch = batch;
        this.conflicting = new ArrayList<>(batch.conflicts());
        this.duplicates = batch.duplicates();
    }

    /**
     * Writes a batch in the transaction the caller has open: staging, the check for orders loaded before,
     * the staging that leaves those out, the merge steps, the offsets; conflicts go to the handler. The
     * caller commits, or rolls back when this throws.
     */
    static Warehouse.LoadResult write(OrderBatch batch, SqlStatements load, Statement statement, Staging offsets,
                                      Staging orders, Staging dates, NewOrderStaging products,
                                      Warehouse.ConflictHandler conflicts) throws Exception {
        load.run(statement, "clear_stage");
        offsets.stage(batch);
        BatchLoad bookkeeping = new BatchLoad(batch);
        if (!batch.orders().isEmpty()) {
            orders.stage(batch);
            dates.stage(batch);
            Map<String, Boolean> known = new HashMap<>();
            try (ResultSet rows = statement.executeQuery(load.single("find_already_loaded"))) {
                while (rows.next()) {
                    known.put(rows.getString(1), rows.getBoolean(2));
                }
            }
            if (!known.isEmpty()) {
                bookkeeping.alreadyLoaded(known);
                load.run(statement, "drop_already_loaded");
            }
            products.stage(batch, known.keySet());
            for (String block : MERGE_STEPS) {
                load.run(statement, block);
            }
        }
        load.run(statement, "save_offsets");
        if (!bookkeeping.conflicting.isEmpty()) {
            conflicts.deadLetter(bookkeeping.conflicting);
        }
        return bookkeeping.result();
    }

    /** @param sameContentById for each staged order_id already in ORDER_EVENTS: whether its content is the same */
    private void alreadyLoaded(Map<String, Boolean> sameContentById) {
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

    private Warehouse.LoadResult result() {
        return new Warehouse.LoadResult(batch.orders().size() - alreadyLoaded, batch.lineCount() - alreadyLoadedLines,
                duplicates, conflicting.size());
    }
}
