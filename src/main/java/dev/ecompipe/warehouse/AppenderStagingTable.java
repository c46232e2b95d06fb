package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

import org.duckdb.DuckDBAppender;

/** A DuckDB staging table written row by row through the Appender: the cheaper path for a few hundred rows. */
final class AppenderStagingTable implements StagingTable {
    private final DuckDBAppender appender;
    private boolean inRow;

    AppenderStagingTable(DuckDBAppender appender) {
        this.appender = appender;
    }

    private DuckDBAppender row() throws SQLException {
        if (!inRow) {
            appender.beginRow();
            inRow = true;
        }
        return appender;
    }

    @Override
    public StagingTable text(String value) throws SQLException {
        if (value == null) {
            row().appendNull();
        } else {
            row().append(value);
        }
        return this;
    }

    @Override
    public StagingTable integer(int value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public StagingTable smallInteger(short value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public StagingTable tinyInteger(byte value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public StagingTable bigInteger(long value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public StagingTable decimal(BigDecimal value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public StagingTable bool(boolean value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public StagingTable timestamp(Instant value) throws SQLException {
        row().appendEpochMicros(BatchStaging.epochMicros(value));
        return this;
    }

    @Override
    public StagingTable date(LocalDate value) throws SQLException {
        row().append(value);
        return this;
    }

    @Override
    public void endRow() throws SQLException {
        appender.endRow();
        inRow = false;
    }

    @Override
    public void close() throws SQLException {
        appender.close();
    }
}
