package dev.ecompipe.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pipeline broker} stops cleanly on a signal: its logs closed, no stack trace. */
class BrokerCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSignalStopsTheBrokerCleanly() throws Exception {
        Path output = dir.resolve("broker.out");
        Process broker = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.ecompipe.Pipeline", "broker", "--port", String.valueOf(TestBroker.freePort()),
                "--controller-port", String.valueOf(TestBroker.freePort()), "--data-dir", dir.resolve("kafka").toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(output).contains("Kafka broker listening on")) {
                assertThat(broker.isAlive()).as("the broker runs: %s", Files.readString(output)).isTrue();
                assertThat(System.nanoTime()).as("the broker starts").isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(200);
            }

            broker.destroy();

            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            broker.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(log).contains("Embedded Kafka broker on 127.0.0.1:").contains(" stopped")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
