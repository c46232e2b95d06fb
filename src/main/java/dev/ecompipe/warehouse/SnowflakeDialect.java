package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Snowflake stages through bound arrays: one INSERT per staging table with many bound rows. Rows are sent
 * in chunks below the driver's array-binding threshold (CLIENT_STAGE_ARRAY_BINDING_THRESHOLD, 65,280 bound
 * values), above which it would create a temporary stage, a DDL statement that commits the batch's open
 * transaction and needs a privilege of its own. Values are bound as text, so neither the JVM's nor the
 * session's time zone shifts a timestamp. The inserts are prepared once per connection and reused batch after
 * batch: the driver describes a new prepared statement to the server (a round trip, and cloud-services time)
 * before its first execution.
 */
final class SnowflakeDialect implements Dialect {

    /** The driver's default CLIENT_STAGE_ARRAY_BINDING_THRESHOLD. */
    static final int ARRAY_BINDING_THRESHOLD = 65_280;

    @Override
    public String name() {
        return "snowflake";
    }

    /** The connection the inserts below were prepared on; a loader's connection is replaced only after a failure. */
    private Connection preparedOn;
    private final Map<String, PreparedStatement> inserts = new HashMap<>();

    private PreparedStatement insert(Connection connection, String table, int columns) throws SQLException {
        if (connection != preparedOn) {
            // the statements of a discarded connection were closed with it
            inserts.clear();
            preparedOn = connection;
        }
        PreparedStatement insert = inserts.get(table);
        if (insert == null) {
            insert = connection.prepareStatement("INSERT INTO " + table + " VALUES ("
                    + String.join(", ", Collections.nCopies(columns, "?")) + ")");
            inserts.put(table, insert);
        }
        return insert;
    }

    @Override
    public StagingTable stagingTable(Connection connection, String table, int expectedRows) {
        return new TextRowTable() {
            private PreparedStatement insert;
            private int rowsPerChunk;
            private int rowsInChunk;

            @Override
            protected void send(List<String> values) throws SQLException {
                if (insert == null) {
                    insert = insert(connection, table, values.size());
                    // stay strictly below the threshold, whichever side of it the driver counts as "above"
                    rowsPerChunk = (ARRAY_BINDING_THRESHOLD - 1) / values.size();
                }
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == null) {
                        insert.setNull(i + 1, Types.VARCHAR);
                    } else {
                        insert.setString(i + 1, values.get(i));
                    }
                }
                insert.addBatch();
                if (++rowsInChunk == rowsPerChunk) {
                    insert.executeBatch();
                    rowsInChunk = 0;
                }
            }

            /** Sends the last chunk; the statement stays open for the next batch. */
            @Override
            public void close() throws SQLException {
                if (rowsInChunk > 0) {
                    insert.executeBatch();
                }
            }
        };
    }
}
