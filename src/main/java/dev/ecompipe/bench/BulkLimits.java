package dev.ecompipe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.order.Order;
import dev.ecompipe.producer.MockOrderGenerator;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The warehouse's bulk limits: the fact rows of the backlog written into FACT_ORDERS of a fresh DuckDB file,
 * nothing else, by the fastest paths there are from Java. The rows are built in memory first (generating
 * mock orders is not loading); each path then writes them in transactions of a fixed number of rows:
 * <ul>
 * <li>the Appender used carefully: one row at a time, primitives only (DECIMAL(9,2) as its unscaled int,
 *     DECIMAL(18,2) as its unscaled long, timestamps as epoch microseconds);</li>
 * <li>Arrow: the rows of a transaction built into Arrow vectors (counted), exported as a C stream,
 *     {@code registerArrowStream} and one {@code INSERT ... SELECT}.</li>
 * </ul>
 * Run in a JVM of its own ({@link ChildJvm} opens what Arrow needs), by
 * {@code main(workDir, seed, orders, rowsPerTransaction...)}, which prints one JSON object.
 */
public final class BulkLimits {

    /** The columns of the fact rows, built once. */
    private static final class Rows {
        final int size;
        final String[] orderId;
        final int[] lineNumber;
        final long[] productKey;
        final int[] dateKey;
        final int[] quantity;
        final int[] unitPriceCents;
        final long[] lineTotalCents;
        final long[] orderTsMicros;
        final long[] offset;

        Rows(long seed, long orders, Instant end) {
            MockOrderGenerator generator = MockOrderGenerator.standard(seed, orders, end);
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, orders * 4 + 16);
            String[] ids = new String[capacity];
            int[] numbers = new int[capacity];
            long[] products = new long[capacity];
            int[] dates = new int[capacity];
            int[] quantities = new int[capacity];
            int[] prices = new int[capacity];
            long[] totals = new long[capacity];
            long[] timestamps = new long[capacity];
            long[] offsets = new long[capacity];
            int row = 0;
            for (long o = 0; o < orders; o++) {
                Order order = generator.next();
                if (row + order.lines().size() > capacity) {
                    capacity = capacity * 2;
                    ids = java.util.Arrays.copyOf(ids, capacity);
                    numbers = java.util.Arrays.copyOf(numbers, capacity);
                    products = java.util.Arrays.copyOf(products, capacity);
                    dates = java.util.Arrays.copyOf(dates, capacity);
                    quantities = java.util.Arrays.copyOf(quantities, capacity);
                    prices = java.util.Arrays.copyOf(prices, capacity);
                    totals = java.util.Arrays.copyOf(totals, capacity);
                    timestamps = java.util.Arrays.copyOf(timestamps, capacity);
                    offsets = java.util.Arrays.copyOf(offsets, capacity);
                }
                for (Order.Line line : order.lines()) {
                    ids[row] = order.orderId();
                    numbers[row] = line.lineNumber();
                    products[row] = FactRows.productKey(line);
                    dates[row] = FactRows.dateKey(order);
                    quantities[row] = line.quantity();
                    prices[row] = line.unitPrice().movePointRight(2).intValueExact();
                    totals[row] = line.lineTotal().movePointRight(2).longValueExact();
                    timestamps[row] = FactRows.epochMicros(order);
                    offsets[row] = o;
                    row++;
                }
            }
            size = row;
            orderId = ids;
            lineNumber = numbers;
            productKey = products;
            dateKey = dates;
            quantity = quantities;
            unitPriceCents = prices;
            lineTotalCents = totals;
            orderTsMicros = timestamps;
            offset = offsets;
        }
    }

    private static final int WARM_ROWS = 60_000;

    private BulkLimits() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        long orders = Long.parseLong(args[2]);
        Instant end = Instant.ofEpochMilli(Long.parseLong(args[3]));
        Rows rows = new Rows(seed, orders, end);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("rows", rows.size);
        for (int i = 4; i < args.length; i++) {
            int perTransaction = Integer.parseInt(args[i]);
            for (String file : new String[] {"appender-", "arrow-", "warm-appender", "warm-arrow"}) {
                String name = file.startsWith("warm") ? file : file + perTransaction;
                java.nio.file.Files.deleteIfExists(work.resolve(name + ".duckdb"));
                java.nio.file.Files.deleteIfExists(work.resolve(name + ".duckdb.wal"));
            }
            // each path once over its first rows first, untimed, so that the timed pass runs compiled code
            int warm = Math.min(rows.size, 4 * WARM_ROWS);
            appender(work.resolve("warm-appender.duckdb"), rows, warm, perTransaction);
            results.put("appender_" + perTransaction, appender(work.resolve("appender-" + perTransaction + ".duckdb"), rows, rows.size, perTransaction));
            arrow(work.resolve("warm-arrow.duckdb"), rows, warm, perTransaction);
            results.put("arrow_" + perTransaction, arrow(work.resolve("arrow-" + perTransaction + ".duckdb"), rows, rows.size, perTransaction));
        }
        System.out.println(new ObjectMapper().writeValueAsString(results));
    }

    private static double appender(Path file, Rows rows, int size, int perTransaction) throws Exception {
        try (DuckDBConnection connection = FactRows.freshWarehouse(file)) {
            long loadedAt = System.currentTimeMillis() * 1_000;
            long started = System.nanoTime();
            for (int from = 0; from < size; from += perTransaction) {
                int to = Math.min(size, from + perTransaction);
                connection.setAutoCommit(false);
                try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "FACT_ORDERS")) {
                    for (int r = from; r < to; r++) {
                        appender.beginRow()
                                .append(rows.orderId[r])
                                .append(rows.lineNumber[r])
                                .appendNull()
                                .append(rows.productKey[r])
                                .append(rows.dateKey[r])
                                .append(rows.quantity[r])
                                .appendDecimal(rows.unitPriceCents[r])
                                .appendDecimal(rows.lineTotalCents[r])
                                .appendEpochMicros(rows.orderTsMicros[r])
                                .append("orders")
                                .append(0)
                                .append(rows.offset[r])
                                .appendEpochMicros(loadedAt)
                                .endRow();
                    }
                }
                connection.commit();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            check(connection, size);
            return Math.round(size / seconds);
        }
    }

    private static double arrow(Path file, Rows rows, int size, int perTransaction) throws Exception {
        try (DuckDBConnection connection = FactRows.freshWarehouse(file);
             BufferAllocator allocator = new RootAllocator();
             Statement statement = connection.createStatement()) {
            long loadedAt = System.currentTimeMillis() * 1_000;
            long started = System.nanoTime();
            connection.setAutoCommit(false);
            for (int from = 0; from < size; from += perTransaction) {
                int to = Math.min(size, from + perTransaction);
                try (FactReader reader = new FactReader(allocator, rows, from, to, loadedAt);
                     ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                    Data.exportArrayStream(allocator, reader, stream);
                    connection.registerArrowStream("fact_rows", stream);
                    statement.execute("INSERT INTO FACT_ORDERS SELECT * FROM fact_rows");
                }
                connection.commit();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            check(connection, size);
            return Math.round(size / seconds);
        }
    }

    private static void check(DuckDBConnection connection, long expected) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM FACT_ORDERS")) {
            result.next();
            if (result.getLong(1) != expected) {
                throw new IllegalStateException("FACT_ORDERS of " + connection.getCatalog() + " holds " + result.getLong(1) + " rows, not " + expected);
            }
        }
    }

    /** Rows [from, to) as Arrow record batches of at most 60,000 rows, built as DuckDB pulls them. */
    private static final class FactReader extends ArrowReader {
        private static final int CHUNK = 60_000;
        private static final byte[] TOPIC = "orders".getBytes(StandardCharsets.UTF_8);
        private final Rows rows;
        private final long loadedAt;
        private final int to;
        private int next;

        FactReader(BufferAllocator allocator, Rows rows, int from, int to, long loadedAt) {
            super(allocator);
            this.rows = rows;
            this.next = from;
            this.to = to;
            this.loadedAt = loadedAt;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (next >= to) {
                return false;
            }
            int end = Math.min(to, next + CHUNK);
            int count = end - next;
            VectorSchemaRoot root = getVectorSchemaRoot();
            for (var vector : root.getFieldVectors()) {
                vector.setInitialCapacity(count);
                vector.allocateNew();
            }
            VarCharVector orderId = (VarCharVector) root.getVector(0);
            IntVector lineNumber = (IntVector) root.getVector(1);
            BigIntVector customerKey = (BigIntVector) root.getVector(2);
            BigIntVector productKey = (BigIntVector) root.getVector(3);
            IntVector dateKey = (IntVector) root.getVector(4);
            IntVector quantity = (IntVector) root.getVector(5);
            DecimalVector unitPrice = (DecimalVector) root.getVector(6);
            DecimalVector lineTotal = (DecimalVector) root.getVector(7);
            TimeStampMicroVector orderTs = (TimeStampMicroVector) root.getVector(8);
            VarCharVector topic = (VarCharVector) root.getVector(9);
            IntVector partition = (IntVector) root.getVector(10);
            BigIntVector offset = (BigIntVector) root.getVector(11);
            TimeStampMicroVector loaded = (TimeStampMicroVector) root.getVector(12);
            byte[] previousId = null;
            String previous = null;
            for (int i = 0; i < count; i++) {
                int r = next + i;
                if (rows.orderId[r] != previous) {
                    previous = rows.orderId[r];
                    previousId = previous.getBytes(StandardCharsets.UTF_8);
                }
                orderId.setSafe(i, previousId);
                lineNumber.set(i, rows.lineNumber[r]);
                customerKey.setNull(i);
                productKey.set(i, rows.productKey[r]);
                dateKey.set(i, rows.dateKey[r]);
                quantity.set(i, rows.quantity[r]);
                unitPrice.set(i, rows.unitPriceCents[r]);
                lineTotal.set(i, rows.lineTotalCents[r]);
                orderTs.set(i, rows.orderTsMicros[r]);
                topic.setSafe(i, TOPIC);
                partition.set(i, 0);
                offset.set(i, rows.offset[r]);
                loaded.set(i, loadedAt);
            }
            root.setRowCount(count);
            next = end;
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
        }

        @Override
        protected Schema readSchema() {
            return new Schema(List.of(
                    field("order_id", ArrowType.Utf8.INSTANCE, false),
                    field("line_number", new ArrowType.Int(32, true), false),
                    field("customer_key", new ArrowType.Int(64, true), true),
                    field("product_key", new ArrowType.Int(64, true), false),
                    field("date_key", new ArrowType.Int(32, true), false),
                    field("quantity", new ArrowType.Int(32, true), false),
                    field("unit_price", new ArrowType.Decimal(9, 2, 128), false),
                    field("line_total", new ArrowType.Decimal(18, 2, 128), false),
                    field("order_ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), false),
                    field("source_topic", ArrowType.Utf8.INSTANCE, false),
                    field("source_partition", new ArrowType.Int(32, true), false),
                    field("source_offset", new ArrowType.Int(64, true), false),
                    field("loaded_at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), false)));
        }

        private static Field field(String name, ArrowType type, boolean nullable) {
            return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null);
        }
    }
}
