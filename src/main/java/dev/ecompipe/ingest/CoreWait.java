package dev.ecompipe.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long the calling thread has been ready to run but waited for a core, as Linux's scheduler counts it
 * ({@code /proc/thread-self/schedstat}, its second field). On a machine whose cores are all busy, the one thread
 * that writes batches waits for a core as well as for the warehouse, and its CPU time alone does not show it.
 */
final class CoreWait {

    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    /** Looked up once: where the file is absent it stays absent, and every batch would otherwise try again. */
    private static final boolean AVAILABLE = Files.isReadable(SCHEDSTAT);

    private CoreWait() {
    }

    /** Nanoseconds waited since the thread started, or -1 where the system does not say (not Linux). */
    static long nanos() {
        if (!AVAILABLE) {
            return -1;
        }
        try {
            String[] fields = Files.readString(SCHEDSTAT).trim().split(" ");
            return fields.length < 2 ? -1 : Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
