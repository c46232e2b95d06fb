package dev.ecompipe.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL of one dialect, read from {@code sql/<dialect>/<file>.sql}. A file is either one script or a
 * series of blocks headed {@code -- name: <block>}; a block may hold several statements, each ending in
 * a semicolon at the end of a line.
 */
public final class SqlStatements {

    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");
    private static final String NAME_MARKER = "-- name:";

    private final Map<String, List<String>> blocks;

    private SqlStatements(Map<String, List<String>> blocks) {
        this.blocks = blocks;
    }

    public static SqlStatements load(String dialect, String file) {
        return load("/sql/" + dialect + "/" + file);
    }

    /** The dialect-neutral analytics, {@code sql/analytics.sql}. */
    public static SqlStatements analytics() {
        return load("/sql/analytics.sql");
    }

    private static SqlStatements load(String resource) {
        try (InputStream in = SqlStatements.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The SQL file " + resource + " is not on the classpath.");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("The SQL file " + resource + " cannot be read.", e);
        }
    }

    static SqlStatements parse(String text) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        String name = "";
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\\r?\\n", -1)) {
            if (line.startsWith(NAME_MARKER)) {
                blocks.put(name, split(body.toString()));
                name = line.substring(NAME_MARKER.length()).strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        blocks.put(name, split(body.toString()));
        blocks.values().removeIf(List::isEmpty);
        return new SqlStatements(blocks);
    }

    private static List<String> split(String body) {
        List<String> statements = new ArrayList<>();
        for (String part : STATEMENT_END.split(body)) {
            if (!withoutComments(part).isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?m)^\\s*--.*$", "");
    }

    /** The statements of a named block, in file order. */
    public List<String> block(String name) {
        List<String> statements = blocks.get(name);
        if (statements == null) {
            throw new IllegalArgumentException("No SQL block named '" + name + "'.");
        }
        return statements;
    }

    /** Executes the statements of a named block, in file order. */
    public void run(java.sql.Statement statement, String name) throws java.sql.SQLException {
        for (String sql : block(name)) {
            statement.execute(sql);
        }
    }

    /** The only statement of a named block. */
    public String single(String name) {
        List<String> statements = block(name);
        if (statements.size() != 1) {
            throw new IllegalStateException("The SQL block '" + name + "' must hold exactly one statement.");
        }
        return statements.get(0);
    }

    /** Every statement of a file without named blocks, or of all blocks in order. */
    public List<String> all() {
        List<String> statements = new ArrayList<>();
        blocks.values().forEach(statements::addAll);
        return statements;
    }
}
