package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;

/** A database server that several loading processes share (PostgreSQL, Snowflake), from the settings. */
interface WarehouseServer {

    Dialect dialect();

    /** The connection pool's settings, secrets included: hand them to the pool only. */
    HikariConfig poolConfig();

    /**
     * Refuses, with one sentence, a database whose settings would change what the schema's comparisons mean;
     * runs before init-schema creates anything.
     */
    default void checkSchemaSettings(Connection connection) throws SQLException, WarehouseException {
    }

    /** One sentence that says what failed and which setting to check; never a secret. */
    WarehouseException describe(Throwable failure);
}
