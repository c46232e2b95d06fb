package dev.ecompipe.warehouse;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.postgresql.PGConnection;

/** PostgreSQL stages through COPY (PgJDBC's CopyManager), the bulk path the server is built for. */
final class PostgresDialect implements Dialect {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean enforcesOrderKey() {
        return true;
    }

    /** PostgreSQL's text types reject the NUL character outright. */
    @Override
    public boolean storesNulCharacters() {
        return false;
    }

    @Override
    public StagingTable stagingTable(Connection connection, String table, int expectedRows) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        return new TextRowTable() {
            private final StringBuilder rows = new StringBuilder();

            @Override
            protected void send(List<String> values) {
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        rows.append('\t');
                    }
                    appendCopyText(rows, values.get(i));
                }
                rows.append('\n');
            }

            @Override
            public void close() throws SQLException {
                if (rows.length() == 0) {
                    return;
                }
                try {
                    postgres.getCopyAPI().copyIn("COPY " + table + " FROM STDIN", new StringReader(rows.toString()));
                } catch (IOException e) {
                    throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
                }
            }
        };
    }

    /** COPY's text format: NULL is \N; backslash, tab, newline and carriage return are escaped. */
    static void appendCopyText(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
