package dev.ecompipe.warehouse;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A staging table whose bulk path takes every value as text (PostgreSQL's COPY, Snowflake's bound
 * strings): timestamps become UTC wall-clock text with microseconds, so no driver or session time zone
 * can shift them, and money keeps its exact decimal digits. Subclasses send the collected rows.
 */
abstract class TextRowTable implements StagingTable {

    private static final DateTimeFormatter UTC_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private List<String> row = new ArrayList<>();

    /** One row's values, null for SQL NULL, in column order. */
    protected abstract void send(List<String> values) throws SQLException;

    private StagingTable add(String value) {
        row.add(value);
        return this;
    }

    @Override
    public StagingTable text(String value) {
        return add(value);
    }

    @Override
    public StagingTable integer(int value) {
        return add(Integer.toString(value));
    }

    @Override
    public StagingTable smallInteger(short value) {
        return add(Short.toString(value));
    }

    @Override
    public StagingTable tinyInteger(byte value) {
        return add(Byte.toString(value));
    }

    @Override
    public StagingTable bigInteger(long value) {
        return add(Long.toString(value));
    }

    @Override
    public StagingTable decimal(BigDecimal value) {
        return add(value.toPlainString());
    }

    @Override
    public StagingTable bool(boolean value) {
        return add(value ? "true" : "false");
    }

    @Override
    public StagingTable timestamp(Instant value) {
        return add(UTC_MICROS.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
    }

    @Override
    public StagingTable date(LocalDate value) {
        return add(value.toString());
    }

    @Override
    public void endRow() throws SQLException {
        send(row);
        row = new ArrayList<>(row.size());
    }
}
