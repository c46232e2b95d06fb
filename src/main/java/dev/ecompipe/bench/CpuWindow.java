package dev.ecompipe.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time the processes of a real-time run spend per order over a window of steady production: the
 * producer, the loader ({@code run --no-producer}) and, within it, the one thread that writes batches, and the
 * broker (hosted by this process, which otherwise only waits). On a shared machine CPU time is a steadier
 * measure of work than wall time, and it says how many cores a rate needs.
 */
final class CpuWindow {

    /** What the processes had spent at one moment. */
    record Sample(long nanos, long produceCpuNanos, long runCpuNanos, double loaderThreadCpuSeconds, long ordersLoaded,
                  long brokerCpuNanos) {

        /** Null when a process is gone or the loader's metrics do not answer. */
        static Sample take(Process producer, PipelineProcess.Running loader) {
            long produce = cpuNanos(producer.toHandle());
            long run = cpuNanos(loader.process().toHandle());
            double loaderCpu = loader.loaderThreadCpuSeconds();
            long orders = loader.ordersLoaded();
            if (produce < 0 || run < 0 || loaderCpu < 0 || orders < 0) {
                return null;
            }
            return new Sample(System.nanoTime(), produce, run, loaderCpu, orders, cpuNanos(ProcessHandle.current()));
        }

        private static long cpuNanos(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }
    }

    private CpuWindow() {
    }

    /**
     * Milliseconds of CPU per 1,000 orders between two samples: the producer's and the broker's per order
     * produced (the producer holds its rate), the loader's per order committed; and the cores each kept busy.
     */
    static Map<String, Object> between(Sample from, Sample to, double rate) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        double produced = rate * seconds;
        long committed = to.ordersLoaded() - from.ordersLoaded();
        double produceMs = (to.produceCpuNanos() - from.produceCpuNanos()) / 1e6;
        double runMs = (to.runCpuNanos() - from.runCpuNanos()) / 1e6;
        double loaderMs = (to.loaderThreadCpuSeconds() - from.loaderThreadCpuSeconds()) * 1e3;
        double brokerMs = (to.brokerCpuNanos() - from.brokerCpuNanos()) / 1e6;
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("seconds", Math.round(seconds * 10) / 10.0);
        window.put("orders_produced", Math.round(produced));
        window.put("orders_committed", committed);
        window.put("produce_cpu_ms_per_1k_orders", perThousand(produceMs, produced));
        window.put("run_cpu_ms_per_1k_orders", perThousand(runMs, committed));
        window.put("loader_thread_cpu_ms_per_1k_orders", perThousand(loaderMs, committed));
        window.put("broker_cpu_ms_per_1k_orders", perThousand(brokerMs, produced));
        window.put("produce_cores", cores(produceMs, seconds));
        window.put("run_cores", cores(runMs, seconds));
        window.put("loader_thread_cores", cores(loaderMs, seconds));
        window.put("broker_cores", cores(brokerMs, seconds));
        return window;
    }

    private static Double perThousand(double cpuMs, double orders) {
        return orders <= 0 ? null : Math.round(cpuMs / orders * 1000 * 10) / 10.0;
    }

    private static double cores(double cpuMs, double seconds) {
        return seconds <= 0 ? 0 : Math.round(cpuMs / 1000 / seconds * 100) / 100.0;
    }
}
