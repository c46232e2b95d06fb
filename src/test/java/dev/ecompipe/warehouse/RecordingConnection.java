package dev.ecompipe.warehouse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A JDBC connection that answers nothing and records everything a warehouse sends, in order: statements,
 * prepared statements, bound rows per executeBatch, transaction boundaries. Bound timestamps are recorded as snowflake-jdbc sends
 * them by default (TIMESTAMP_LTZ from {@link Timestamp#getTime()}), as UTC text, so a test sees what a real
 * account would store.
 */
final class RecordingConnection {

    /** One thing sent: a statement, a batch of bound rows ({@code rows} of them), or BEGIN, COMMIT, ROLLBACK. */
    record Sent(String sql, List<List<String>> rows) {
        boolean isBatch() {
            return !rows.isEmpty();
        }

        int boundValues() {
            return rows.stream().mapToInt(List::size).sum();
        }
    }

    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private Function<String, List<List<Object>>> answers = sql -> List.of();
    private Predicate<String> failing = sql -> false;
    private ToIntFunction<String> rowsWritten = sql -> 0;
    private boolean closed;
    private boolean autoCommit = true;

    /** Rows to answer queries with; every query gets none unless told. */
    RecordingConnection answering(Function<String, List<List<Object>>> answers) {
        this.answers = answers;
        return this;
    }

    /** How many rows each statement reports written (its update count); none unless told. */
    RecordingConnection writing(ToIntFunction<String> rowsWritten) {
        this.rowsWritten = rowsWritten;
        return this;
    }

    /** Statements that fail as a broken session would. */
    RecordingConnection failingOn(Predicate<String> failing) {
        this.failing = failing;
        return this;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Statement texts and BEGIN/COMMIT/ROLLBACK, one per item, batches as "BATCH <sql>". */
    List<String> log() {
        return sent().stream().map(s -> s.isBatch() ? "BATCH " + s.sql() : s.sql()).toList();
    }

    boolean isClosed() {
        return closed;
    }

    Connection connection() {
        return proxy(Connection.class, (proxy, method, args) -> switch (method.getName()) {
            case "createStatement" -> statement();
            case "prepareStatement" -> {
                // snowflake-jdbc describes a new prepared statement to the server before it first runs
                sent.add(new Sent("PREPARE " + args[0], List.of()));
                yield prepared((String) args[0]);
            }
            case "setAutoCommit" -> {
                boolean on = (Boolean) args[0];
                if (autoCommit && !on) {
                    sent.add(new Sent("BEGIN", List.of()));
                }
                autoCommit = on;
                yield null;
            }
            case "getAutoCommit" -> autoCommit;
            case "commit" -> record("COMMIT");
            case "rollback" -> record("ROLLBACK");
            case "close" -> {
                closed = true;
                yield null;
            }
            case "isClosed" -> closed;
            case "isValid" -> !closed;
            case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
            default -> defaultValue(method);
        });
    }

    private Object record(String what) {
        sent.add(new Sent(what, List.of()));
        return null;
    }

    private Statement statement() {
        int[] lastRows = {0};
        return proxy(Statement.class, (proxy, method, args) -> switch (method.getName()) {
            case "execute", "executeUpdate" -> {
                run((String) args[0]);
                lastRows[0] = rowsWritten.applyAsInt((String) args[0]);
                yield method.getReturnType() == boolean.class ? Boolean.FALSE : (Object) lastRows[0];
            }
            case "getUpdateCount" -> lastRows[0];
            case "executeQuery" -> {
                run((String) args[0]);
                yield resultSet(answers.apply((String) args[0]));
            }
            default -> defaultValue(method);
        });
    }

    private void run(String sql) throws SQLException {
        if (closed) {
            throw new SQLException("Connection is closed", "08003");
        }
        sent.add(new Sent(sql, List.of()));
        if (failing.test(sql)) {
            throw new SQLException("Session no longer exists (recorded failure)");
        }
    }

    private PreparedStatement prepared(String sql) {
        List<List<String>> batch = new ArrayList<>();
        List<String> row = new ArrayList<>();
        return proxy(PreparedStatement.class, (proxy, method, args) -> {
            switch (method.getName()) {
                case "setString" -> set(row, (Integer) args[0], (String) args[1]);
                case "setNull" -> set(row, (Integer) args[0], null);
                case "setTimestamp" -> set(row, (Integer) args[0], asTimestampLtz((Timestamp) args[1]));
                case "setObject", "setInt", "setLong", "setBigDecimal", "setBoolean", "setShort", "setByte", "setDate" ->
                        set(row, (Integer) args[0], String.valueOf(args[1]));
                case "addBatch" -> {
                    batch.add(Collections.unmodifiableList(new ArrayList<>(row)));
                    row.clear();
                }
                case "executeBatch" -> {
                    if (failing.test(sql)) {
                        throw new SQLException("Session no longer exists (recorded failure)");
                    }
                    sent.add(new Sent(sql, new ArrayList<>(batch)));
                    int[] counts = new int[batch.size()];
                    batch.clear();
                    return counts;
                }
                default -> {
                    return defaultValue(method);
                }
            }
            return null;
        });
    }

    private static void set(List<String> row, int index, String value) {
        while (row.size() < index) {
            row.add(null);
        }
        row.set(index - 1, value);
    }

    /** What snowflake-jdbc stores for a bound Timestamp by default: the instant of getTime(), in UTC. */
    private static String asTimestampLtz(Timestamp value) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(value.getTime()), ZoneOffset.UTC).toString();
    }

    private static ResultSet resultSet(List<List<Object>> rows) {
        int[] at = {-1};
        return proxy(ResultSet.class, (proxy, method, args) -> switch (method.getName()) {
            case "next" -> ++at[0] < rows.size();
            case "getString" -> {
                Object value = column(rows.get(at[0]), args[0]);
                yield value == null ? null : value.toString();
            }
            case "getObject" -> column(rows.get(at[0]), args[0]);
            case "getBoolean" -> Boolean.TRUE.equals(column(rows.get(at[0]), args[0]));
            case "getInt" -> ((Number) column(rows.get(at[0]), args[0])).intValue();
            case "getLong" -> ((Number) column(rows.get(at[0]), args[0])).longValue();
            default -> defaultValue(method);
        });
    }

    /** By position, or by name for the one named column the warehouse reads ("value" of SHOW PARAMETERS). */
    private static Object column(List<Object> row, Object which) {
        return which instanceof Integer index ? row.get(index - 1) : row.get(row.size() - 1);
    }

    private static Object defaultValue(Method method) {
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
