package dev.ecompipe.warehouse;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;
import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.ingest.OrderFingerprint;
import dev.ecompipe.order.Order;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What can be checked about the Snowflake warehouse without an account: its SQL, its binds, its sign-in settings. */
class SnowflakeOfflineTest {

    private static final String SECRET = "Pa55-w0rd-or-key-material";

    /**
     * Statements JSqlParser 5 does not parse although Snowflake runs them, each with the reason. Everything
     * else in sql/snowflake must parse.
     */
    private static final Map<String, String> PARSER_GAPS = Map.of(
            "CREATE SEQUENCE IF NOT EXISTS", "JSqlParser 5.3 does not know IF NOT EXISTS on CREATE SEQUENCE");

    private static Settings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("snowflake.account", "myorg-myaccount", "snowflake.user", "LOADER",
                "snowflake.database", "E_COMMERCE", "snowflake.schema", "E_COMMERCE", "snowflake.role", "ECOMMERCE_LOADER"));
        all.putAll(values);
        return Settings.of(all);
    }

    @Test
    void everySnowflakeStatementParses() {
        List<String> statements = new ArrayList<>();
        for (String file : List.of("schema.sql", "load.sql")) {
            statements.addAll(SqlStatements.load("snowflake", file).all());
        }
        statements.addAll(SqlStatements.analytics().all());
        assertThat(statements).hasSizeGreaterThan(40);
        List<String> failures = new ArrayList<>();
        for (String sql : statements) {
            String normalized = sql.replaceAll("(?m)^\\s*--.*$", "").strip().replaceAll("\\s+", " ");
            if (PARSER_GAPS.keySet().stream().anyMatch(normalized::startsWith)) {
                continue;
            }
            try {
                CCJSqlParserUtil.parse(sql.replace(":limit", "10"));
            } catch (Exception e) {
                failures.add(normalized.substring(0, Math.min(120, normalized.length())) + " -> " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theStagingInsertsBindExactlyTheParametersTheirStatementsHave() throws Exception {
        Map<String, Set<Integer>> boundIndexes = new HashMap<>();
        Map<String, Integer> batches = new HashMap<>();
        Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("prepareStatement")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String sql = (String) args[0];
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                            (p, m, a) -> {
                                switch (m.getName()) {
                                    case "setString", "setNull" -> boundIndexes.computeIfAbsent(sql, s -> new TreeSet<>()).add((Integer) a[0]);
                                    case "addBatch" -> batches.merge(sql, 1, Integer::sum);
                                    case "executeBatch" -> {
                                        return new int[0];
                                    }
                                    default -> { }
                                }
                                return null;
                            });
                });
        OrderBatch batch = new OrderBatch(0);
        Order order = new Order("O-1", Instant.parse("2026-07-04T10:00:00Z"), new Order.Customer("C-1", "Ada", null, "EU"),
                List.of(new Order.Line(1, "P-1", "Pan", "Kitchen", new BigDecimal("9.99"), 2),
                        new Order.Line(2, "P-2", "Cup", "Kitchen", new BigDecimal("1.00"), 1)));
        batch.add(new IncomingOrder(order, OrderFingerprint.of(order), new KafkaPosition("orders", 1, 7), "C-1", new byte[0]));

        BatchStaging staging = new BatchStaging(new SnowflakeDialect());
        staging.stageLatestProductLines(connection, staging.stage(connection, batch, Set.of()), Set.of());

        Map<String, Integer> columns = Map.of("STAGE_ORDERS", 10, "STAGE_LINES", 8, "STAGE_DATES", 13, "STAGE_OFFSETS", 3,
                "STAGE_PRODUCTS", 7);
        assertThat(boundIndexes).hasSize(columns.size());
        boundIndexes.forEach((sql, indexes) -> {
            long placeholders = sql.chars().filter(c -> c == '?').count();
            String table = sql.replaceAll("^INSERT INTO (\\w+) .*$", "$1");
            assertThat(indexes).as(sql).hasSize((int) placeholders).first().isEqualTo(1);
            assertThat(indexes).as(sql).last().isEqualTo(columns.get(table));
        });
        assertThat(batches).containsEntry("INSERT INTO STAGE_LINES VALUES (?, ?, ?, ?, ?, ?, ?, ?)", 2)
                .containsEntry("INSERT INTO STAGE_ORDERS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 1);
    }

    @Test
    void keyPairIsTheDefaultSignInAndSecretsStayOutOfMessages() throws Exception {
        java.nio.file.Path key = java.nio.file.Files.createTempFile("rsa_key", ".p8");
        SnowflakeConnection file = SnowflakeConnection.from(settings(Map.of("snowflake.private-key-file", key.toString(),
                "snowflake.private-key-password", SECRET)));
        assertThat(file.properties()).containsEntry("private_key_file", key.toAbsolutePath().toString())
                .containsEntry("private_key_pwd", SECRET).containsEntry("user", "LOADER").containsEntry("role", "ECOMMERCE_LOADER")
                .containsEntry("db", "E_COMMERCE").containsEntry("QUERY_TAG", "ecommerce-pipeline").doesNotContainKey("password");
        assertThat(file.url()).isEqualTo("jdbc:snowflake://myorg-myaccount.snowflakecomputing.com/");

        String key64 = java.util.Base64.getEncoder().encodeToString(SnowflakeSessionSettingsTest.p8File().getBytes());
        SnowflakeConnection base64 = SnowflakeConnection.from(settings(Map.of("snowflake.private-key-base64", key64)));
        assertThat(base64.properties()).containsEntry("private_key_base64", key64).doesNotContainKey("private_key_pwd");

        SnowflakeConnection password = SnowflakeConnection.from(settings(Map.of("snowflake.password", SECRET)));
        assertThat(password.properties()).containsEntry("password", SECRET).doesNotContainKey("private_key_base64");

        for (SnowflakeConnection connection : List.of(file, base64, password)) {
            assertThat(connection.toString()).doesNotContain(SECRET).doesNotContain(key64).contains("myorg-myaccount");
        }
    }

    @Test
    void wrongSettingsFailWithOneSentenceNamingTheSetting() {
        assertThatThrownBy(() -> SnowflakeConnection.from(settings(Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Snowflake needs a private key: set snowflake.private-key-file (or snowflake.private-key-base64),"
                        + " or snowflake.password for a legacy user.");
        assertThatThrownBy(() -> SnowflakeConnection.from(settings(Map.of("snowflake.account", "https://x.snowflakecomputing.com",
                "snowflake.password", SECRET)))).hasMessageContaining("snowflake.account");
        assertThatThrownBy(() -> SnowflakeConnection.from(settings(Map.of("snowflake.private-key-file", "/no/such/key.p8"))))
                .hasMessage("The private key file /no/such/key.p8 (snowflake.private-key-file) cannot be read.");
        assertThatThrownBy(() -> SnowflakeConnection.from(settings(Map.of("snowflake.user", "", "snowflake.password", SECRET))))
                .hasMessage("The setting snowflake.user (environment variable SNOWFLAKE_USER) must be set.");
        assertThat(Warehouses.type(settings(Map.of()))).isEqualTo("snowflake");
        assertThat(Warehouses.type(Settings.of(Map.of()))).isEqualTo("duckdb");
    }

    @Test
    void anUnreachableAccountFailsFastWithAReadableSentence() {
        ServerWarehouse warehouse = new ServerWarehouse(SnowflakeConnection.from(settings(Map.of(
                "snowflake.account", "no-such-account.invalid", "snowflake.password", SECRET))));
        long started = System.nanoTime();
        assertThatThrownBy(warehouse::initSchema)
                .isInstanceOf(WarehouseException.class)
                .hasMessageStartingWith("Snowflake account no-such-account.invalid cannot be reached")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        warehouse.close();
    }
}
