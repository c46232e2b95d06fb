package dev.ecompipe.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writing thread's work over a stretch of a real-time run ({@code writer_by_second} of the run summary): the
 * batches committed in it, the time they took, and how much of that was the thread's CPU and how much waiting for a
 * core. On a machine whose cores are all taken, a batch takes longer than its CPU by the wait; the rest of the
 * difference is the disk's syncs and whatever else the thread blocked on.
 */
final class WriterWork {

    private WriterWork() {
    }

    /** Over the commits of epoch seconds [from, to); null when the summary has no writer timeline. */
    static Map<String, Object> between(Map<String, Object> summary, long fromEpochSecond, long toEpochSecond) {
        if (!(summary.get("writer_by_second") instanceof List<?> seconds)) {
            return null;
        }
        long batches = 0;
        long orders = 0;
        long writingMs = 0;
        long cpuMs = 0;
        long coreWaitMs = 0;
        for (Object item : seconds) {
            Map<?, ?> second = (Map<?, ?>) item;
            long epochSecond = ((Number) second.get("second")).longValue();
            if (epochSecond >= fromEpochSecond && epochSecond < toEpochSecond) {
                batches += ((Number) second.get("batches")).longValue();
                orders += ((Number) second.get("orders")).longValue();
                writingMs += ((Number) second.get("writing_ms")).longValue();
                cpuMs += ((Number) second.get("cpu_ms")).longValue();
                coreWaitMs += ((Number) second.get("core_wait_ms")).longValue();
            }
        }
        Map<String, Object> work = new LinkedHashMap<>();
        work.put("batches", batches);
        work.put("orders", orders);
        work.put("writing_ms", writingMs);
        work.put("cpu_ms", cpuMs);
        work.put("core_wait_ms", coreWaitMs);
        work.put("core_wait_share", writingMs == 0 ? null : Math.round(100.0 * coreWaitMs / writingMs) / 100.0);
        return work;
    }
}
