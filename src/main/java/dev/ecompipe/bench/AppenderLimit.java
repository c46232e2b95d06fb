package dev.ecompipe.bench;

import java.nio.file.Path;

import dev.ecompipe.order.Order;
import dev.ecompipe.producer.MockOrderGenerator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** The warehouse limit: the DuckDB Appender writing the fact rows of the orders, nothing else. */
final class AppenderLimit {

    private AppenderLimit() {
    }

    static Rate write(Path file, MockOrderGenerator orders, long count) throws Exception {
        try (DuckDBConnection connection = FactRows.freshWarehouse(file)) {
            long started = System.nanoTime();
            long rows = 0;
            long loadedAt = System.currentTimeMillis() * 1_000;
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "FACT_ORDERS")) {
                for (long i = 0; i < count; i++) {
                    Order order = orders.next();
                    int dateKey = FactRows.dateKey(order);
                    long orderTs = FactRows.epochMicros(order);
                    for (Order.Line line : order.lines()) {
                        appender.beginRow()
                                .append(order.orderId())
                                .append(line.lineNumber())
                                .appendNull()
                                .append(FactRows.productKey(line))
                                .append(dateKey)
                                .append(line.quantity())
                                .append(line.unitPrice())
                                .append(line.lineTotal())
                                .appendEpochMicros(orderTs)
                                .append("orders")
                                .append(0)
                                .append(i)
                                .appendEpochMicros(loadedAt)
                                .endRow();
                        rows++;
                    }
                }
            }
            return Rate.since(rows, started);
        }
    }
}
