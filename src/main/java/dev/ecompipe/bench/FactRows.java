package dev.ecompipe.bench;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;

import dev.ecompipe.order.Order;
import dev.ecompipe.warehouse.DuckDbLibrary;
import dev.ecompipe.warehouse.DuckDbWarehouse;
import dev.ecompipe.warehouse.SqlStatements;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.duckdb.DuckDBConnection;

/**
 * The fact rows the limit and the baseline write straight into FACT_ORDERS of a fresh warehouse file,
 * without dimensions: the least work a loader of these orders can do.
 */
final class FactRows {

    static final SqlStatements SQL = SqlStatements.load("duckdb", "bench.sql");

    private FactRows() {
    }

    /** A new warehouse file with the project's schema, and a connection to it. */
    static DuckDBConnection freshWarehouse(Path file) throws SQLException, WarehouseException {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.initSchema();
        }
        return DuckDbLibrary.connect(file).unwrap(DuckDBConnection.class);
    }

    static long productKey(Order.Line line) {
        return line.productId().hashCode();
    }

    static int dateKey(Order order) {
        var date = order.orderTs().atOffset(ZoneOffset.UTC).toLocalDate();
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    static long epochMicros(Order order) {
        return order.orderTs().getEpochSecond() * 1_000_000 + order.orderTs().getNano() / 1_000;
    }

    /** Binds one fact row, as the JDBC baselines write it, to the 11 parameters of their INSERT. */
    static void bind(PreparedStatement statement, Order order, Order.Line line, ConsumerRecord<?, ?> record)
            throws SQLException {
        statement.setString(1, order.orderId());
        statement.setInt(2, line.lineNumber());
        statement.setLong(3, productKey(line));
        statement.setInt(4, dateKey(order));
        statement.setInt(5, line.quantity());
        statement.setBigDecimal(6, line.unitPrice());
        statement.setBigDecimal(7, line.lineTotal());
        statement.setTimestamp(8, Timestamp.from(order.orderTs()));
        statement.setString(9, record.topic());
        statement.setInt(10, record.partition());
        statement.setLong(11, record.offset());
    }
}
