package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;

import dev.ecompipe.config.Settings;
import dev.ecompipe.postgres.TestPostgres;

/** The warehouse contract on a real PostgreSQL server the test starts itself. Always runs. */
class PostgresWarehouseTest extends WarehouseContractTest {

    private String url;

    @Override
    Warehouse openEmpty() throws Exception {
        url = TestPostgres.newDatabase("contract");
        return Warehouses.open(Settings.of(TestPostgres.settings(url)));
    }

    @Override
    Connection inspect() throws Exception {
        return DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
    }

    @Override
    boolean storesNulCharacters() {
        return false;
    }
}
