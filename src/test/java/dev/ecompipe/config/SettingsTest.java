package dev.ecompipe.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void environmentOverridesDotEnvWhichOverridesTheProperties() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "kafka.group.id=from-file\ningest.batch-size=7\n");
        Files.writeString(dir.resolve(".env"), "# comment\nexport KAFKA_GROUP_ID=\"from-dotenv\"\nINGEST_BATCH_SIZE=9\n");

        Settings settings = Settings.load(dir, Map.of("INGEST_BATCH_SIZE", "11"), Map.of());

        assertThat(settings.get("kafka.group.id")).isEqualTo("from-dotenv");
        assertThat(settings.getInt("ingest.batch-size")).isEqualTo(11);
        assertThat(Settings.load(dir, Map.of("INGEST_BATCH_SIZE", "11"), Map.of("ingest.batch-size", "12"))
                .get("ingest.batch-size")).isEqualTo("12");
    }

    @Test
    void theShippedSettingsPassTheCheckAndAWrongOneIsNamed() {
        SettingsCheck.check(Settings.of(Map.of()));
        assertThatThrownBy(() -> SettingsCheck.check(Settings.of(Map.of("ingest.batch-timeout-ms", "soon"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The setting ingest.batch-timeout-ms must be a whole number, not 'soon'.");
        assertThatThrownBy(() -> SettingsCheck.check(Settings.of(Map.of("ingest.batch-size", "0"))))
                .hasMessage("The setting ingest.batch-size must be between 1 and 1000000, not 0.");
        assertThatThrownBy(() -> SettingsCheck.check(Settings.of(Map.of("producer.rate", "fast"))))
                .hasMessage("The setting producer.rate must be a number of orders per second, 0 or more, not 'fast'.");
    }

    @Test
    void badValuesFailWithOneSentenceNamingTheSetting() {
        Settings settings = Settings.load(dir, Map.of("INGEST_BATCH_SIZE", "lots", "WAREHOUSE_TYPE", ""), Map.of());
        assertThatThrownBy(() -> settings.getInt("ingest.batch-size"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The setting ingest.batch-size must be a whole number, not 'lots'.");
        assertThatThrownBy(() -> settings.require("warehouse.type"))
                .hasMessage("The setting warehouse.type (environment variable WAREHOUSE_TYPE) must be set.");
    }

    @Test
    void aMisspelledNameInDotEnvIsWarnedAboutWithTheClosestSetting() throws Exception {
        Files.writeString(dir.resolve(".env"), "INGEST_BATCH_SIZ=5\nLOG_LEVEL=DEBUG\nKAFKA_GROUP_ID=g\nNOTHING_LIKE_ANY_SETTING=1\n");

        List<String> warnings = warningsWhile(() -> Settings.load(dir, Map.of(), Map.of()));

        assertThat(warnings).containsExactly(
                "The .env variable INGEST_BATCH_SIZ is not a setting and is ignored; did you mean INGEST_BATCH_SIZE?",
                "The .env variable NOTHING_LIKE_ANY_SETTING is not a setting and is ignored.");
    }

    @Test
    void theEnvironmentExampleCopiedToDotEnvKeepsTheEmbeddedDefaultsAndWarnsAboutNothing() throws Exception {
        Files.copy(Path.of(".env.example"), dir.resolve(".env"));

        List<String> warnings = warningsWhile(() -> {
            Settings settings = Settings.load(dir, Map.of(), Map.of());
            assertThat(settings.isSet("kafka.bootstrap.servers")).as("an empty KAFKA_BOOTSTRAP_SERVERS: the embedded broker").isFalse();
            SettingsCheck.check(settings);
        });

        assertThat(warnings).isEmpty();
    }

    private static List<String> warningsWhile(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(Settings.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            action.run();
        } finally {
            logger.detachAppender(events);
        }
        return events.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void camelResolvesADeclaredDefaultButNeverASecretOrAnUnknownKey() {
        DeclaredDefaults defaults = new DeclaredDefaults();
        assertThat(defaults.getProperty("ingest.batch-size")).isEqualTo(Setting.INGEST_BATCH_SIZE.defaultValue());
        assertThat(defaults.getProperty("postgres.password")).isNull();
        assertThat(defaults.getProperty("camel.main.name")).isNull();
    }
}
