package dev.ecompipe.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The scheduler's count of the time a thread waited for a core, read where Linux keeps it. */
class CoreWaitTest {

    @Test
    void aThreadAmongMoreBusyThreadsThanCoresWaitsLongerThanItRuns() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/schedstat")),
                "no /proc/thread-self/schedstat: not Linux, so the writer's wait for a core is not measured here");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicBoolean spinning = new AtomicBoolean(true);
        List<Thread> rivals = new ArrayList<>();
        // three busy rivals a core: this thread then gets about a quarter of a core and waits the rest
        for (int i = 0; i < 3 * cores; i++) {
            Thread rival = new Thread(() -> {
                long spin = 0;
                while (spinning.get()) {
                    spin += spin % 7 + 1;
                }
            });
            rival.setDaemon(true);
            rival.start();
            rivals.add(rival);
        }
        try {
            TimeUnit.MILLISECONDS.sleep(100);
            long waitBefore = CoreWait.nanos();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long spin = 0;
            while (System.nanoTime() < end) {
                spin += spin % 7 + 1;
            }
            long waited = CoreWait.nanos() - waitBefore;
            long ran = threads.getCurrentThreadCpuTime() - cpuBefore;

            assertThat(spin).isPositive();
            assertThat(waitBefore).isNotNegative();
            // about 2.5 times as long on 2 cores; the thread's own CPU time, read by mistake, would be about as long as it ran
            assertThat(waited).as("nanoseconds waited for a core, against %d run", ran).isGreaterThan(ran * 3 / 2);
        } finally {
            spinning.set(false);
            for (Thread rival : rivals) {
                rival.join();
            }
        }
    }
}
