package dev.ecompipe.ingest;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The scheduler's count of the time a thread waited for a core, read where Linux keeps it. */
class CoreWaitTest {

    @Test
    void onLinuxTheWaitIsReadAndNeverGoesBack() {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/schedstat")),
                "no /proc/thread-self/schedstat: not Linux, so the writer's wait for a core is not measured here");

        long before = CoreWait.nanos();
        long spin = 0;
        for (int i = 0; i < 20_000_000; i++) {
            spin += i % 7;
        }
        long after = CoreWait.nanos();

        assertThat(spin).isPositive();
        assertThat(before).isNotNegative();
        assertThat(after).isGreaterThanOrEqualTo(before);
    }
}
