package dev.ecompipe.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs {@link BulkLimits} in a JVM of its own and reads its figures: rows per second by path. */
final class BulkProbe {

    /** The pipeline's batches are of this order of size; the limits are measured at it and at ten times it. */
    static final int BATCH_ROWS = 60_000;
    static final int LARGE_ROWS = 600_000;

    private BulkProbe() {
    }

    static Map<String, Object> run(Path work, long seed, long orders, Instant end, String heap) throws Exception {
        Path log = work.resolve("bulk-limits.log");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx2g",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                BulkLimits.class.getName(), work.toString(), String.valueOf(seed), String.valueOf(orders),
                String.valueOf(end.toEpochMilli()), String.valueOf(BATCH_ROWS), String.valueOf(LARGE_ROWS));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("The bulk limits did not finish within 15 minutes; see " + log);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (process.exitValue() != 0 || !last.startsWith("{")) {
            throw new IllegalStateException("The bulk limits failed with exit code " + process.exitValue() + "; see " + log);
        }
        return new ObjectMapper().readValue(last, new TypeReference<java.util.LinkedHashMap<String, Object>>() { });
    }

    /**
     * How a path of {@link BulkLimits} loads, in words: the Appender row by row from primitives, or Arrow
     * vectors exported as a C stream, {@code registerArrowStream} and {@code INSERT ... SELECT}.
     */
    static String describe(String path) {
        int underscore = path.indexOf('_');
        String how = path.substring(0, underscore);
        int rows = Integer.parseInt(path.substring(underscore + 1));
        return String.format("%s, %,d rows/txn", how.equals("arrow") ? "Arrow stream" : "DuckDB Appender", rows);
    }
}
