package dev.ecompipe.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.io.TempDir;

/** The warehouse contract on DuckDB; always runs. */
class DuckDbWarehouseTest extends WarehouseContractTest {

    @TempDir
    Path dir;

    @Override
    Warehouse openEmpty() {
        return new DuckDbWarehouse(dir.resolve("test.duckdb"));
    }

    @Override
    Connection inspect() throws Exception {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
    }
}
