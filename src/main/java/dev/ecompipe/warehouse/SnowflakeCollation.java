package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * Order ids break ties in event time and decide what is a duplicate, by code point on every warehouse. A
 * DEFAULT_DDL_COLLATION on the account, database or schema would give every VARCHAR column that Snowflake
 * creates (the staging tables too) another order and equality ('en-ci' makes 'o-1' a duplicate of 'O-1'),
 * so init-schema refuses such a schema instead of loading into it.
 */
final class SnowflakeCollation {

    /** No collation, or UTF-8 byte order: both compare by code point. */
    private static final Set<String> CODE_POINT_ORDER = Set.of("", "utf8");

    private SnowflakeCollation() {
    }

    static void requireCodePointOrder(Connection connection) throws SQLException, WarehouseException {
        String database;
        String schema;
        try (Statement statement = connection.createStatement();
             ResultSet where = statement.executeQuery("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA()")) {
            where.next();
            database = where.getString(1);
            schema = where.getString(2);
        }
        if (database == null || schema == null) {
            return; // init-schema's first CREATE names what is missing
        }
        String qualified = quoted(database) + "." + quoted(schema);
        // SHOW PARAMETERS IN SCHEMA gives the value in force there, wherever it was set
        try (Statement statement = connection.createStatement();
             ResultSet parameter = statement.executeQuery("SHOW PARAMETERS LIKE 'DEFAULT_DDL_COLLATION' IN SCHEMA " + qualified)) {
            String collation = parameter.next() ? parameter.getString("value") : "";
            if (!CODE_POINT_ORDER.contains(collation == null ? "" : collation.strip().toLowerCase(Locale.ROOT))) {
                throw new WarehouseException("The Snowflake schema " + qualified + " has DEFAULT_DDL_COLLATION '" + collation
                        + "', which would change how order ids compare: run ALTER SCHEMA " + qualified
                        + " SET DEFAULT_DDL_COLLATION = 'utf8' before init-schema.", null);
            }
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
