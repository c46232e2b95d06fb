package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between warehouses in a batch: how rows reach the staging tables, and the SQL of
 * {@code sql/<name>/schema.sql} and {@code load.sql}. Everything else, the order of the steps and what
 * commits or rolls back, is {@link BatchWriter}'s.
 */
interface Dialect {

    /** The folder under {@code sql/} that holds this dialect's files. */
    String name();

    /** Opens a bulk writer into a staging table of this connection, created by the load's create_stage block. */
    StagingTable stagingTable(Connection connection, String table) throws SQLException;

    /** Whether a string column can hold U+0000. */
    default boolean storesNulCharacters() {
        return true;
    }
}
