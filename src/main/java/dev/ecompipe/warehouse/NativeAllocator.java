package dev.ecompipe.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The malloc DuckDB's native library allocates through. Every operator of every statement allocates and frees its
 * buffers, and the library of the JDBC driver calls the C library's malloc; the {@code pipeline} script preloads
 * jemalloc where it is installed ({@code PIPELINE_ALLOCATOR}), which made a 100-order batch about a quarter
 * cheaper (README Performance). A preload is only visible among the libraries the process has mapped.
 */
public final class NativeAllocator {

    public static final String JEMALLOC = "jemalloc";
    public static final String SYSTEM = "system";
    public static final String UNKNOWN = "unknown";

    private static final Path MAPS = Path.of("/proc/self/maps");

    private NativeAllocator() {
    }

    /** {@value #JEMALLOC}, {@value #SYSTEM} (the C library's malloc), or {@value #UNKNOWN} where no /proc tells. */
    public static String inUse() {
        if (!Files.isReadable(MAPS)) {
            return UNKNOWN;
        }
        try (Stream<String> mapped = Files.lines(MAPS)) {
            return mapped.anyMatch(line -> line.contains("/libjemalloc")) ? JEMALLOC : SYSTEM;
        } catch (IOException | UncheckedIOException e) {
            return UNKNOWN;
        }
    }
}
