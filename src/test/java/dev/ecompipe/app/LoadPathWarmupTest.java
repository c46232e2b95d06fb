package dev.ecompipe.app;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up runs its orders on a quiet topic and ends after its minimum once orders are arriving. */
class LoadPathWarmupTest {

    @Test
    void onAQuietTopicEveryOrderOfTheWarmupRuns() {
        AtomicInteger asked = new AtomicInteger();

        long orders = LoadPathWarmup.run(60_000, 3_000, 0, () -> {
            asked.incrementAndGet();
            return false;
        });

        assertThat(orders).isEqualTo(3_000);
        assertThat(asked).as("asked whether orders are arriving").hasPositiveValue();
    }

    @Test
    void ordersArrivingEndItAfterItsMinimum() {
        long started = System.nanoTime();

        long orders = LoadPathWarmup.run(60_000, 1_000_000, 500, () -> true);

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).as("ran at least its minimum").isGreaterThanOrEqualTo(500);
        assertThat(orders).as("ended long before its million orders").isPositive().isLessThan(1_000_000);
    }

    @Test
    void zeroMillisOrOrdersSkipsIt() {
        assertThat(LoadPathWarmup.run(0, 30_000, 0, () -> false)).isZero();
        assertThat(LoadPathWarmup.run(10_000, 0, 0, () -> false)).isZero();
    }
}
