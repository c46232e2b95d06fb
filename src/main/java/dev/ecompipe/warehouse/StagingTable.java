package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Rows written into one staging table, value by value in the table's column order, the way a dialect's
 * bulk path takes them (DuckDB's Arrow import or Appender, PostgreSQL's COPY, Snowflake's bound arrays).
 * Timestamps are instants and are stored as UTC; the rows are in the table once {@link #close()} returns.
 */
interface StagingTable extends AutoCloseable {

    /** A string, or null. */
    StagingTable text(String value) throws SQLException;

    StagingTable integer(int value) throws SQLException;

    StagingTable smallInteger(short value) throws SQLException;

    StagingTable tinyInteger(byte value) throws SQLException;

    StagingTable bigInteger(long value) throws SQLException;

    StagingTable decimal(BigDecimal value) throws SQLException;

    StagingTable bool(boolean value) throws SQLException;

    StagingTable timestamp(Instant value) throws SQLException;

    StagingTable date(LocalDate value) throws SQLException;

    void endRow() throws SQLException;

    @Override
    void close() throws SQLException;
}
