package dev.ecompipe.ops;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The writing thread's work as the statistics keep it: its CPU, its waiting for a core, and both by second. */
class PipelineStatsWriterTest {

    private static final long MS = 1_000_000;

    @Test
    void eachSecondOfCommitsAddsUpItsBatchesAndTheWritersCpuAndWaitForACore() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineStats stats = new PipelineStats(registry);
        stats.latencyTimeline(60);

        stats.loaded(100, 100, 300, 0, 80 * MS, 50 * MS, 20 * MS);
        stats.loaded(200, 200, 600, 0, 120 * MS, 70 * MS, 40 * MS);

        List<Map<String, Object>> seconds = stats.writerBySecond();
        long batches = seconds.stream().mapToLong(second -> (Long) second.get("batches")).sum();
        long orders = seconds.stream().mapToLong(second -> (Long) second.get("orders")).sum();
        long writing = seconds.stream().mapToLong(second -> (Long) second.get("writing_ms")).sum();
        long cpu = seconds.stream().mapToLong(second -> (Long) second.get("cpu_ms")).sum();
        long coreWait = seconds.stream().mapToLong(second -> (Long) second.get("core_wait_ms")).sum();
        assertThat(batches).isEqualTo(2);
        assertThat(orders).isEqualTo(300);
        assertThat(writing).isEqualTo(200);
        assertThat(cpu).isEqualTo(120);
        assertThat(coreWait).isEqualTo(60);
        assertThat(stats.loaderThreadCoreWaitSeconds()).isEqualTo(0.06);
        assertThat(registry.get("ecommerce_loader_thread_core_wait_seconds").functionCounter().count()).isEqualTo(0.06);
        assertThat(RunSummary.of(stats)).containsKey("writer_by_second").containsEntry("loader_thread_core_wait_seconds", 0.06);
    }

    @Test
    void aWaitTheSystemDoesNotReportCountsAsNoneAndNoTimelineIsKeptUnlessAsked() {
        PipelineStats stats = new PipelineStats(new SimpleMeterRegistry());

        stats.loaded(100, 100, 300, 0, 80 * MS, 50 * MS, -1);

        assertThat(stats.loaderThreadCoreWaitSeconds()).isZero();
        assertThat(stats.loaderThreadCpuSeconds()).isEqualTo(0.05);
        assertThat(stats.writerBySecond()).isEmpty();
        assertThat(RunSummary.of(stats)).doesNotContainKey("writer_by_second");
    }
}
