package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;

/**
 * What the configured DuckDB file holds, looked at read-only: the commands that only read (report, health)
 * must never create a file or a schema, and a warehouse that is not there yet is one sentence saying how to
 * make it. Other warehouses are servers that exist before the pipeline; their errors speak for themselves.
 */
public final class WarehousePresence {

    /** MISSING: no file; EMPTY: a file without the schema; UNKNOWN: not DuckDB, or held by a running pipeline. */
    public enum State { MISSING, EMPTY, READY, UNKNOWN }

    private WarehousePresence() {
    }

    public static State of(Settings settings) {
        if (!"duckdb".equals(Warehouses.type(settings))) {
            return State.UNKNOWN;
        }
        Path file = duckDbFile(settings);
        if (!Files.exists(file)) {
            return State.MISSING;
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DuckDbLibrary.connect(file, readOnly);
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE lower(table_name) = 'fact_orders'")) {
            tables.next();
            return tables.getLong(1) > 0 ? State.READY : State.EMPTY;
        } catch (SQLException heldOrUnreadable) {
            // a running pipeline holds the file; the caller's own open says so, or asks the pipeline
            return State.UNKNOWN;
        }
    }

    /** Stops a reading command with one sentence when there is no warehouse to read yet. */
    public static void require(Settings settings) {
        String problem = problem(settings);
        if (problem != null) {
            throw new ConfigurationException(problem);
        }
    }

    /** The sentence that says there is no warehouse to read yet, or null when there may be one. */
    public static String problem(Settings settings) {
        return switch (of(settings)) {
            case MISSING -> "There is no warehouse at " + duckDbFile(settings) + " (warehouse.duckdb.path) yet; run init-schema or run first.";
            case EMPTY -> "The warehouse at " + duckDbFile(settings) + " (warehouse.duckdb.path) has no schema yet; run init-schema or run first.";
            case READY, UNKNOWN -> null;
        };
    }

    private static Path duckDbFile(Settings settings) {
        return Path.of(settings.require("warehouse.duckdb.path"));
    }
}
