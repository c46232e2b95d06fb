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
     * Whether ORDER_EVENTS' primary key is enforced. Then a batch is first written as if none of its orders had
     * been loaded before, and the key's index rejects {@code insert_order_events} if one was: a lookup per
     * staged order, where {@code find_already_loaded} joins the batch against every stored order id (on DuckDB,
     * which joins through no index, a cost that grows with every batch loaded). Snowflake enforces no key, so
     * it always compares first.
     */
    default boolean enforcesOrderKey() {
        return false;
    }

    /**
     * Whether the load steps run as statements prepared once per loading connection. DuckDB binds, plans and
     * optimizes a statement at every execute, a millisecond or so for a load step, about 10 ms of a batch's 38
     * statements whatever its size; a prepared one does that once. PostgreSQL plans these in well under that, and
     * would keep a plan made before the tables it reads grew.
     */
    default boolean preparesLoadStatements() {
        return false;
    }

    /** Whether a string column can hold U+0000. */
    default boolean storesNulCharacters() {
        return true;
    }
}
