package dev.ecompipe.warehouse;

import com.zaxxer.hikari.HikariConfig;

/** A database server that several loading processes share (PostgreSQL, Snowflake), from the settings. */
interface WarehouseServer {

    Dialect dialect();

    /** The connection pool's settings, secrets included: hand them to the pool only. */
    HikariConfig poolConfig();

    /** One sentence that says what failed and which setting to check; never a secret. */
    WarehouseException describe(Throwable failure);
}
