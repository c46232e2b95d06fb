package dev.ecompipe.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests, started once per JVM from Maven Central artifacts (no Docker, no
 * manual step) and stopped when the JVM exits; each caller gets a database of its own.
 */
public final class TestPostgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() throws IOException {
        if (server == null) {
            server = EmbeddedPostgres.builder().start();
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "stop-test-postgres"));
        }
        return server;
    }

    /** A new, empty database; its JDBC URL. */
    public static String newDatabase(String prefix) throws Exception {
        EmbeddedPostgres postgres = server();
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl(USER, name).replaceFirst("\\?.*$", "");
    }

    /** Settings (as the pipeline reads them) for a PostgreSQL warehouse in the given database. */
    public static Map<String, String> settings(String url) {
        Map<String, String> values = new HashMap<>();
        values.put("warehouse.type", "postgres");
        values.put("postgres.url", url);
        values.put("postgres.user", USER);
        values.put("postgres.password", PASSWORD);
        return values;
    }
}
