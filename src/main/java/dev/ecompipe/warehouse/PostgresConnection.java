package dev.ecompipe.warehouse;

import java.sql.SQLException;
import java.util.Locale;

import com.zaxxer.hikari.HikariConfig;
import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;

/**
 * How to reach a PostgreSQL warehouse, from the settings: postgres.url (a JDBC URL), postgres.user,
 * postgres.password (a secret: handed to the driver only) and optionally postgres.schema, which must exist.
 */
public final class PostgresConnection implements WarehouseServer {

    private static final String URL_PREFIX = "jdbc:postgresql://";
    /** Far longer than any pause inside a batch's transaction (publishing its conflicts to Kafka is the longest). */
    static final int IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private PostgresConnection(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    public static PostgresConnection from(Settings settings) {
        String url = settings.require("postgres.url");
        if (!url.startsWith(URL_PREFIX)) {
            throw new ConfigurationException("The setting postgres.url must be a JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/pipeline, not '" + withoutQuery(url) + "'.");
        }
        return new PostgresConnection(url, settings.require("postgres.user"), settings.get("postgres.password"),
                settings.get("postgres.schema"));
    }

    /** The server and database, without options that might hold a secret. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public Dialect dialect() {
        return new PostgresDialect();
    }

    @Override
    public HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("postgres");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        if (!schema.isEmpty()) {
            config.setSchema(schema);
        }
        config.addDataSourceProperty("ApplicationName", "ecommerce-pipeline");
        // a dead address fails in seconds, and so does a pool that cannot be filled
        config.addDataSourceProperty("connectTimeout", "5");
        // a frozen loader (a stopped VM, a long pause) would hold the load lock, and every other loader with it,
        // until it woke; the server ends such a session instead, and the woken loader's batch fails and is retried
        config.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT_MS);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        // the loader, a report or health check, and the lag poll
        config.setMaximumPoolSize(3);
        return config;
    }

    @Override
    public WarehouseException describe(Throwable failure) {
        String state = sqlState(failure);
        String where = "PostgreSQL at " + withoutQuery(url) + " as " + user;
        String sentence;
        if (state.startsWith("08")) {
            sentence = where + " cannot be reached: check postgres.url and that the server is running.";
        } else if (state.startsWith("28")) {
            sentence = where + " did not accept the sign-in: check postgres.user and postgres.password.";
        } else if (state.equals("3D000")) {
            sentence = "The database of postgres.url (" + withoutQuery(url) + ") does not exist: create it first.";
        } else if (state.equals("3F000")) {
            sentence = "The schema postgres.schema (" + schema + ") does not exist in " + withoutQuery(url) + ": create it first.";
        } else if (state.equals("42P01")) {
            sentence = "The PostgreSQL warehouse at " + withoutQuery(url) + " has no schema yet: run init-schema or run first.";
        } else if (state.equals("42501")) {
            sentence = where + " lacks a privilege: " + firstLine(failure);
        } else {
            sentence = where + " failed: " + firstLine(failure);
        }
        return new WarehouseException(sentence, failure);
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().toUpperCase(Locale.ROOT);
            }
        }
        return "";
    }

    private static String firstLine(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getMessage() != null
                && innermost.getCause().getMessage() != null && !(innermost instanceof SQLException)) {
            innermost = innermost.getCause();
        }
        return DuckDbWarehouse.firstLine(innermost);
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + withoutQuery(url) + " as " + user;
    }
}
