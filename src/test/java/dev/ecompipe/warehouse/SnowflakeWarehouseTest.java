package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ecompipe.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The warehouse contract on a real Snowflake account, in a schema of its own that is dropped afterwards.
 * Opt-in: it runs when SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_DATABASE and a key
 * (SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_PRIVATE_KEY_BASE64) or SNOWFLAKE_PASSWORD are set, and says so
 * when it skips.
 */
class SnowflakeWarehouseTest extends WarehouseContractTest {

    private static final String SCHEMA = "PIPELINE_TEST_" + UUID.randomUUID().toString().replace("-", "_").toUpperCase();
    private static SnowflakeConnection account;
    private static String skipped;

    @BeforeAll
    static void requireCredentials() throws Exception {
        Map<String, String> env = System.getenv();
        boolean configured = env.get("SNOWFLAKE_ACCOUNT") != null && env.get("SNOWFLAKE_USER") != null
                && env.get("SNOWFLAKE_DATABASE") != null
                && (env.get("SNOWFLAKE_PRIVATE_KEY_FILE") != null || env.get("SNOWFLAKE_PRIVATE_KEY_BASE64") != null
                    || env.get("SNOWFLAKE_PASSWORD") != null);
        if (!configured) {
            String message = "SKIPPED: the Snowflake warehouse contract suite needs SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER,"
                    + " SNOWFLAKE_DATABASE and SNOWFLAKE_PRIVATE_KEY_FILE (or SNOWFLAKE_PRIVATE_KEY_BASE64 or SNOWFLAKE_PASSWORD)";
            System.out.println(message);
            skipped = message;
            return;
        }
        Map<String, String> values = new HashMap<>();
        for (String key : List.of("account", "user", "private-key-file", "private-key-base64", "private-key-password",
                "password", "role", "warehouse", "database")) {
            String value = env.get("SNOWFLAKE_" + key.toUpperCase().replace('-', '_'));
            if (value != null) {
                values.put("snowflake." + key, value);
            }
        }
        values.put("snowflake.schema", SCHEMA);
        account = SnowflakeConnection.from(Settings.of(values));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (account != null) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA);
            }
        }
    }

    private static Connection connect() throws Exception {
        Class.forName(SnowflakeConnection.DRIVER);
        return DriverManager.getConnection(account.url(), account.properties());
    }

    @Override
    Warehouse openEmpty() throws Exception {
        Assumptions.assumeTrue(skipped == null, skipped);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : List.of("FACT_ORDERS", "DIM_CUSTOMER", "DIM_PRODUCT", "DIM_DATE", "PRODUCT_PRICE_RUNS",
                    "ORDER_EVENTS", "INGEST_OFFSETS")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return new ServerWarehouse(account);
    }

    @Override
    Connection inspect() throws Exception {
        return connect();
    }
}
