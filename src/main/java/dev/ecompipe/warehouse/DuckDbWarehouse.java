package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.ecompipe.batch.OrderBatch;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse in an embedded DuckDB file, written by {@link BatchWriter} through Arrow or the Appender
 * ({@link DuckDbDialect}). DuckDB lets one process hold the file, so this object owns the only read-write
 * connection and serializes its users; reports read through duplicates of it.
 */
public final class DuckDbWarehouse implements Warehouse {

    /** What a JVM that writes DuckDB needs for Arrow's memory; the jar's manifest gives it to {@code java -jar}. */
    public static final String JVM_OPTION = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);
    private static final Dialect DIALECT = new DuckDbDialect();

    private final Path file;
    private final BatchWriter writer = new BatchWriter(DIALECT);
    private final Analytics analytics = new Analytics();
    private DuckDBConnection connection;
    /** Whether the connection has its staging tables. */
    private boolean staged;

    /** DuckDB's worker threads for this database; 0 keeps DuckDB's default (one per core). */
    private final int threads;

    public DuckDbWarehouse(Path file) {
        this(file, 0);
    }

    public DuckDbWarehouse(Path file, int threads) {
        this.file = file.toAbsolutePath();
        this.threads = threads;
    }

    private synchronized DuckDBConnection connection() throws WarehouseException {
        try {
            if (connection == null || connection.isClosed()) {
                ArrowStagingTable.checkMemory();
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                connection = DuckDbLibrary.connect(file).unwrap(DuckDBConnection.class);
                staged = false;
                try (Statement statement = connection.createStatement()) {
                    SqlStatements.load(DIALECT.name(), "load.sql").run(statement, "open_session");
                    if (threads > 0) {
                        statement.execute("SET threads = " + threads);
                    }
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
            for (String sql : SqlStatements.load(DIALECT.name(), "schema.sql").all()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new WarehouseException("Creating the DuckDB schema failed: " + firstLine(e), e);
        }
    }

    @Override
    public synchronized LoadResult load(OrderBatch batch, ConflictHandler conflicts) throws WarehouseException {
        DuckDBConnection conn = connection();
        try {
            if (!staged) {
                writer.prepare(conn);
                staged = true;
            }
            return writer.write(conn, batch, conflicts);
        } catch (Exception e) {
            throw new WarehouseException("Loading a batch into DuckDB failed: " + firstLine(e), e);
        }
    }

    @Override
    public Map<String, Double> loadStepSeconds() {
        return writer.stepSeconds();
    }

    @Override
    public synchronized Map<TopicPartition, Long> committedOffsets() throws WarehouseException {
        try {
            return writer.committedOffsets(connection());
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
