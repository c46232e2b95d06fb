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

    /**
     * Opens a bulk writer into a staging table of this connection, created by the load's create_stage block, for
     * about {@code expectedRows} rows (at most; a dialect may choose its bulk path by it).
     */
    StagingTable stagingTable(Connection connection, String table, int expectedRows) throws SQLException;

    /**
     * Whether ORDER_EVENTS' primary key is enforced. Then a batch is written as if none of its orders had been
     * loaded before (unless the batch before it held some: repeats come in runs), and the key's index rejects
     * {@code insert_order_events} if one was: a lookup per staged order, where {@code find_already_loaded} joins
     * the batch against every stored order id (on DuckDB, which joins through no index, a cost that grows with
     * every batch loaded). Snowflake enforces no key, so it always compares first.
     */
    default boolean enforcesOrderKey() {
        return false;
    }

    /**
     * Whether the load steps run as statements prepared once per loading connection and executed again by every
     * batch. DuckDB binds and plans a statement at every plain execute, about a quarter of a millisecond for each of
     * a batch's 38 load statements, 10 ms a batch whatever its size; that was measured on DuckDB only, so the other
     * warehouses run their statements as written.
     */
    default boolean preparesLoadStatements() {
        return false;
    }

    /** Whether a string column can hold U+0000. */
    default boolean storesNulCharacters() {
        return true;
    }
}
