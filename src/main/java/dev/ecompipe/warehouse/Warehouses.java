package dev.ecompipe.warehouse;

import java.nio.file.Path;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;

/** Opens the warehouse the settings name. */
public final class Warehouses {

    private Warehouses() {
    }

    public static Warehouse open(Settings settings) {
        String type = type(settings);
        return switch (type) {
            case "duckdb" -> new DuckDbWarehouse(Path.of(settings.require("warehouse.duckdb.path")),
                    settings.getInt("warehouse.duckdb.threads"));
            case "postgres" -> new ServerWarehouse(PostgresConnection.from(settings));
            case "snowflake" -> new ServerWarehouse(SnowflakeConnection.from(settings));
            default -> throw new ConfigurationException("The setting warehouse.type must be duckdb, postgres or snowflake,"
                    + " not '" + type + "'.");
        };
    }

    /** The warehouse the settings name, with its schema created or brought up to date, ready to load. */
    public static Warehouse openWithSchema(Settings settings) throws WarehouseException {
        Warehouse warehouse = open(settings);
        try {
            warehouse.initSchema();
        } catch (WarehouseException | RuntimeException e) {
            warehouse.close();
            throw e;
        }
        return warehouse;
    }

    /**
     * Refuses, in one sentence naming the setting, warehouse settings that cannot work, without connecting:
     * so a start fails before anything slow begins.
     */
    public static void checkSettings(Settings settings) {
        switch (type(settings)) {
            case "postgres" -> PostgresConnection.from(settings);
            case "snowflake" -> SnowflakeConnection.from(settings);
            default -> {
                // a DuckDB file is checked when it is opened, at once
            }
        }
    }

    /**
     * warehouse.type, or when it is left empty: postgres if postgres.url is set, snowflake if snowflake.account
     * is set, else duckdb.
     */
    public static String type(Settings settings) {
        if (settings.isSet("warehouse.type")) {
            return settings.get("warehouse.type");
        }
        if (settings.isSet("postgres.url")) {
            return "postgres";
        }
        return settings.isSet("snowflake.account") ? "snowflake" : "duckdb";
    }
}
