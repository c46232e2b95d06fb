package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.ecompipe.config.Settings;
import org.junit.jupiter.api.Assumptions;

/**
 * The Snowflake account of the opt-in suites, from SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_DATABASE and a
 * key (SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_PRIVATE_KEY_BASE64) or SNOWFLAKE_PASSWORD, plus optional role
 * and warehouse. Each suite works in a schema of its own, dropped afterwards.
 */
final class SnowflakeTestAccount {

    private SnowflakeTestAccount() {
    }

    static boolean configured() {
        Map<String, String> env = System.getenv();
        return env.get("SNOWFLAKE_ACCOUNT") != null && env.get("SNOWFLAKE_USER") != null && env.get("SNOWFLAKE_DATABASE") != null
                && (env.get("SNOWFLAKE_PRIVATE_KEY_FILE") != null || env.get("SNOWFLAKE_PRIVATE_KEY_BASE64") != null
                    || env.get("SNOWFLAKE_PASSWORD") != null);
    }

    /** Skips the calling test, saying so on the console and in the report, when no account is configured. */
    static void assumeConfigured(String suite) {
        if (!configured()) {
            String message = "SKIPPED: " + suite + " needs SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_DATABASE and"
                    + " SNOWFLAKE_PRIVATE_KEY_FILE (or SNOWFLAKE_PRIVATE_KEY_BASE64 or SNOWFLAKE_PASSWORD)";
            System.out.println(message);
            Assumptions.abort(message);
        }
    }

    static String newSchemaName() {
        return "PIPELINE_TEST_" + UUID.randomUUID().toString().replace("-", "_").toUpperCase(Locale.ROOT);
    }

    /** The pipeline's settings for the account, working in {@code schema}. */
    static Settings settings(String schema) {
        Map<String, String> values = new HashMap<>();
        for (String key : List.of("account", "user", "private-key-file", "private-key-base64", "private-key-password",
                "password", "role", "warehouse", "database")) {
            String value = System.getenv("SNOWFLAKE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (value != null) {
                values.put("snowflake." + key, value);
            }
        }
        values.put("warehouse.type", "snowflake");
        values.put("snowflake.schema", schema);
        return Settings.of(values);
    }

    static Connection connect(String schema) throws Exception {
        SnowflakeConnection account = SnowflakeConnection.from(settings(schema));
        Class.forName(SnowflakeConnection.DRIVER);
        return DriverManager.getConnection(account.url(), account.properties());
    }

    static void execute(String schema, String sql) throws Exception {
        try (Connection connection = connect(schema); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
