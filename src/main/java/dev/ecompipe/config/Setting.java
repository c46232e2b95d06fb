package dev.ecompipe.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of the pipeline, declared once: its name, type, allowed range, whether it is a secret, and one
 * line of meaning. The default is its value in application.properties, the file both the pipeline and Camel
 * read (a test checks that the two list the same settings, and that the README's table lists them all).
 * {@link Settings} and {@link SettingsCheck} read this declaration.
 */
public enum Setting {

    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", Type.TEXT, "Kafka brokers; empty starts the embedded broker"),
    KAFKA_GROUP_ID("kafka.group.id", Type.REQUIRED_TEXT, "consumer group"),
    KAFKA_TOPIC_ORDERS("kafka.topic.orders", Type.REQUIRED_TEXT, "the orders topic (created if missing)"),
    KAFKA_TOPIC_DEAD_LETTER("kafka.topic.dead-letter", Type.REQUIRED_TEXT, "the dead-letter topic (created if missing)"),
    KAFKA_TOPIC_ORDERS_PARTITIONS("kafka.topic.orders.partitions", 1, 1_000, "partitions of a newly created orders topic"),
    KAFKA_MAX_MESSAGE_BYTES("kafka.max-message-bytes", 1024, 100L * 1024 * 1024, "the largest message the producers send"),
    KAFKA_SESSION_TIMEOUT_MS("kafka.session-timeout-ms", 6_000, 300_000,
            "an instance silent this long loses its partitions to the others of its group"),
    KAFKA_EMBEDDED_PORT("kafka.embedded.port", Type.PORT, "client port of the embedded broker (127.0.0.1)"),
    KAFKA_EMBEDDED_CONTROLLER_PORT("kafka.embedded.controller-port", Type.PORT, "controller port of the embedded broker"),
    KAFKA_EMBEDDED_DATA_DIR("kafka.embedded.data-dir", Type.TEXT, "log directory of the embedded broker"),

    WAREHOUSE_TYPE("warehouse.type", Type.TEXT, "duckdb, postgres or snowflake; empty chooses by the settings present"),
    WAREHOUSE_DUCKDB_PATH("warehouse.duckdb.path", Type.TEXT, "the DuckDB file"),
    WAREHOUSE_DUCKDB_THREADS("warehouse.duckdb.threads", 0, 1_024, "DuckDB's worker threads; 0 keeps DuckDB's default"),
    POSTGRES_URL("postgres.url", Type.TEXT, "PostgreSQL warehouse: a JDBC URL"),
    POSTGRES_USER("postgres.user", Type.TEXT, "PostgreSQL user"),
    POSTGRES_PASSWORD("postgres.password", Type.SECRET, "PostgreSQL password"),
    POSTGRES_SCHEMA("postgres.schema", Type.TEXT, "an existing PostgreSQL schema; empty: the user's search path"),
    SNOWFLAKE_ACCOUNT("snowflake.account", Type.TEXT, "Snowflake account identifier"),
    SNOWFLAKE_USER("snowflake.user", Type.TEXT, "Snowflake service user"),
    SNOWFLAKE_PRIVATE_KEY_FILE("snowflake.private-key-file", Type.SECRET, "the user's private key (PKCS#8) as a file"),
    SNOWFLAKE_PRIVATE_KEY_BASE64("snowflake.private-key-base64", Type.SECRET, "the user's private key in base64"),
    SNOWFLAKE_PRIVATE_KEY_PASSWORD("snowflake.private-key-password", Type.SECRET, "the private key's passphrase"),
    SNOWFLAKE_PASSWORD("snowflake.password", Type.SECRET, "password, only for a legacy user"),
    SNOWFLAKE_ROLE("snowflake.role", Type.TEXT, "Snowflake role"),
    SNOWFLAKE_WAREHOUSE("snowflake.warehouse", Type.TEXT, "Snowflake warehouse"),
    SNOWFLAKE_DATABASE("snowflake.database", Type.TEXT, "Snowflake database"),
    SNOWFLAKE_SCHEMA("snowflake.schema", Type.TEXT, "Snowflake schema"),

    INGEST_BATCH_SIZE("ingest.batch-size", 1, 1_000_000, "a batch is written at this many messages"),
    INGEST_BATCH_TIMEOUT_MS("ingest.batch-timeout-ms", 1, 3_600_000,
            "a batch is written once this old and the loader is free, or when no message came for this long"),
    INGEST_WARMUP_MS("ingest.warmup-ms", 0, 600_000,
            "how long generated orders warm the load path before the consumer joins; 0 skips it"),
    INGEST_WARMUP_ORDERS("ingest.warmup-orders", 0, 10_000_000, "the most orders the warm-up generates"),
    INGEST_MAX_POLL_RECORDS("ingest.max-poll-records", 1, 1_000_000, "the most records one Kafka poll returns"),
    INGEST_MAX_PENDING_BATCHES("ingest.max-pending-batches", 1, 1_000,
            "completed batches that may wait for the warehouse before the consumer waits too"),
    INGEST_RETRY_INITIAL_BACKOFF_MS("ingest.retry.initial-backoff-ms", 1, 3_600_000,
            "first delay before a failing warehouse write is retried"),
    INGEST_RETRY_MAX_BACKOFF_MS("ingest.retry.max-backoff-ms", 1, 3_600_000, "longest delay between retries of a failing write"),

    PRODUCER_ENABLED("producer.enabled", Type.BOOLEAN, "whether run produces"),
    PRODUCER_RATE("producer.rate", Type.RATE, "mock orders per second (0: as fast as possible)"),
    PRODUCER_ORDERS("producer.orders", -1, Long.MAX_VALUE, "how many mock orders (-1: until stopped)"),
    PRODUCER_SEED("producer.seed", Type.OPTIONAL_WHOLE_NUMBER, "the seed of a reproducible stream; empty: random"),
    PRODUCER_TICK_MS("producer.tick-ms", 1, 60_000, "how often the producer publishes a chunk"),
    PRODUCER_MAX_PER_TICK("producer.max-per-tick", 1, 1_000_000, "the largest chunk"),
    PRODUCER_ORDERS_FILE("producer.orders-file", Type.TEXT, "publish each line of this JSON-lines file instead of mock orders"),

    OPS_THROUGHPUT_LOG_SECONDS("ops.throughput-log-seconds", 1, 3_600, "how often the throughput line is logged"),
    OPS_LATENCY_WARMUP_SECONDS("ops.latency-warmup-seconds", 0, 3_600,
            "the run summary's steady latency leaves out messages produced in the first this many seconds"),
    OPS_LATENCY_TIMELINE_SECONDS("ops.latency-timeline-seconds", 0, 86_400,
            "the run summary keeps the latencies of each second of production for at most this many seconds"),
    OPS_HTTP_PORT("ops.http.port", Type.PORT, "HTTP port of the running pipeline"),
    OPS_MANAGEMENT_PORT("ops.management.port", Type.PORT, "health and metrics port"),
    OPS_ROUTES_DIR("ops.routes-dir", Type.TEXT, "route files (*.yaml) loaded at start"),
    OPS_DEAD_LETTER_LOG_ENABLED("ops.dead-letter-log.enabled", Type.BOOLEAN, "the routes/dead-letter-log.yaml route");

    /** What a setting's value may be. */
    public enum Type { TEXT, REQUIRED_TEXT, SECRET, WHOLE_NUMBER, OPTIONAL_WHOLE_NUMBER, PORT, RATE, BOOLEAN }

    private static final Map<String, Setting> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toMap(Setting::key, Function.identity()));

    private final String key;
    private final Type type;
    private final long min;
    private final long max;
    private final String meaning;

    Setting(String key, Type type, String meaning) {
        this(key, type, type == Type.PORT ? 1 : Long.MIN_VALUE, type == Type.PORT ? 65_535 : Long.MAX_VALUE, meaning);
    }

    Setting(String key, long min, long max, String meaning) {
        this(key, Type.WHOLE_NUMBER, min, max, meaning);
    }

    Setting(String key, Type type, long min, long max, String meaning) {
        this.key = key;
        this.type = type;
        this.min = min;
        this.max = max;
        this.meaning = meaning;
    }

    public static Optional<Setting> of(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public String key() {
        return key;
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
            case TEXT, SECRET -> {
                // any text, empty included
            }
        }
    }
}
