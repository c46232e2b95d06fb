package dev.ecompipe.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs {@link BulkLimits} in a JVM of its own and reads its figures: rows per second by path. */
final class BulkProbe {

    /** The pipeline's batches are of this order of size; the limits are measured at it and at ten times it. */
    static final int BATCH_ROWS = 60_000;
    static final int LARGE_ROWS = 600_000;

    private BulkProbe() {
    }

    static Map<String, Object> run(Path work, long seed, long orders, Instant end, String heap) throws Exception {
        return ChildJvm.figures("bulk limits", work.resolve("bulk-limits.log"),
                List.of("-Xmx2g"), BulkLimits.class,
                work.toString(), String.valueOf(seed), String.valueOf(orders), String.valueOf(end.toEpochMilli()),
                String.valueOf(BATCH_ROWS), String.valueOf(LARGE_ROWS));
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
