package dev.ecompipe.warehouse;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource over a warehouse's own way of handing out connections, so JDBC users outside the warehouse
 * (a camel-jdbc endpoint) get connections the warehouse can share with its loader.
 */
final class ConnectionSource implements DataSource {

    @FunctionalInterface
    interface Opener {
        Connection open() throws WarehouseException, SQLException;
    }

    private final String description;
    private final Opener opener;
    private PrintWriter logWriter;
    private int loginTimeoutSeconds;

    ConnectionSource(String description, Opener opener) {
        this.description = description;
        this.opener = opener;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return opener.open();
        } catch (WarehouseException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The connections of " + description + " carry the warehouse's own credentials.");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("No java.util.logging here.");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException(description + " is not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return description;
    }
}
