package dev.ecompipe.warehouse;

import java.nio.file.Path;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;

/** Opens the warehouse the settings name. */
public final class Warehouses {

    private Warehouses() {
    }

    public static Warehouse open(Settings settings) {
        String type = settings.require("warehouse.type");
        return switch (type) {
            case "duckdb" -> new DuckDbWarehouse(Path.of(settings.require("warehouse.duckdb.path")));
            default -> throw new ConfigurationException("The setting warehouse.type must be duckdb, not '" + type + "'.");
        };
    }
}
