package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.config.Settings;
import dev.ecompipe.postgres.TestPostgres;
import org.junit.jupiter.api.Test;

/** Concurrent loaders on a real PostgreSQL server the test starts itself. Always runs. */
class PostgresConcurrentLoadersTest extends ConcurrentLoadersContract {

    @Override
    Settings emptyWarehouse() throws Exception {
        return Settings.of(TestPostgres.settings(TestPostgres.newDatabase("concurrent")));
    }

    /**
     * An instance starting (init-schema) while another is in the middle of a batch: the starting one waits at
     * the load lock before it locks any table, so the batch finishes and both go on, with no deadlock.
     */
    @Test
    void anInstanceStartingWhileAnotherIsMidBatchWaitsForItInsteadOfDeadlocking() throws Exception {
        String url = TestPostgres.newDatabase("starting");
        Settings settings = Settings.of(TestPostgres.settings(url));
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try (Warehouse running = Warehouses.open(settings);
             Connection batch = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement statement = batch.createStatement()) {
            running.initSchema();
            batch.setAutoCommit(false);
            statement.execute("UPDATE LOAD_LOCK SET batches = batches + 1 WHERE name = 'load'");
            Future<?> starting = starter.submit(() -> {
                try (Warehouse second = Warehouses.open(settings)) {
                    second.initSchema();
                }
                return null;
            });
            TimeUnit.SECONDS.sleep(1);
            statement.execute("INSERT INTO FACT_ORDERS VALUES ('O-1', 1, NULL, 1, 20260301, 1, 1.00, 1.00,"
                    + " TIMESTAMP '2026-03-01 10:00:00', 'orders', 0, 0, TIMESTAMP '2026-03-01 10:00:00')");
            batch.commit();
            starting.get(30, TimeUnit.SECONDS);
        } finally {
            starter.shutdownNow();
        }
    }
}
