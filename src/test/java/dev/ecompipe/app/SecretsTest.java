package dev.ecompipe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.TestBroker;
import dev.ecompipe.ops.HealthReport;
import dev.ecompipe.postgres.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Recognisable secrets set in every secret setting never reach the logs, the health output or the summary. */
class SecretsTest {

    private static final String MARKER = "S3cr3t-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @Test
    void secretsNeverReachLogsHealthOrSummary() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event.getFormattedMessage());
                if (event.getThrowableProxy() != null) {
                    logged.add(event.getThrowableProxy().getMessage());
                }
            }
        };
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = logging.getLogger("dev.ecompipe");
        Logger camel = logging.getLogger("org.apache.camel");
        ch.qos.logback.classic.Level ourLevel = ours.getLevel();
        ch.qos.logback.classic.Level camelLevel = camel.getLevel();
        ours.setLevel(ch.qos.logback.classic.Level.DEBUG);
        // camel-main logs the properties it was given at INFO
        camel.setLevel(ch.qos.logback.classic.Level.INFO);
        capture.start();
        root.addAppender(capture);
        try (TestBroker broker = new TestBroker(dir.resolve("kafka"))) {
            Map<String, String> values = new HashMap<>();
            values.put("kafka.bootstrap.servers", broker.bootstrapServers());
            values.put("kafka.group.id", "secrets-" + UUID.randomUUID());
            // a warehouse that signs in with its secret (the test server trusts local connections, so any value works)
            values.putAll(TestPostgres.settings(TestPostgres.newDatabase("secrets")));
            values.put("postgres.password", MARKER);
            values.put("producer.orders", "200");
            values.put("producer.rate", "0");
            values.put("ops.http.port", String.valueOf(TestBroker.freePort()));
            values.put("ops.management.port", String.valueOf(TestBroker.freePort()));
            // off by default; on here, so the check covers everything Camel is given
            values.put("camel.main.autoConfigurationLogSummary", "true");
            for (String key : List.of("snowflake.password", "snowflake.private-key-password", "snowflake.private-key-base64")) {
                values.put(key, MARKER);
            }
            Settings settings = Settings.of(values);
            Path summary = dir.resolve("summary.json");

            PipelineRunner.run(settings, PipelineRunner.Mode.PIPELINE, true, summary);

            assertThat(logged).as("the property summary and the batches were logged").anyMatch(line -> line.contains("kafka.group.id"))
                    .anyMatch(line -> line.startsWith("Batch "));
            assertThat(logged).noneMatch(line -> line != null && line.contains(MARKER));
            assertThat(Files.readString(summary)).doesNotContain(MARKER);
            assertThat(HealthReport.check(settings)).allSatisfy(part -> assertThat(part.toString()).doesNotContain(MARKER));
        } finally {
            root.detachAppender(capture);
            ours.setLevel(ourLevel);
            camel.setLevel(camelLevel);
        }
    }

    @Test
    void secretSettingsAreNotHandedToCamel() {
        Settings settings = Settings.of(Map.of("snowflake.password", MARKER, "snowflake.private-key-base64", MARKER,
                "postgres.password", MARKER));
        assertThat(settings.asCamelProperties().values()).doesNotContain(MARKER);
        assertThat(settings.asCamelProperties()).containsKey("kafka.group.id");
    }
}
