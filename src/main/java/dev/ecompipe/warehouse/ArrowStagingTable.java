package dev.ecompipe.warehouse;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB staging table's rows built into Arrow vectors, one per column, each made by the first row's value of
 * that column, then handed to DuckDB as a C stream ({@code registerArrowStream}) and copied in by one
 * {@code INSERT ... SELECT}. Only text may be null, as {@link StagingTable} says. Arrow's memory needs
 * {@value DuckDbWarehouse#JVM_OPTION}; {@link #checkMemory()} says so in one sentence where it is missing.
 */
final class ArrowStagingTable implements StagingTable {

    /** One allocator for the process, made at first use; each table's vectors are freed at its close. */
    private static final class Memory {
        private static final BufferAllocator ROOT = new RootAllocator();
    }

    /** About the length of the staged identifiers, names and e-mail addresses, so that text buffers rarely grow. */
    private static final double TEXT_BYTES_PER_VALUE = 24;
    private static final int DECIMAL_PRECISION = 38;

    private final DuckDBConnection connection;
    private final String table;
    private final BufferAllocator allocator;
    private final int expectedRows;
    private final List<FieldVector> columns = new ArrayList<>();
    private int column;
    private int row;

    ArrowStagingTable(DuckDBConnection connection, String table, int expectedRows) {
        this.connection = connection;
        this.table = table;
        this.expectedRows = expectedRows;
        this.allocator = memory();
    }

    /**
     * This row's vector of the next column: made at the first row, the same type on every later one. The factories
     * are constructor references that capture nothing: a capturing lambda here was allocated on every value, about
     * a fifth of the time a batch's staging took.
     */
    private <V extends FieldVector> V next(Class<V> type, BiFunction<String, BufferAllocator, V> make) {
        return row == 0 ? first(make.apply("c" + column++, allocator)) : type.cast(columns.get(column++));
    }

    private <V extends FieldVector> V first(V made) {
        // sized for the batch up front: grown value by value, each vector was copied a dozen times
        if (made instanceof VarCharVector text) {
            text.setInitialCapacity(expectedRows, TEXT_BYTES_PER_VALUE);
        } else {
            made.setInitialCapacity(expectedRows);
        }
        made.allocateNew();
        columns.add(made);
        return made;
    }

    @Override
    public StagingTable text(String value) {
        VarCharVector vector = next(VarCharVector.class, VarCharVector::new);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    @Override
    public StagingTable integer(int value) {
        next(IntVector.class, IntVector::new).setSafe(row, value);
        return this;
    }

    @Override
    public StagingTable smallInteger(short value) {
        next(SmallIntVector.class, SmallIntVector::new).setSafe(row, value);
        return this;
    }

    @Override
    public StagingTable tinyInteger(byte value) {
        next(TinyIntVector.class, TinyIntVector::new).setSafe(row, value);
        return this;
    }

    @Override
    public StagingTable bigInteger(long value) {
        next(BigIntVector.class, BigIntVector::new).setSafe(row, value);
        return this;
    }

    /**
     * At the scale of the column's first value; a later value of another scale fails rather than rounds. Written as
     * its unscaled value, which Arrow stores as is, rather than through Arrow's conversion of a BigDecimal to bytes.
     */
    @Override
    public StagingTable decimal(BigDecimal value) throws SQLException {
        DecimalVector vector = row == 0 ? first(new DecimalVector("c" + column++, allocator, DECIMAL_PRECISION, value.scale()))
                : (DecimalVector) columns.get(column++);
        if (value.scale() != vector.getScale()) {
            throw new SQLException("The decimal " + value + " is not at the scale " + vector.getScale() + " of its staging column.");
        }
        vector.setSafe(row, value.unscaledValue().longValueExact());
        return this;
    }

    @Override
    public StagingTable bool(boolean value) {
        next(BitVector.class, BitVector::new).setSafe(row, value ? 1 : 0);
        return this;
    }

    @Override
    public StagingTable timestamp(Instant value) {
        next(TimeStampMicroVector.class, TimeStampMicroVector::new)
                .setSafe(row, BatchStaging.epochMicros(value));
        return this;
    }

    @Override
    public StagingTable date(LocalDate value) {
        next(DateDayVector.class, DateDayVector::new).setSafe(row, (int) value.toEpochDay());
        return this;
    }

    @Override
    public void endRow() {
        column = 0;
        row++;
    }

    /** Copies the rows into the table, if there are any, and frees the vectors either way. */
    @Override
    public void close() throws SQLException {
        try (VectorSchemaRoot rows = new VectorSchemaRoot(columns)) {
            if (row == 0) {
                return;
            }
            rows.setRowCount(row);
            String stream = "arrow_" + table;
            try (ArrowReader reader = new OneBatch(allocator, rows);
                 ArrowArrayStream exported = ArrowArrayStream.allocateNew(allocator);
                 Statement statement = connection.createStatement()) {
                Data.exportArrayStream(allocator, reader, exported);
                connection.registerArrowStream(stream, exported);
                statement.execute("INSERT INTO " + DuckDbDialect.STAGING_CATALOG + "." + DuckDBConnection.DEFAULT_SCHEMA
                        + "." + table + " SELECT * FROM " + stream);
            } catch (IOException e) {
                throw new SQLException("Staging " + table + " through Arrow failed: " + e.getMessage(), e);
            }
        }
    }

    private static BufferAllocator memory() {
        return Memory.ROOT;
    }

    /** Fails with what to do when this JVM cannot give Arrow its memory. */
    static void checkMemory() throws WarehouseException {
        try {
            memory();
        } catch (Throwable e) {
            throw new WarehouseException("DuckDB's staging through Arrow cannot start in this JVM: start Java with "
                    + DuckDbWarehouse.JVM_OPTION + " (the jar's manifest sets it for java -jar; add it to JAVA_OPTS when"
                    + " starting from a class path)", e);
        }
    }

    /** The rows as the one record batch of a stream; the batch shares their buffers, nothing is copied. */
    private static final class OneBatch extends ArrowReader {
        private final VectorSchemaRoot rows;
        private boolean read;

        OneBatch(BufferAllocator allocator, VectorSchemaRoot rows) {
            super(allocator);
            this.rows = rows;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (read) {
                return false;
            }
            read = true;
            try (ArrowRecordBatch batch = new VectorUnloader(rows).getRecordBatch()) {
                new VectorLoader(getVectorSchemaRoot()).load(batch);
            }
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
            return rows.getSchema();
        }
    }
}
