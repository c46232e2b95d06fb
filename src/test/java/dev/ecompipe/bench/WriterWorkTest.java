package dev.ecompipe.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's work over a stretch of a run, from the run summary's seconds. */
class WriterWorkTest {

    private static Map<String, Object> second(long epochSecond, long writingMs, long cpuMs, long coreWaitMs) {
        return Map.of("second", epochSecond, "batches", 2L, "orders", 1_000L, "writing_ms", writingMs, "cpu_ms", cpuMs,
                "core_wait_ms", coreWaitMs);
    }

    @Test
    void addsUpTheSecondsOfTheStretchOnlyAndSaysWhatShareWasWaitingForACore() {
        Map<String, Object> summary = Map.of("writer_by_second", List.of(
                second(100, 900, 300, 500), second(104, 700, 300, 300), second(105, 500, 400, 50), second(130, 500, 400, 50)));

        Map<String, Object> first = WriterWork.between(summary, 100, 105);
        Map<String, Object> after = WriterWork.between(summary, 105, Long.MAX_VALUE);

        assertThat(first).containsEntry("batches", 4L).containsEntry("orders", 2_000L).containsEntry("writing_ms", 1_600L)
                .containsEntry("cpu_ms", 600L).containsEntry("core_wait_ms", 800L).containsEntry("core_wait_share", 0.5);
        assertThat(after).containsEntry("writing_ms", 1_000L).containsEntry("core_wait_share", 0.1);
        assertThat(WriterWork.between(summary, 200, 300)).containsEntry("batches", 0L).containsEntry("core_wait_share", null);
    }

    @Test
    void aSummaryWithoutTheWritersTimelineHasNoFigures() {
        assertThat(WriterWork.between(Map.of("batches", 3), 0, 10)).isNull();
    }
}
