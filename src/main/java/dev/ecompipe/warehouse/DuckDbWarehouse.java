package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.ecompipe.ingest.IncomingOrder;
import dev.ecompipe.ingest.KafkaPosition;
import dev.ecompipe.ingest.OrderBatch;
import dev.ecompipe.order.Order;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse in an embedded DuckDB file. A batch is appended into staging tables through the
 * Appender (JDBC batches are two orders of magnitude slower) and merged set-wise by the statements of
 * {@code sql/duckdb/load.sql}, all in one transaction. DuckDB lets one process hold the file, so this
 * object owns the only connection and serializes its users.
 */
public final class DuckDbWarehouse implements Warehouse {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);
    private static final String DIALECT = "duckdb";
    /** Temporary tables live in DuckDB's "temp" catalog. */
    private static final String STAGING_CATALOG = "temp";

    private final Path file;
    private final SqlStatements load = SqlStatements.load(DIALECT, "load.sql");
    private final Analytics analytics = new Analytics();
    private final Set<Integer> knownDates = new HashSet<>();
    private DuckDBConnection connection;

    public DuckDbWarehouse(Path file) {
        this.file = file.toAbsolutePath();
    }

    private synchronized DuckDBConnection connection() throws WarehouseException {
        try {
            if (connection == null || connection.isClosed()) {
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
                try (Statement statement = connection.createStatement()) {
                    load.run(statement, "open_session");
                }
            }
            return connection;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("Could not set lock")) {
                throw new WarehouseInUseException("The DuckDB file " + file + " is held by another process: " + firstLine(e), e);
            }
            throw new WarehouseException("The DuckDB file " + file + " cannot be opened: " + firstLine(e), e);
        } catch (java.io.IOException e) {
            throw new WarehouseException("The directory of the DuckDB file " + file + " cannot be created: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void initSchema() throws WarehouseException {
        DuckDBConnection conn = connection();
        try (Statement statement = conn.createStatement()) {
            for (String sql : SqlStatements.load(DIALECT, "schema.sql").all()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new WarehouseException("Creating the DuckDB schema failed: " + firstLine(e), e);
        }
    }

    @Override
    public synchronized LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException {
        DuckDBConnection conn = connection();
        List<Integer> newDates = new ArrayList<>();
        try {
            conn.setAutoCommit(false);
            try (Statement statement = conn.createStatement()) {
                load.run(statement, "create_stage");
                LoadResult result = BatchLoad.write(batch, load, statement, b -> stageOffsets(conn, b),
                        b -> stageOrders(conn, b), b -> newDates.addAll(stageDates(conn, b)),
                        (b, loadedBefore) -> stageLatestProductLines(conn, b, loadedBefore), conflicts);
                conn.commit();
                knownDates.addAll(newDates);
                return result;
            }
        } catch (Exception e) {
            rollback(conn);
            throw new WarehouseException("Loading a batch into DuckDB failed: " + firstLine(e), e);
        } finally {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warn("Restoring auto-commit on DuckDB failed: {}", firstLine(e));
            }
        }
    }

    private static void stageOrders(DuckDBConnection conn, OrderBatch batch) throws SQLException {
        try (DuckDBAppender orders = conn.createAppender(STAGING_CATALOG, DuckDBConnection.DEFAULT_SCHEMA, "STAGE_ORDERS");
             DuckDBAppender lines = conn.createAppender(STAGING_CATALOG, DuckDBConnection.DEFAULT_SCHEMA, "STAGE_LINES")) {
            for (IncomingOrder incoming : batch.orders()) {
                Order order = incoming.order();
                long micros = epochMicros(order.orderTs());
                KafkaPosition source = incoming.source();
                orders.beginRow()
                        .append(order.orderId())
                        .append(incoming.contentHash())
                        .appendEpochMicros(micros)
                        .append(order.customer().customerId())
                        .append(order.customer().name());
                appendNullable(orders, order.customer().email());
                orders.append(order.customer().region())
                        .append(source.topic())
                        .append(source.partition())
                        .append(source.offset())
                        .endRow();
                for (Order.Line line : order.lines()) {
                    lines.beginRow()
                            .append(order.orderId())
                            .append(line.lineNumber())
                            .appendEpochMicros(micros)
                            .append(line.productId())
                            .append(line.unitPrice())
                            .append(line.quantity())
                            .endRow();
                }
            }
        }
    }

    /**
     * Each product's latest line by (order_ts, order_id, line_number), compared the way DuckDB compares them
     * (microseconds; strings by code point, the order of their UTF-8 bytes), among the orders not loaded before.
     */
    private static void stageLatestProductLines(DuckDBConnection conn, OrderBatch batch, Set<String> loadedBefore)
            throws SQLException {
        Map<String, LatestLine> latest = new HashMap<>();
        for (IncomingOrder incoming : batch.orders()) {
            Order order = incoming.order();
            if (loadedBefore.contains(order.orderId())) {
                continue;
            }
            long micros = epochMicros(order.orderTs());
            for (Order.Line line : order.lines()) {
                latest.merge(line.productId(), new LatestLine(micros, order.orderId(), line),
                        (held, next) -> LatestLine.ORDER.compare(next, held) > 0 ? next : held);
            }
        }
        try (DuckDBAppender appender = conn.createAppender(STAGING_CATALOG, DuckDBConnection.DEFAULT_SCHEMA, "STAGE_PRODUCTS")) {
            for (LatestLine held : latest.values()) {
                appender.beginRow()
                        .append(held.line().productId())
                        .append(held.line().productName())
                        .append(held.line().category())
                        .append(held.line().unitPrice())
                        .appendEpochMicros(held.micros())
                        .append(held.orderId())
                        .append(held.line().lineNumber())
                        .endRow();
            }
        }
    }

    private record LatestLine(long micros, String orderId, Order.Line line) {
        static final Comparator<LatestLine> ORDER = Comparator.comparingLong(LatestLine::micros)
                .thenComparing(LatestLine::orderId, DuckDbWarehouse::compareCodePoints)
                .thenComparingInt(l -> l.line().lineNumber());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private List<Integer> stageDates(DuckDBConnection conn, OrderBatch batch) throws SQLException {
        Set<java.time.LocalDate> dates = new TreeSet<>();
        for (IncomingOrder incoming : batch.orders()) {
            dates.add(incoming.order().orderTs().atOffset(ZoneOffset.UTC).toLocalDate());
        }
        List<Integer> added = new ArrayList<>();
        try (DuckDBAppender appender = conn.createAppender(STAGING_CATALOG, DuckDBConnection.DEFAULT_SCHEMA, "STAGE_DATES")) {
            for (java.time.LocalDate date : dates) {
                CalendarDay day = CalendarDay.of(date);
                if (knownDates.contains(day.dateKey())) {
                    continue;
                }
                added.add(day.dateKey());
                appender.beginRow()
                        .append(day.dateKey())
                        .append(date)
                        .append((short) date.getYear())
                        .append((byte) day.quarter())
                        .append((byte) date.getMonthValue())
                        .append(day.monthName())
                        .append((byte) date.getDayOfMonth())
                        .append((byte) date.getDayOfWeek().getValue())
                        .append(day.dayName())
                        .append((byte) day.isoWeek())
                        .append(day.isWeekend())
                        .append(day.holidayName() != null);
                appendNullable(appender, day.holidayName());
                appender.endRow();
            }
        }
        return added;
    }

    private static void stageOffsets(DuckDBConnection conn, OrderBatch batch) throws SQLException {
        try (DuckDBAppender appender = conn.createAppender(STAGING_CATALOG, DuckDBConnection.DEFAULT_SCHEMA, "STAGE_OFFSETS")) {
            for (KafkaPosition position : batch.lastPositions()) {
                appender.beginRow().append(position.topic()).append(position.partition()).append(position.offset()).endRow();
            }
        }
    }

    private static void appendNullable(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static long epochMicros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1_000;
    }

    @Override
    public synchronized Map<String, Long> committedOffsets() throws WarehouseException {
        Map<String, Long> offsets = new HashMap<>();
        try (Statement statement = connection().createStatement();
             ResultSet rows = statement.executeQuery(load.single("committed_offsets"))) {
            while (rows.next()) {
                offsets.put(rows.getString(1) + '/' + rows.getInt(2), rows.getLong(3));
            }
            return offsets;
        } catch (SQLException e) {
            throw new WarehouseException("Reading the committed offsets from DuckDB failed: " + firstLine(e), e);
        }
    }

    @Override
    public synchronized void ping() throws WarehouseException {
        try (Statement statement = connection().createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        } catch (SQLException e) {
            throw new WarehouseException("DuckDB does not answer: " + firstLine(e), e);
        }
    }

    /** Runs on a connection of its own, so a report reads a consistent snapshot while batches load. */
    @Override
    public Map<String, List<Map<String, Object>>> report(int limit) throws WarehouseException {
        try (Connection conn = reader()) {
            return analytics.run(conn, limit);
        } catch (SQLException e) {
            throw new WarehouseException("The analytics query failed on DuckDB: " + firstLine(e), e);
        }
    }

    /**
     * A second connection to the same database: DuckDB lets one process open a file once, and a read-only
     * connection beside the read-write one fails ("different configuration"), so readers share the database.
     */
    private synchronized Connection reader() throws WarehouseException {
        try {
            return connection().duplicate();
        } catch (SQLException e) {
            throw new WarehouseException("A second DuckDB connection cannot be opened: " + firstLine(e), e);
        }
    }

    @Override
    public DataSource readOnlyDataSource() {
        return new ConnectionSource("DuckDB " + file, this::reader);
    }

    private static void rollback(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            LOG.warn("Rolling back the DuckDB transaction failed: {}", firstLine(e));
        }
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing DuckDB failed: {}", firstLine(e));
            }
            connection = null;
        }
    }
}
