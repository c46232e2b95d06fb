package dev.ecompipe.config;

import java.util.Map;

/**
 * Checks every numeric and boolean setting the routes read through Camel placeholders before anything
 * starts, so a wrong value stops the start with one sentence naming it instead of a stack trace later.
 */
public final class SettingsCheck {

    private static final Map<String, long[]> WHOLE_NUMBERS = Map.ofEntries(
            Map.entry("kafka.topic.orders.partitions", new long[] {1, 10_000}),
            Map.entry("kafka.max-message-bytes", new long[] {1024, 100L * 1024 * 1024}),
            Map.entry("kafka.session-timeout-ms", new long[] {6_000, 300_000}),
            Map.entry("kafka.embedded.port", new long[] {1, 65_535}),
            Map.entry("kafka.embedded.controller-port", new long[] {1, 65_535}),
            Map.entry("ingest.batch-size", new long[] {1, 1_000_000}),
            Map.entry("ingest.batch-timeout-ms", new long[] {1, 3_600_000}),
            Map.entry("ingest.max-poll-records", new long[] {1, 1_000_000}),
            Map.entry("ingest.max-pending-batches", new long[] {1, 1_000}),
            Map.entry("ingest.warmup-ms", new long[] {0, 600_000}),
            Map.entry("warehouse.duckdb.threads", new long[] {0, 1024}),
            Map.entry("ingest.warmup-orders", new long[] {0, 10_000_000}),
            Map.entry("ingest.retry.initial-backoff-ms", new long[] {1, 3_600_000}),
            Map.entry("ingest.retry.max-backoff-ms", new long[] {1, 3_600_000}),
            Map.entry("producer.tick-ms", new long[] {1, 60_000}),
            Map.entry("producer.max-per-tick", new long[] {1, 1_000_000}),
            Map.entry("producer.orders", new long[] {-1, Long.MAX_VALUE}),
            Map.entry("ops.http.port", new long[] {1, 65_535}),
            Map.entry("ops.management.port", new long[] {1, 65_535}),
            Map.entry("ops.throughput-log-seconds", new long[] {1, 3_600}),
            Map.entry("ops.latency-warmup-seconds", new long[] {0, 3_600}));

    private SettingsCheck() {
    }

    public static void check(Settings settings) {
        WHOLE_NUMBERS.forEach((key, range) -> settings.getLong(key, range[0], range[1]));
        settings.getBoolean("producer.enabled");
        settings.getBoolean("ops.dead-letter-log.enabled");
        String rate = settings.require("producer.rate");
        try {
            if (Double.parseDouble(rate) < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigurationException("The setting producer.rate must be a number of orders per second, 0 or more, not '"
                    + rate + "'.");
        }
        if (settings.isSet("producer.seed")) {
            settings.getLong("producer.seed", Long.MIN_VALUE, Long.MAX_VALUE);
        }
        settings.require("kafka.group.id");
        settings.require("kafka.topic.orders");
        settings.require("kafka.topic.dead-letter");
    }
}
