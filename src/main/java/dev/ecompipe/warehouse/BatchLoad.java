package dev.ecompipe.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ecompipe.ingest.IncomingOrder;
import dev.ecompipe.ingest.OrderBatch;

/**
 * What every warehouse does the same way in a batch: the order of the merge steps in
 * {@code sql/<dialect>/load.sql}, and the sorting of orders that were loaded before into duplicates
 * (same content: skipped) and conflicts (other content: dead-lettered, the first version stays).
 */
final class BatchLoad {

    /** The merge blocks, in order: dimensions before the facts that point at them. */
    static final List<String> MERGE_STEPS = List.of("insert_dates", "insert_order_events", "merge_products",
            "reprice_products", "rebuild_customers", "insert_facts");

    private final OrderBatch batch;
    private final List<IncomingOrder> conflicting;
    private int alreadyLoaded;
    private int alreadyLoadedLines;
    private int duplicates;

    BatchLoad(OrderBatch batch) {
        this.batch = batch;
        this.conflicting = new ArrayList<>(batch.conflicts());
        this.duplicates = batch.duplicates();
    }

    /** @param sameContentById for each staged order_id already in ORDER_EVENTS: whether its content is the same */
    void alreadyLoaded(Map<String, Boolean> sameContentById) {
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

    List<IncomingOrder> conflicting() {
        return conflicting;
    }

    Warehouse.LoadResult result() {
        return new Warehouse.LoadResult(batch.orders().size() - alreadyLoaded, batch.lineCount() - alreadyLoadedLines,
                duplicates, conflicting.size());
    }
}
