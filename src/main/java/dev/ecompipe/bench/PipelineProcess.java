package dev.ecompipe.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.warehouse.DuckDbWarehouse;

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

    /**
     * The JVM options the {@code pipeline} script runs {@code run} with: with the parallel collector's cheaper write
     * barriers and no concurrent threads a backlog drained 13 to 27 % faster; half the heap young rather than a third,
     * so that orders waiting for their batch's commit die young instead of filling the old generation between full
     * collections (README Performance).
     */
    private static final List<String> LOADER_JVM = List.of("-XX:+UseParallelGC", "-XX:NewRatio=1");

    private final String bootstrapServers;
    private final String heap;
    private final List<String> jvmOptions;
    private final Path workDir;

    /** @param extraJvmOptions JVM options after the script's own, which they override */
    PipelineProcess(String bootstrapServers, String heap, List<String> extraJvmOptions, Path workDir) {
        this.bootstrapServers = bootstrapServers;
        this.heap = heap;
        this.jvmOptions = loaderJvmOptions(extraJvmOptions);
        this.workDir = workDir;
    }

    /** The JVM options of every {@code run}: the script's, then the extra ones. */
    static List<String> loaderJvmOptions(List<String> extraJvmOptions) {
        List<String> all = new ArrayList<>(LOADER_JVM);
        all.addAll(extraJvmOptions);
        return List.copyOf(all);
    }

    /**
     * Runs {@code pipeline run --exit-when-drained} with the given options on a topic, with the given
     * settings as environment variables; returns its summary.
     */
    Map<String, Object> run(String name, String topic, long timeoutSeconds, Map<String, String> settings,
                            String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--exit-when-drained"));
        arguments.addAll(List.of(options));
        return awaitSummary(start(name, topic, settings, arguments.toArray(String[]::new)), timeoutSeconds);
    }

    /**
     * Drains a topic as {@code run --no-producer} does, in the same kind of JVM, on a warehouse whose batches
     * cost nothing ({@link IngestSideDrain}); returns its summary.
     */
    Map<String, Object> drainWithoutWriting(String name, String topic, long timeoutSeconds) throws Exception {
        return awaitSummary(launch(name, topic, Map.of(), List.of(IngestSideDrain.class.getName(),
                summaryFile(name).toString())), timeoutSeconds);
    }

    private static Map<String, Object> awaitSummary(Running running, long timeoutSeconds) throws Exception {
        if (!running.process().waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            running.process().destroyForcibly();
            throw new IllegalStateException("The " + running.name() + " run did not finish within " + timeoutSeconds
                    + " s; see " + running.log());
        }
        return running.summary();
    }

    /** A {@code pipeline run} started by {@link #start}: its process, files and management port. */
    record Running(String name, Process process, Path summaryFile, Path log, int managementPort, String heap) {

        /** Waits for the process to end; its summary. */
        Map<String, Object> summary() throws Exception {
            return summary(false);
        }

        private Map<String, Object> summary(boolean stopped) throws Exception {
            process.waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (output.contains("OutOfMemoryError")) {
                throw new IllegalStateException("The " + name + " run ran out of memory under -Xmx" + heap + "; see " + log);
            }
            // a JVM ended by SIGTERM exits with 143 once its shutdown hooks (the summary among them) are done
            boolean cleanExit = process.exitValue() == 0 || stopped && process.exitValue() == 143;
            if (!cleanExit || !Files.exists(summaryFile)) {
                throw new IllegalStateException("The " + name + " run failed with exit code " + process.exitValue() + "; see " + log);
            }
            return new ObjectMapper().readValue(summaryFile.toFile(), new TypeReference<>() { });
        }

        /** Asks the process to stop (SIGTERM; it writes its summary) and waits for it; its summary. */
        Map<String, Object> stop(long timeoutSeconds) throws Exception {
            process.destroy();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The " + name + " run did not stop within " + timeoutSeconds + " s; see " + log);
            }
            return summary(true);
        }

        /** The orders it has committed so far, from its metrics endpoint; -1 while that does not answer. */
        long ordersLoaded() {
            return (long) metric("ecommerce_orders_loaded_total");
        }

        /** CPU seconds its thread writing batches has spent on them so far; -1 while the endpoint does not answer. */
        double loaderThreadCpuSeconds() {
            return metric("ecommerce_loader_thread_cpu_seconds_total");
        }

        private double metric(String name) {
            try {
                HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + managementPort + "/observe/metrics").openConnection();
                http.setConnectTimeout(1_000);
                http.setReadTimeout(2_000);
                try (var in = http.getInputStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (line.startsWith(name + " ")) {
                            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        }
                    }
                }
                return -1;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** Starts {@code pipeline run} with the given options on a topic, without waiting for it. */
    Running start(String name, String topic, Map<String, String> settings, String... options) throws IOException {
        List<String> entry = new ArrayList<>(List.of(PIPELINE_MAIN_CLASS, "run", "--summary-file", summaryFile(name).toString()));
        entry.addAll(List.of(options));
        return launch(name, topic, settings, entry);
    }

    private Path summaryFile(String name) {
        return workDir.resolve(name + "-summary.json");
    }

    /** Starts a main class of this project and its arguments ({@code entry}) as a loader, without waiting for it. */
    private Running launch(String name, String topic, Map<String, String> settings, List<String> entry) throws IOException {
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", DuckDbWarehouse.JVM_OPTION,
                "-cp", System.getProperty("java.class.path")));
        command.addAll(entry);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_TOPIC_ORDERS", topic);
        env.put("KAFKA_GROUP_ID", groupId(name));
        env.put("WAREHOUSE_TYPE", "duckdb");
        env.put("WAREHOUSE_DUCKDB_PATH", workDir.resolve(name + ".duckdb").toString());
        int managementPort = freePort();
        env.put("OPS_HTTP_PORT", String.valueOf(freePort()));
        env.put("OPS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("LOG_DIR", workDir.resolve(name + "-logs").toString());
        env.putAll(settings);
        return new Running(name, builder.start(), summaryFile(name), log, managementPort, heap);
    }

    static String groupId(String name) {
        return "bench-" + name;
    }

    /**
     * {@code pipeline produce --orders N --rate R --seed S} into a topic, in a JVM of its own, as a user runs it
     * beside a loader (and as the {@code pipeline} script starts it, compiled by C1 alone); started, not awaited.
     */
    Process produce(String name, String topic, long orders, double rate, long seed, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), PIPELINE_MAIN_CLASS, "produce",
                "--orders", String.valueOf(orders), "--rate", String.valueOf(rate), "--seed", String.valueOf(seed)));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + "-produce.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_TOPIC_ORDERS", topic);
        env.put("LOG_DIR", workDir.resolve(name + "-produce-logs").toString());
        env.put("OPS_HTTP_PORT", String.valueOf(freePort()));
        env.put("OPS_MANAGEMENT_PORT", String.valueOf(freePort()));
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
