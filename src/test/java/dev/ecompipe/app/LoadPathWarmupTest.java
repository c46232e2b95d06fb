package dev.ecompipe.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

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

        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(60_000, 3_000, 0, () -> {
            askedOn.set(Thread.currentThread().getName());
            return false;
        });

        assertThat(warmup.await()).isEqualTo(3_000);
        assertThat(askedOn.get()).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void inTheBackgroundArrivingOrdersEndItOnlyOnceTheStartWaitsForIt() throws InterruptedException {
        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(60_000, 3_000, 0, () -> true);

        for (Thread thread : warmupThreads()) {
            thread.join(60_000);
            assertThat(thread.isAlive()).as("warm-up still running after a minute").isFalse();
        }
        assertThat(warmup.await()).as("every order ran: nothing waited for the warm-up").isEqualTo(3_000);
    }

    @Test
    void onAQuietTopicTheStartWaitsForTheWarmupAndUnderTrafficItGoesOn() throws InterruptedException {
        LoadPathWarmup.InBackground quiet = LoadPathWarmup.start(60_000, 3_000, 0, () -> false);
        assertThat(quiet.awaitUnlessTrafficArrives(() -> false)).as("orders arriving").isFalse();
        quiet.close();
        assertThat(quiet.await()).as("done before it was closed").isEqualTo(3_000);

        try (LoadPathWarmup.InBackground underTraffic = LoadPathWarmup.start(600_000, 10_000_000, 0, () -> false)) {
            assertThat(underTraffic.awaitUnlessTrafficArrives(() -> true)).as("orders arriving").isTrue();
        }
    }

    @Test
    void closingEndsAWarmupStillRunning() {
        LoadPathWarmup.InBackground warmup = LoadPathWarmup.start(600_000, 10_000_000, 0, () -> false);

        warmup.close();

        assertThat(warmup.await()).as("ended long before its ten million orders").isLessThan(10_000_000);
    }

    private static List<Thread> warmupThreads() {
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("load-path-warmup")).toList();
        assertThat(threads).as("load-path-warmup threads").isNotEmpty();
        return threads;
    }

    @Test
    void zeroMillisOrOrdersSkipsIt() {
        assertThat(LoadPathWarmup.run(0, 30_000, 0, () -> false, () -> false)).isZero();
        assertThat(LoadPathWarmup.run(10_000, 0, 0, () -> false, () -> false)).isZero();
    }
}
