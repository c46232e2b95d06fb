package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The warehouse contract on a real Snowflake account, in a schema of its own that is dropped afterwards.
 * Opt-in: it runs when the account is configured (see {@link SnowflakeTestAccount}) and says so when it skips.
 */
class SnowflakeWarehouseTest extends WarehouseContractTest {

    private static final String SCHEMA = SnowflakeTestAccount.newSchemaName();

    @BeforeAll
    static void createSchema() throws Exception {
        if (SnowflakeTestAccount.configured()) {
            SnowflakeTestAccount.execute(SCHEMA, "CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (SnowflakeTestAccount.configured()) {
            SnowflakeTestAccount.execute(SCHEMA, "DROP SCHEMA IF EXISTS " + SCHEMA);
        }
    }

    @Override
    Warehouse openEmpty() throws Exception {
        SnowflakeTestAccount.assumeConfigured("the Snowflake warehouse contract suite");
        try (Connection connection = inspect(); Statement statement = connection.createStatement()) {
            for (String table : List.of("FACT_ORDERS", "DIM_CUSTOMER", "DIM_PRODUCT", "DIM_DATE", "PRODUCT_PRICE_RUNS",
                    "ORDER_EVENTS", "INGEST_OFFSETS", "LOAD_LOCK")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return Warehouses.open(SnowflakeTestAccount.settings(SCHEMA));
    }

    @Override
    boolean enforcesOrderKey() {
        return false;
    }

    @Override
    Connection inspect() throws Exception {
        return SnowflakeTestAccount.connect(SCHEMA);
    }
}
