package dev.ecompipe.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real pipeline, {@code pipeline run}, in a JVM of its own with a fixed heap limit, against the
 * benchmark's broker and a fresh warehouse file. Its run summary carries the figures.
 */
final class PipelineProcess {

    /**
     * The executable's entry point (the jar's Main-Class), named rather than imported: the command line
     * starts the benchmark, so the benchmark must not depend on the command line.
     */
    private static final String PIPELINE_MAIN_CLASS = "dev.ecompipe.Pipeline";

    private final String bootstrapServers;
    private final String heap;
    private final Path workDir;

    PipelineProcess(String bootstrapServers, String heap, Path workDir) {
        this.bootstrapServers = bootstrapServers;
        this.heap = heap;
        this.workDir = workDir;
    }

    /**
     * Runs {@code pipeline run --exit-when-drained} with the given options on a topic, with the given
     * settings as environment variables; returns its summary.
     */
    Map<String, Object> run(String name, String topic, long timeoutSeconds, Map<String, String> settings,
                            String... options) throws Exception {
        Path summary = workDir.resolve(name + "-summary.json");
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                PIPELINE_MAIN_CLASS, "run", "--exit-when-drained", "--summary-file", summary.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_TOPIC_ORDERS", topic);
        env.put("KAFKA_GROUP_ID", "bench-" + name);
        env.put("WAREHOUSE_TYPE", "duckdb");
        env.put("WAREHOUSE_DUCKDB_PATH", workDir.resolve(name + ".duckdb").toString());
        env.put("OPS_HTTP_PORT", String.valueOf(freePort()));
        env.put("OPS_MANAGEMENT_PORT", String.valueOf(freePort()));
        env.put("LOG_DIR", workDir.resolve(name + "-logs").toString());
        env.putAll(settings);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The " + name + " run did not finish within " + timeoutSeconds + " s; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (output.contains("OutOfMemoryError")) {
            throw new IllegalStateException("The " + name + " run ran out of memory under -Xmx" + heap + "; see " + log);
        }
        if (process.exitValue() != 0 || !Files.exists(summary)) {
            throw new IllegalStateException("The " + name + " run failed with exit code " + process.exitValue() + "; see " + log);
        }
        return new ObjectMapper().readValue(summary.toFile(), new TypeReference<>() { });
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
