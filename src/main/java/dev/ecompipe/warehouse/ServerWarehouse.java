package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.ecompipe.batch.OrderBatch;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warehouse on a server shared by any number of loaders (PostgreSQL, Snowflake). Batches are written on
 * one pooled connection kept for loading, since its staging tables belong to its session; reports, health
 * checks and offset reads borrow others. A loading connection that failed is evicted from the pool, not
 * kept or dropped: the pool takes a connection back only when told, and would otherwise run dry.
 */
final class ServerWarehouse implements Warehouse {

    private static final Logger LOG = LoggerFactory.getLogger(ServerWarehouse.class);

    private final WarehouseServer server;
    private final BatchWriter writer;
    private final Analytics analytics = new Analytics();
    private HikariDataSource pool;
    private Connection loader;

    ServerWarehouse(WarehouseServer server) {
        this.server = server;
        this.writer = new BatchWriter(server.dialect());
    }

    private synchronized HikariDataSource pool() throws WarehouseException {
        if (pool == null) {
            try {
                pool = new HikariDataSource(server.poolConfig());
            } catch (RuntimeException e) {
                throw server.describe(e);
            }
        }
        return pool;
    }

    private synchronized Connection loader() throws SQLException, WarehouseException {
        if (loader == null) {
            Connection connection = pool().getConnection();
            try {
                writer.prepare(connection);
            } catch (SQLException e) {
                pool.evictConnection(connection);
                throw e;
            }
            loader = connection;
        }
        return loader;
    }

    @Override
    public void initSchema() throws WarehouseException {
        try (Connection connection = pool().getConnection(); Statement statement = connection.createStatement()) {
            server.checkSchemaSettings(connection);
            // one transaction, so loaders starting together see the schema whole or wait for it
            connection.setAutoCommit(false);
            for (String sql : SqlStatements.load(server.dialect().name(), "schema.sql").all()) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            throw server.describe(e);
        }
    }

    @Override
    public synchronized LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException {
        try {
            return writer.write(loader(), batch, conflicts);
        } catch (WarehouseException e) {
            throw e;
        } catch (Exception e) {
            discardLoader();
            throw server.describe(e);
        }
    }

    private void discardLoader() {
        if (loader != null) {
            pool.evictConnection(loader);
            loader = null;
        }
    }

    @Override
    public Map<String, Double> loadStepSeconds() {
        return writer.stepSeconds();
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() throws WarehouseException {
        try (Connection connection = pool().getConnection()) {
            return writer.committedOffsets(connection);
        } catch (SQLException e) {
            throw server.describe(e);
        }
    }

    @Override
    public Map<String, List<Map<String, Object>>> report(int limit) throws WarehouseException {
        try (Connection connection = pool().getConnection()) {
            return analytics.run(connection, limit);
        } catch (SQLException e) {
            throw server.describe(e);
        }
    }

    @Override
    public boolean storesNulCharacters() {
        return server.dialect().storesNulCharacters();
    }

    /** The pool's connections: read committed, so a query sees whole batches only. */
    @Override
    public DataSource readOnlyDataSource() {
        return new ConnectionSource(server.toString(), () -> pool().getConnection());
    }

    @Override
    public void ping() throws WarehouseException {
        try (Connection connection = pool().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        } catch (SQLException e) {
            throw server.describe(e);
        }
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            if (loader != null) {
                try {
                    loader.close();
                } catch (SQLException e) {
                    LOG.debug("Closing the loading connection failed: {}", e.getMessage());
                }
                loader = null;
            }
            pool.close();
            pool = null;
        }
    }
}
