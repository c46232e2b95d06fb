package dev.ecompipe.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecompipe.warehouse.NativeAllocator;

/** The JSON object {@code run --summary-file} writes on exit. */
public final class RunSummary {

    private RunSummary() {
    }

    public static Map<String, Object> of(PipelineStats stats) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("orders_produced", stats.produced());
        summary.put("orders_loaded", stats.ordersLoaded());
        summary.put("lines_loaded", stats.linesLoaded());
        summary.put("dead_lettered", stats.deadLetteredCount());
        summary.put("duplicates_skipped", stats.duplicatesSkipped());
        summary.put("batches", stats.batches());
        summary.put("elapsed_seconds", rounded(stats.elapsedSeconds()));
        summary.put("ingest_seconds", rounded(stats.ingestSeconds()));
        summary.put("end_to_end_latency_ms", stats.latencyPercentilesMillis());
        summary.put("steady_end_to_end_latency_ms", stats.steadyLatencyPercentilesMillis());
        summary.put("cpu_seconds", rounded(cpuSeconds()));
        summary.put("loader_thread_cpu_seconds", rounded(stats.loaderThreadCpuSeconds()));
        summary.put("loader_thread_core_wait_seconds", rounded(stats.loaderThreadCoreWaitSeconds()));
        summary.put("compilation_seconds", rounded(compilationSeconds()));
        summary.put("gc_seconds", rounded(gcSeconds()));
        summary.put("memory_allocator", NativeAllocator.inUse());
        Map<String, Double> steps = new LinkedHashMap<>();
        stats.loadStepSeconds().forEach((step, seconds) -> steps.put(step, rounded(seconds)));
        summary.put("load_step_seconds", steps);
        summary.put("peak_heap_mb", stats.peakHeapBytes() / (1024 * 1024));
        summary.put("max_heap_mb", stats.maxHeapBytes() / (1024 * 1024));
        List<Map<String, Object>> bySecond = stats.latencyBySecond();
        if (!bySecond.isEmpty()) {
            summary.put("latency_by_second", bySecond);
        }
        List<Map<String, Object>> writer = stats.writerBySecond();
        if (!writer.isEmpty()) {
            summary.put("writer_by_second", writer);
        }
        return summary;
    }

    /** CPU time this process used, all threads: on a shared machine a steadier measure of work than wall time. */
    static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean unix ? unix.getProcessCpuTime() / 1e9 : -1;
    }

    /** Time the JIT compiler's threads have spent compiling: on two cores, CPU the loader's threads did not get. */
    static double compilationSeconds() {
        java.lang.management.CompilationMXBean compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() / 1e3 : -1;
    }

    /** Time spent in garbage collections, all collectors. */
    static double gcSeconds() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).filter(millis -> millis > 0).sum() / 1e3;
    }

    private static double rounded(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    public static void write(Path file, PipelineStats stats) throws IOException {
        write(file, of(stats));
    }

    /** A summary as {@link #of} made it, with figures an embedding program (the benchmark) added. */
    public static void write(Path file, Map<String, Object> summary) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    }
}
