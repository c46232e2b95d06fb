package dev.ecompipe.warehouse;

import dev.ecompipe.config.Settings;
import org.junit.jupiter.api.AfterAll;

/**
 * Concurrent loaders on a real Snowflake account, in a schema of its own that is dropped afterwards: the
 * load lock, read committed and the offset fence give the oracle's answer there too. Opt-in like
 * {@link SnowflakeWarehouseTest}; says so when it skips.
 */
class SnowflakeConcurrentLoadersTest extends ConcurrentLoadersContract {

    private static final String SCHEMA = SnowflakeTestAccount.newSchemaName();

    @Override
    Settings emptyWarehouse() throws Exception {
        SnowflakeTestAccount.assumeConfigured("the Snowflake concurrent loaders test");
        SnowflakeTestAccount.execute(SCHEMA, "CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        return SnowflakeTestAccount.settings(SCHEMA);
    }

    /** Each batch is about fifty statements on a remote service: fewer orders keep the run to minutes. */
    @Override
    int orders() {
        return 600;
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (SnowflakeTestAccount.configured()) {
            SnowflakeTestAccount.execute(SCHEMA, "DROP SCHEMA IF EXISTS " + SCHEMA);
        }
    }
}
