package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Statements prepared once on a loading connection and reused batch after batch, keyed by their SQL. A
 * loader's connection is replaced only after a failure, and the statements of a discarded connection were
 * closed with it, so a new connection starts with none.
 */
final class KeptStatements {

    private Connection preparedOn;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    PreparedStatement get(Connection connection, String sql) throws SQLException {
        if (connection != preparedOn) {
            statements.clear();
            preparedOn = connection;
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }
}
