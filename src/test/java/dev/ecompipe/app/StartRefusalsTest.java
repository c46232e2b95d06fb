package dev.ecompipe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wrong settings are refused within seconds, in one sentence naming the setting, before anything slow starts. */
class StartRefusalsTest {

    @TempDir
    Path dir;

    private Map<String, String> settings() {
        Map<String, String> values = new HashMap<>();
        values.put("warehouse.duckdb.path", dir.resolve("warehouse.duckdb").toString());
        values.put("kafka.embedded.data-dir", dir.resolve("kafka").toString());
        values.put("kafka.embedded.port", String.valueOf(TestBroker.freePort()));
        values.put("kafka.embedded.controller-port", String.valueOf(TestBroker.freePort()));
        values.put("ops.http.port", String.valueOf(TestBroker.freePort()));
        values.put("ops.management.port", String.valueOf(TestBroker.freePort()));
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-such-host.invalid:9092", "127.0.0.1:%d"})
    void bootstrapServersThatDoNotAnswerAreOneSentenceWithinSeconds(String pattern) {
        String servers = String.format(pattern, TestBroker.freePort());
        Map<String, String> values = settings();
        values.put("kafka.bootstrap.servers", servers);
        long started = System.nanoTime();

        assertThatThrownBy(() -> PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PRODUCE_ONLY, true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("No Kafka broker answers at " + servers + " (setting kafka.bootstrap.servers, environment variable"
                        + " KAFKA_BOOTSTRAP_SERVERS); correct it, or leave it empty to start the embedded broker.");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(10);
    }

    @Test
    void aWrongWarehouseTypeIsRefusedBeforeTheBrokerStarts() {
        Map<String, String> values = settings();
        values.put("warehouse.type", "postgress");
        long started = System.nanoTime();

        assertThatThrownBy(() -> PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PIPELINE, true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The setting warehouse.type must be")
                .hasMessageEndingWith("not 'postgress'.");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(3);
        assertThat(dir.resolve("kafka")).as("no broker was started").doesNotExist();
    }

    @Test
    void aBrokerDataDirectoryThatCannotBeWrittenIsOneSentenceNamingTheSetting() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "");
        Map<String, String> values = settings();
        values.put("kafka.embedded.data-dir", notADirectory.resolve("kafka").toString());

        assertThatThrownBy(() -> PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PRODUCE_ONLY, true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The directory " + notADirectory.resolve("kafka") + " cannot be written; make it writable or choose"
                        + " another with the setting kafka.embedded.data-dir (environment variable KAFKA_EMBEDDED_DATA_DIR).");
    }
}
