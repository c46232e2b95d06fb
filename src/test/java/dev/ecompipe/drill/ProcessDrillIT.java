package dev.ecompipe.drill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drills on the packaged application: pipeline processes killed with SIGKILL, stopped with SIGTERM,
 * and a broker restarted under them; each ends with every order in the warehouse exactly once.
 */
class ProcessDrillIT {

    @TempDir
    static Path dir;
    private static StandaloneBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new StandaloneBroker(dir).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void sigkillAtRandomMomentsLosesNothingAndDoublesNothing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.printf("[drill] SIGKILL drill, seed %d%n", seed);
        DrillStream stream = DrillStream.write(dir.resolve("crash.jsonl"), "orders-crash", seed, 200_000, 2_000);
        stream.publish(dir, broker.bootstrapServers());
        Path warehouse = dir.resolve("crash.duckdb");
        Map<String, String> env = stream.pipelineEnvironment(broker.bootstrapServers(), warehouse, "crash");
        Path temporary = Files.createDirectories(dir.resolve("crash-tmp"));
        env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temporary);
        // each restart waits for the group to give up on the killed member; the default 45 s is three minutes of waiting
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");

        for (int kill = 1; kill <= 3; kill++) {
            int loadedBeforeKill = 5_000 + random.nextInt(30_000);
            try (ChildProcess pipeline = ChildProcess.start("pipeline-crash-" + kill, dir, env, "run", "--no-producer")) {
                ChildProcess.await("the pipeline to load " + loadedBeforeKill + " orders", Duration.ofMinutes(3),
                        () -> pipeline.metric("ecommerce_orders_loaded_total") >= loadedBeforeKill);
                pipeline.kill();
                System.out.printf("[drill] injected: SIGKILL %d after this process loaded at least %,d orders%n", kill, loadedBeforeKill);
            }
        }
        // DuckDB's JDBC driver copies its 70 MB native library there at every start and deletes it only at a normal exit
        try (Stream<Path> left = Files.list(temporary)) {
            assertThat(left.map(path -> path.getFileName().toString())).as("left in the killed processes' temporary directory")
                    .noneMatch(name -> name.startsWith("libduckdb_java"));
        }
        JsonNode summary = runUntilDrained("pipeline-crash-final", env);
        System.out.printf("[drill] final run: %s%n", summary);
        stream.verify(warehouse, stream.deadLetters(broker.bootstrapServers()));
    }

    @Test
    void sigtermFlushesOpenBatchesSoNothingIsReadTwice() throws Exception {
        DrillStream stream = DrillStream.write(dir.resolve("sigterm.jsonl"), "orders-sigterm", 17, 60_000, 1_000);
        stream.publish(dir, broker.bootstrapServers());
        Path warehouse = dir.resolve("sigterm.duckdb");
        Map<String, String> env = stream.pipelineEnvironment(broker.bootstrapServers(), warehouse, "sigterm");
        // small, slow batches of several polls each, so a stop always finds an open one
        env.put("INGEST_BATCH_SIZE", "700");
        env.put("INGEST_MAX_POLL_RECORDS", "100");
        env.put("INGEST_BATCH_TIMEOUT_MS", "3000");

        try (ChildProcess pipeline = ChildProcess.start("pipeline-sigterm", dir, env, "run", "--no-producer")) {
            ChildProcess.await("loading", Duration.ofMinutes(3), () -> pipeline.metric("ecommerce_orders_loaded_total") >= 15_000);
            pipeline.terminate();
            assertThat(pipeline.output()).contains("Forcing completion of all groups");
            System.out.println("[drill] injected: SIGTERM mid-stream");
        }
        JsonNode summary = runUntilDrained("pipeline-sigterm-restart", env);
        System.out.printf("[drill] after the restart: %s%n", summary);
        assertThat(summary.get("duplicates_skipped").asLong()).as("nothing re-delivered after a clean stop").isZero();
        stream.verify(warehouse, stream.deadLetters(broker.bootstrapServers()));
    }

    private JsonNode runUntilDrained(String name, Map<String, String> env) throws Exception {
        Path summary = dir.resolve(name + "-summary.json");
        try (ChildProcess pipeline = ChildProcess.start(name, dir, env, "run", "--no-producer", "--exit-when-drained",
                "--summary-file", summary.toString())) {
            assertThat(pipeline.awaitExit(Duration.ofMinutes(5))).as(pipeline.tail()).isZero();
        }
        return new ObjectMapper().readTree(Files.readString(summary));
    }
}
