package dev.ecompipe.warehouse;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;

/**
 * A Snowflake-dialect server whose HikariCP pool hands out {@link RecordingConnection}s, so the pooled
 * warehouse can be run without an account; every connection the pool opened stays here to be looked at.
 */
final class RecordingServer implements WarehouseServer {

    static final int POOL_SIZE = 3;

    private final Supplier<RecordingConnection> sessions;
    private final List<RecordingConnection> opened = new CopyOnWriteArrayList<>();

    RecordingServer(Supplier<RecordingConnection> sessions) {
        this.sessions = sessions;
    }

    List<RecordingConnection> opened() {
        return opened;
    }

    @Override
    public Dialect dialect() {
        return new SnowflakeDialect();
    }

    @Override
    public HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("recording");
        config.setMaximumPoolSize(POOL_SIZE);
        // HikariCP's shortest wait: a pool that ran dry fails the next borrow at once
        config.setConnectionTimeout(250);
        config.setDataSource((DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> {
                        RecordingConnection session = sessions.get();
                        opened.add(session);
                        yield session.connection();
                    }
                    case "getLoginTimeout" -> 0;
                    default -> null;
                }));
        return config;
    }

    /** As Snowflake's: init-schema refuses a schema whose default collation is not code-point order. */
    @Override
    public void checkSchemaSettings(Connection connection) throws SQLException, WarehouseException {
        SnowflakeCollation.requireCodePointOrder(connection);
    }

    @Override
    public WarehouseException describe(Throwable failure) {
        return new WarehouseException("Recorded server failed: " + failure.getMessage(), failure);
    }
}
