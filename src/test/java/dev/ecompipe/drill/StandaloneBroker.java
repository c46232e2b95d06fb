package dev.ecompipe.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.ecompipe.kafka.TestBroker;

/** The packaged {@code broker} command as a child process, on fixed free ports so it can be restarted. */
final class StandaloneBroker implements AutoCloseable {

    private final Path workDir;
    private final int port = TestBroker.freePort();
    private final int controllerPort = TestBroker.freePort();
    private ChildProcess process;
    private int starts;

    StandaloneBroker(Path workDir) {
        this.workDir = workDir;
    }

    StandaloneBroker start() throws Exception {
        process = ChildProcess.start("broker-" + ++starts, workDir, Map.of(), "broker", "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--data-dir", workDir.resolve("kafka").toString());
        process.awaitOutput("Kafka broker listening on", Duration.ofSeconds(90));
        return this;
    }

    /** SIGTERM, as an operator restarting the broker would. */
    void stop() throws InterruptedException {
        process.terminate();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
