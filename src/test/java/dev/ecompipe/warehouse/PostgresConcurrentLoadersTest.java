package dev.ecompipe.warehouse;

import dev.ecompipe.config.Settings;
import dev.ecompipe.postgres.TestPostgres;

/** Concurrent loaders on a real PostgreSQL server the test starts itself. Always runs. */
class PostgresConcurrentLoadersTest extends ConcurrentLoadersContract {

    @Override
    Settings emptyWarehouse() throws Exception {
        return Settings.of(TestPostgres.settings(TestPostgres.newDatabase("concurrent")));
    }
}
