package dev.ecompipe.warehouse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ecompipe.TestOrders;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the key on ORDER_EVENTS is enforced, a batch is written without comparing first, and one the key rejects is
 * rolled back and written again comparing. Repeats come in runs (a topic replayed, a day's orders sent again): after
 * a batch that held repeats the next compares first and is written once, until a batch compared first holds none.
 */
class BatchWriterRepeatsTest {

    private final List<Order> orders = TestOrders.generate(7, 40);
    private long offset;
    private int sequence;

    @Test
    void afterABatchWithRepeatsTheNextComparesFirstUntilOneHoldsNone() throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement statement = duckdb.createStatement()) {
                for (String sql : SqlStatements.load("duckdb", "schema.sql").all()) {
                    statement.execute(sql);
                }
            }
            AtomicInteger rollbacks = new AtomicInteger();
            Connection connection = countingRollbacks(duckdb, rollbacks);
            BatchWriter writer = new BatchWriter(new DuckDbDialect());
            writer.prepare(connection);

            assertThat(write(writer, connection, orders.subList(0, 10))).isEqualTo(new Warehouse.LoadResult(10, lines(0, 10), 0, 0, 0));
            assertThat(rollbacks).hasValue(0);

            // the first batch of a run of repeats is rejected by the key once
            assertThat(write(writer, connection, orders.subList(0, 5)).duplicatesSkipped()).isEqualTo(5);
            assertThat(rollbacks).hasValue(1);
            // the next ones, repeats or not, compare first and are written once
            assertThat(write(writer, connection, orders.subList(5, 10)).duplicatesSkipped()).isEqualTo(5);
            assertThat(write(writer, connection, orders.subList(10, 20))).isEqualTo(new Warehouse.LoadResult(10, lines(10, 20), 0, 0, 0));
            assertThat(rollbacks).hasValue(1);
            // that last batch held no repeat: the one after it is written without comparing, and the key rejects it
            assertThat(write(writer, connection, orders.subList(15, 25))).isEqualTo(new Warehouse.LoadResult(5, lines(20, 25), 5, 0, 0));
            assertThat(rollbacks).hasValue(2);
        }
    }

    private Warehouse.LoadResult write(BatchWriter writer, Connection connection, List<Order> batchOrders) throws Exception {
        OrderBatch batch = new OrderBatch(sequence++);
        for (Order order : batchOrders) {
            batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 0, offset++),
                    order.customer().customerId(), OrderJson.write(order)));
        }
        return writer.write(connection, batch, conflicts -> { });
    }

    private int lines(int from, int to) {
        return (int) TestOrders.lineCount(orders.subList(from, to));
    }

    /** The DuckDB connection, counting its rollbacks: each is a batch written once more. */
    private static Connection countingRollbacks(Connection target, AtomicInteger rollbacks) {
        return (Connection) Proxy.newProxyInstance(BatchWriterRepeatsTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rollback") && method.getParameterCount() == 0) {
                        rollbacks.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
