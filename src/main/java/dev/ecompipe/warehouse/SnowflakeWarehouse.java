package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ecompipe.ingest.IncomingOrder;
import dev.ecompipe.ingest.KafkaPosition;
import dev.ecompipe.ingest.OrderBatch;
import dev.ecompipe.order.Order;

/**
 * The warehouse in Snowflake. A batch is bound as arrays into temporary staging tables (one INSERT with
 * many bound rows per table; the driver stages large binds through a temporary stage by itself) and
 * merged set-wise by {@code sql/snowflake/load.sql}, all in one transaction on the loading connection.
 * Reports and health checks use other connections of a small pool.
 */
public final class SnowflakeWarehouse implements Warehouse {

    private static final String DIALECT = "snowflake";

    private final SnowflakeConnection account;
    private final SqlStatements load = SqlStatements.load(DIALECT, "load.sql");
    private final Analytics analytics = new Analytics();
    private HikariDataSource pool;
    private Connection loader;

    public SnowflakeWarehouse(SnowflakeConnection account) {
        this.account = account;
    }

    private synchronized HikariDataSource pool() throws WarehouseException {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("snowflake");
            config.setDriverClassName(SnowflakeConnection.DRIVER);
            config.setJdbcUrl(account.url());
            config.setDataSourceProperties(account.properties());
            config.setMaximumPoolSize(3);
            config.setConnectionTimeout(30_000);
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw SnowflakeErrors.describe(e, account);
            }
        }
        return pool;
    }

    /** The loading connection, with the staging tables it needs (DDL would commit a batch's transaction). */
    private synchronized Connection loader() throws WarehouseException {
        try {
            if (loader == null || loader.isClosed() || !loader.isValid(5)) {
                loader = pool().getConnection();
                try (Statement statement = loader.createStatement()) {
                    for (String sql : load.block("create_stage")) {
                        statement.execute(sql);
                    }
                }
            }
            return loader;
        } catch (SQLException e) {
            loader = null;
            throw SnowflakeErrors.describe(e, account);
        }
    }

    @Override
    public synchronized void initSchema() throws WarehouseException {
        try (Connection conn = pool().getConnection(); Statement statement = conn.createStatement()) {
            for (String sql : SqlStatements.load(DIALECT, "schema.sql").all()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw SnowflakeErrors.describe(e, account);
        }
    }

    @Override
    public synchronized LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException {
        Connection conn = loader();
        try {
            conn.setAutoCommit(false);
            try (Statement statement = conn.createStatement()) {
                LoadResult result = BatchLoad.write(batch, load, statement, b -> stageOffsets(conn, b),
                        b -> stageOrders(conn, b), b -> stageDates(conn, b), SnowflakeWarehouse::namesStagedWithLines, conflicts);
                conn.commit();
                return result;
            }
        } catch (Exception e) {
            try {
                conn.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            loader = null;
            throw e instanceof SQLException sql ? SnowflakeErrors.describe(sql, account)
                    : new WarehouseException("Loading a batch into Snowflake failed: " + e.getMessage(), e);
        }
    }

    /** Snowflake stages each line with its product's name and category, and finds the latest in SQL. */
    private static void namesStagedWithLines(OrderBatch batch, Set<String> loadedBefore) {
    }

    void stageOrders(Connection conn, OrderBatch batch) throws SQLException {
        try (PreparedStatement orders = conn.prepareStatement(load.single("stage_orders"));
             PreparedStatement lines = conn.prepareStatement(load.single("stage_lines"))) {
            for (IncomingOrder incoming : batch.orders()) {
                Order order = incoming.order();
                Timestamp orderTs = utc(order);
                KafkaPosition source = incoming.source();
                bind(orders, order.orderId(), incoming.contentHash(), orderTs, order.customer().customerId(),
                        order.customer().name(), order.customer().email(), order.customer().region(), source.topic(),
                        source.partition(), source.offset());
                for (Order.Line line : order.lines()) {
                    bind(lines, order.orderId(), line.lineNumber(), orderTs, line.productId(), line.productName(),
                            line.category(), line.unitPrice(), line.quantity());
                }
            }
            orders.executeBatch();
            lines.executeBatch();
        }
    }

    void stageDates(Connection conn, OrderBatch batch) throws SQLException {
        TreeSet<java.time.LocalDate> dates = new TreeSet<>();
        batch.orders().forEach(o -> dates.add(o.order().orderTs().atOffset(ZoneOffset.UTC).toLocalDate()));
        try (PreparedStatement statement = conn.prepareStatement(load.single("stage_dates"))) {
            for (java.time.LocalDate date : dates) {
                CalendarDay day = CalendarDay.of(date);
                bind(statement, day.dateKey(), Date.valueOf(date), date.getYear(), day.quarter(), date.getMonthValue(),
                        day.monthName(), date.getDayOfMonth(), date.getDayOfWeek().getValue(), day.dayName(),
                        day.isoWeek(), day.isWeekend(), day.holidayName() != null, day.holidayName());
            }
            statement.executeBatch();
        }
    }

    void stageOffsets(Connection conn, OrderBatch batch) throws SQLException {
        try (PreparedStatement statement = conn.prepareStatement(load.single("stage_offsets"))) {
            for (KafkaPosition position : batch.lastPositions()) {
                bind(statement, position.topic(), position.partition(), position.offset());
            }
            statement.executeBatch();
        }
    }

    /** Adds one row of bound values to the statement's batch; the driver sends the batch as array binds. */
    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
        statement.addBatch();
    }

    private static Timestamp utc(Order order) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(order.orderTs(), ZoneOffset.UTC));
    }

    @Override
    public Map<String, Long> committedOffsets() throws WarehouseException {
        Map<String, Long> offsets = new HashMap<>();
        try (Connection conn = pool().getConnection(); Statement statement = conn.createStatement();
             ResultSet rows = statement.executeQuery(load.single("committed_offsets"))) {
            while (rows.next()) {
                offsets.put(rows.getString(1) + '/' + rows.getInt(2), rows.getLong(3));
            }
            return offsets;
        } catch (SQLException e) {
            throw SnowflakeErrors.describe(e, account);
        }
    }

    @Override
    public Map<String, List<Map<String, Object>>> report(int limit) throws WarehouseException {
        try (Connection conn = pool().getConnection()) {
            return analytics.run(conn, limit);
        } catch (SQLException e) {
            throw SnowflakeErrors.describe(e, account);
        }
    }

    /** The pool's connections: read committed, so a query sees whole batches only. */
    @Override
    public DataSource readOnlyDataSource() {
        return new ConnectionSource("Snowflake", () -> {
            try {
                return pool().getConnection();
            } catch (SQLException e) {
                throw SnowflakeErrors.describe(e, account);
            }
        });
    }

    @Override
    public void ping() throws WarehouseException {
        try (Connection conn = pool().getConnection(); Statement statement = conn.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        } catch (SQLException e) {
            throw SnowflakeErrors.describe(e, account);
        }
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
            loader = null;
        }
    }
}
