package dev.ecompipe.app;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up runs its orders on a quiet topic and ends after its minimum once orders are arriving; started in the
 * background it runs on its own thread and ends early when closed.
 */
class LoadPathWarmupTest {

    @Test
    void onAQuietTopicEveryOrderOfTheWarmupRuns() {
        AtomicInteger asked = new AtomicInteger();

        long orders = LoadPathWarmup.run(60_000, 3_000, 0, () -> {
            asked.incrementAndGet();
            return false;
        }, () -> false);

        assertThat(orders).isEqualTo(3_000);
        assertThat(asked).as("asked whether orders are arriving").hasPositiveValue();
    }

    @Test
    void ordersArrivingEndItAfterItsMinimum() {
        long started = System.nanoTime();

        long orders = LoadPathWarmup.run(60_000, 1_000_000, 500, () -> true, () -> false);

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).as("ran at least its minimum").isGreaterThanOrEqualTo(500);
        assertThat(orders).as("ended long before its million orders").isPositive().isLessThan(1_000_000);
    }

    @Test
    void startedInTheBackgroundItRunsOnAThreadOfItsOwn() {
        AtomicReference<String> askedOn = new AtomicReference<>();

        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(60_000, 1_000_000, 0, () -> {
            askedOn.set(Thread.currentThread().getName());
            return true;
        }, () -> false);

        assertThat(warmup.await()).as("ended by the orders arriving").isLessThan(1_000_000);
        assertThat(askedOn.get()).isEqualTo("load-path-warmup");
    }

    @Test
    void inTheBackgroundArrivingOrdersEndItOnlyOnceTheStartWaitsForIt() throws InterruptedException {
        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(60_000, 3_000, 0, () -> true, () -> false);

        // waits until it is done without waiting for it as the start does
        warmup.awaitUnlessTrafficArrives(() -> false);
        assertThat(warmup.await()).as("every order ran: nothing waited for the warm-up").isEqualTo(3_000);
    }

    @Test
    @Timeout(120)
    void onAQuietTopicTheStartWaitsForTheWarmupAndUnderTrafficItGoesOn() throws InterruptedException {
        LoadPathWarmup.InBackground quiet = LoadPathWarmup.start(60_000, 3_000, 0, () -> false, () -> false);
        assertThat(quiet.awaitUnlessTrafficArrives(() -> false)).as("orders arriving").isFalse();
        quiet.close();
        assertThat(quiet.await()).as("done before it was closed").isEqualTo(3_000);

        try (LoadPathWarmup.InBackground underTraffic = LoadPathWarmup.start(600_000, 10_000_000, 0, () -> false, () -> false)) {
            assertThat(underTraffic.awaitUnlessTrafficArrives(() -> true)).as("orders arriving").isTrue();
        }
    }

    @Test
    @Timeout(120)
    void closingEndsAWarmupStillRunning() {
        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(600_000, 10_000_000, 0, () -> false, () -> false);

        warmup.close();

        assertThat(warmup.await()).as("ended long before its ten million orders").isLessThan(10_000_000);
    }

    @Test
    @Timeout(120)
    void aProcessShuttingDownEndsIt() {
        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(600_000, 10_000_000, 0, () -> false, () -> true);

        assertThat(warmup.await()).as("ended long before its ten million orders").isLessThan(10_000_000);
    }

    @Test
    void zeroMillisOrOrdersSkipsIt() {
        assertThat(LoadPathWarmup.run(0, 30_000, 0, () -> false, () -> false)).isZero();
        assertThat(LoadPathWarmup.run(10_000, 0, 0, () -> false, () -> false)).isZero();
    }
}
