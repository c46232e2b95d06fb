package dev.ecompipe.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of the pipeline, declared once: its name, default, type, allowed range, whether it is a secret,
 * and one line of meaning. {@link Settings} starts from these defaults and {@link SettingsCheck} checks against
 * the rest; application.properties holds only camel-main's own settings and local overrides (a test checks that,
 * and that the README's table shows every setting with this default).
 */
public enum Setting {

    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", "", Type.TEXT, "Kafka brokers; empty starts the embedded broker"),
    KAFKA_GROUP_ID("kafka.group.id", "ecommerce-consumer", Type.REQUIRED_TEXT, "consumer group"),
    KAFKA_TOPIC_ORDERS("kafka.topic.orders", "orders", Type.REQUIRED_TEXT, "the orders topic (created if missing)"),
    KAFKA_TOPIC_DEAD_LETTER("kafka.topic.dead-letter", "orders.dlq", Type.REQUIRED_TEXT, "the dead-letter topic (created if missing)"),
    KAFKA_TOPIC_ORDERS_PARTITIONS("kafka.topic.orders.partitions", "6", 1, 1_000, "partitions of a newly created orders topic"),
    KAFKA_MAX_MESSAGE_BYTES("kafka.max-message-bytes", "4194304", 1024, 100L * 1024 * 1024, "the largest message the producers send"),
    KAFKA_SESSION_TIMEOUT_MS("kafka.session-timeout-ms", "45000", 6_000, 300_000,
            "an instance silent this long loses its partitions to the others of its group"),
    KAFKA_EMBEDDED_PORT("kafka.embedded.port", "9092", Type.PORT, "client port of the embedded broker (127.0.0.1)"),
    KAFKA_EMBEDDED_CONTROLLER_PORT("kafka.embedded.controller-port", "9093", Type.PORT, "controller port of the embedded broker"),
    KAFKA_EMBEDDED_DATA_DIR("kafka.embedded.data-dir", "data/kafka", Type.TEXT, "log directory of the embedded broker"),

    WAREHOUSE_TYPE("warehouse.type", "", List.of("duckdb", "postgres", "snowflake"),
            "duckdb, postgres or snowflake; empty chooses by the settings present"),
    WAREHOUSE_DUCKDB_PATH("warehouse.duckdb.path", "data/warehouse.duckdb", Type.TEXT, "the DuckDB file"),
    WAREHOUSE_DUCKDB_THREADS("warehouse.duckdb.threads", "1", 0, 1_024,
            "DuckDB's worker threads; 0 is DuckDB's default, one per core"),
    POSTGRES_URL("postgres.url", "", Type.TEXT, "PostgreSQL warehouse: a JDBC URL"),
    POSTGRES_USER("postgres.user", "", Type.TEXT, "PostgreSQL user"),
    POSTGRES_PASSWORD("postgres.password", "", Type.SECRET, "PostgreSQL password"),
    POSTGRES_SCHEMA("postgres.schema", "", Type.TEXT, "an existing PostgreSQL schema; empty: the user's search path"),
    SNOWFLAKE_ACCOUNT("snowflake.account", "", Type.TEXT, "Snowflake account identifier"),
    SNOWFLAKE_USER("snowflake.user", "", Type.TEXT, "Snowflake service user"),
    SNOWFLAKE_PRIVATE_KEY_FILE("snowflake.private-key-file", "", Type.SECRET, "the user's private key (PKCS#8) as a file"),
    SNOWFLAKE_PRIVATE_KEY_BASE64("snowflake.private-key-base64", "", Type.SECRET, "the user's private key in base64"),
    SNOWFLAKE_PRIVATE_KEY_PASSWORD("snowflake.private-key-password", "", Type.SECRET, "the private key's passphrase"),
    SNOWFLAKE_PASSWORD("snowflake.password", "", Type.SECRET, "password, only for a legacy user"),
    SNOWFLAKE_ROLE("snowflake.role", "", Type.TEXT, "Snowflake role"),
    SNOWFLAKE_WAREHOUSE("snowflake.warehouse", "", Type.TEXT, "Snowflake warehouse"),
    SNOWFLAKE_DATABASE("snowflake.database", "E_COMMERCE", Type.TEXT, "Snowflake database"),
    SNOWFLAKE_SCHEMA("snowflake.schema", "E_COMMERCE", Type.TEXT, "Snowflake schema"),

    INGEST_BATCH_SIZE("ingest.batch-size", "20000", 1, 1_000_000, "a batch is written once it holds this many messages"),
    INGEST_BATCH_TIMEOUT_MS("ingest.batch-timeout-ms", "200", 1, 3_600_000,
            "a batch is written once this old and the loader is free, or when no message came for this long"),
    INGEST_WARMUP_MS("ingest.warmup-ms", "15000", 0, 600_000,
            "how long at most generated orders warm the load path before the consumer joins; 0 skips it"),
    INGEST_WARMUP_ORDERS("ingest.warmup-orders", "30000", 0, 10_000_000,
            "how many orders the warm-up runs through the load path, unless ingest.warmup-ms ends it first"),
    INGEST_WARMUP_MIN_MS("ingest.warmup-min-ms", "3000", 0, 600_000,
            "once orders are arriving on the topic, the warm-up ends after this long: each further second is a second of backlog"),
    INGEST_MAX_POLL_RECORDS("ingest.max-poll-records", "5000", 1, 1_000_000,
            "the most records one Kafka poll returns, and one exchange of the ingest route holds"),
    INGEST_MAX_PENDING_BATCHES("ingest.max-pending-batches", "2", 1, 1_000,
            "completed batches that may wait for the warehouse before the consumer waits too"),
    INGEST_RETRY_INITIAL_BACKOFF_MS("ingest.retry.initial-backoff-ms", "200", 1, 3_600_000,
            "first delay before a failing warehouse write is retried"),
    INGEST_RETRY_MAX_BACKOFF_MS("ingest.retry.max-backoff-ms", "10000", 1, 3_600_000, "longest delay between retries of a failing write"),

    PRODUCER_ENABLED("producer.enabled", "true", Type.BOOLEAN, "whether run produces"),
    PRODUCER_RATE("producer.rate", "2000", Type.RATE, "mock orders per second (0: as fast as possible)"),
    PRODUCER_ORDERS("producer.orders", "-1", -1, Long.MAX_VALUE, "how many mock orders (-1: until stopped)"),
    PRODUCER_SEED("producer.seed", "", Type.OPTIONAL_WHOLE_NUMBER, "the seed of a reproducible stream; empty: random"),
    PRODUCER_TICK_MS("producer.tick-ms", "20", 1, 60_000, "how often the producer publishes a chunk"),
    PRODUCER_MAX_PER_TICK("producer.max-per-tick", "5000", 1, 1_000_000, "the largest chunk"),
    PRODUCER_EVENT_TIME("producer.event-time", "stream", List.of("stream", "clock"),
            "mock orders' order_ts: stream, the seeded stream's 120 days up to today; clock, the moment each is made"),
    PRODUCER_ORDERS_FILE("producer.orders-file", "", Type.TEXT, "publish each line of this JSON-lines file instead of mock orders"),

    OPS_THROUGHPUT_LOG_SECONDS("ops.throughput-log-seconds", "5", 1, 3_600, "how often the throughput line is logged"),
    OPS_LATENCY_WARMUP_SECONDS("ops.latency-warmup-seconds", "10", 0, 3_600,
            "the run summary's steady latency leaves out messages produced in the first this many seconds"),
    OPS_LATENCY_TIMELINE_SECONDS("ops.latency-timeline-seconds", "0", 0, 86_400,
            "the run summary keeps the latencies of each second of production for at most this many seconds"),
    OPS_HTTP_PORT("ops.http.port", "8080", Type.PORT, "HTTP port of the running pipeline"),
    OPS_MANAGEMENT_PORT("ops.management.port", "9876", Type.PORT, "health and metrics port"),
    OPS_ROUTES_DIR("ops.routes-dir", "routes", Type.TEXT, "route files (*.yaml) loaded at start"),
    OPS_DEAD_LETTER_LOG_ENABLED("ops.dead-letter-log.enabled", "true", Type.BOOLEAN, "the routes/dead-letter-log.yaml route");

    /** What a setting's value may be. */
    public enum Type { TEXT, REQUIRED_TEXT, SECRET, WHOLE_NUMBER, OPTIONAL_WHOLE_NUMBER, PORT, RATE, BOOLEAN, CHOICE }

    private static final Map<String, Setting> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toMap(Setting::key, Function.identity()));

    private final String key;
    private final String defaultValue;
    private final Type type;
    private final long min;
    private final long max;
    private final String meaning;
    private final List<String> choices;

    /** A setting that is empty or one of the given words. */
    Setting(String key, String defaultValue, List<String> choices, String meaning) {
        this(key, defaultValue, Type.CHOICE, Long.MIN_VALUE, Long.MAX_VALUE, meaning, choices);
    }

    Setting(String key, String defaultValue, Type type, String meaning) {
        this(key, defaultValue, type, type == Type.PORT ? 1 : Long.MIN_VALUE, type == Type.PORT ? 65_535 : Long.MAX_VALUE,
                meaning, List.of());
    }

    Setting(String key, String defaultValue, long min, long max, String meaning) {
        this(key, defaultValue, Type.WHOLE_NUMBER, min, max, meaning, List.of());
    }

    Setting(String key, String defaultValue, Type type, long min, long max, String meaning, List<String> choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.type = type;
        this.min = min;
        this.max = max;
        this.meaning = meaning;
        this.choices = choices;
    }

    public static Optional<Setting> of(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public String key() {
        return key;
    }

    /** The value when nothing sets it; empty for "not set". */
    public String defaultValue() {
        return defaultValue;
    }

    public Type type() {
        return type;
    }

    /** The smallest allowed value of a whole-number setting. */
    public long min() {
        return min;
    }

    /** The largest allowed value of a whole-number setting. */
    public long max() {
        return max;
    }

    public boolean secret() {
        return type == Type.SECRET;
    }

    public String meaning() {
        return meaning;
    }

    /** Stops the start with one sentence naming this setting when its value is not of its type and range. */
    void check(Settings settings) {
        switch (type) {
            case REQUIRED_TEXT -> settings.require(key);
            case WHOLE_NUMBER, PORT -> settings.getLong(key, min, max);
            case OPTIONAL_WHOLE_NUMBER -> {
                if (settings.isSet(key)) {
                    settings.getLong(key, min, max);
                }
            }
            case BOOLEAN -> settings.getBoolean(key);
            case RATE -> {
                String rate = settings.require(key);
                try {
                    if (Double.parseDouble(rate) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("The setting " + key + " must be a number of orders per second, 0 or more, not '"
                            + rate + "'.");
                }
            }
            case CHOICE -> {
                String value = settings.get(key);
                if (!value.isEmpty() && !choices.contains(value)) {
                    throw new ConfigurationException("The setting " + key + " must be "
                            + String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1)
                            + ", or empty, not '" + value + "'.");
                }
            }
            case TEXT, SECRET -> {
                // any text, empty included
            }
        }
    }
}
