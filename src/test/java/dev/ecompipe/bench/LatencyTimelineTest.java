package dev.ecompipe.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a run counts as steady, from per-second latencies as a run summary carries them. */
class LatencyTimelineTest {

    private static final long LIMIT_MS = 1_000;
    private static final long EPOCH_SECOND = 1_800_000_000L;

    @Test
    void oneSlowSecondLateInARunThatIsSteadyByTheCapacityTestDoesNotMoveTheEndOfTheColdStart() throws Exception {
        long[] p99BySecond = new long[60];
        Arrays.fill(p99BySecond, 600);
        p99BySecond[0] = 2_500;
        p99BySecond[1] = 1_400;
        p99BySecond[45] = 1_090;
        LatencyTimeline timeline = timeline(p99BySecond);

        assertThat(timeline.secondsUntilSteady(LIMIT_MS)).isEqualTo(2);
        assertThat(timeline.secondsUntilEverySecondUnder(LIMIT_MS)).isEqualTo(46);
    }

    @Test
    void aSecondUnderTheLimitInsideALongSlowStartIsNotItsEnd() throws Exception {
        long[] p99BySecond = new long[60];
        Arrays.fill(p99BySecond, 600);
        for (int second = 0; second < 10; second++) {
            p99BySecond[second] = 3_000;
        }
        p99BySecond[3] = 900;
        LatencyTimeline timeline = timeline(p99BySecond);

        assertThat(timeline.secondsUntilSteady(LIMIT_MS)).isEqualTo(10);
    }

    @Test
    void aLagGrowingAtTheEndIsNeverSteady() throws Exception {
        long[] p99BySecond = new long[60];
        Arrays.fill(p99BySecond, 600);
        for (int second = 50; second < 60; second++) {
            p99BySecond[second] = 900 + 100L * (second - 50);
        }
        LatencyTimeline timeline = timeline(p99BySecond);

        assertThat(timeline.secondsUntilSteady(LIMIT_MS)).isEqualTo(-1);
        assertThat(timeline.secondsUntilEverySecondUnder(LIMIT_MS)).isEqualTo(-1);
    }

    /** A summary whose second i holds 1,000 latencies, 98 % at 300 ms and 2 % at {@code p99BySecond[i]}. */
    private static LatencyTimeline timeline(long[] p99BySecond) throws Exception {
        List<Map<String, Object>> seconds = new ArrayList<>();
        for (int i = 0; i < p99BySecond.length; i++) {
            Histogram histogram = new Histogram(3_600_000, 2);
            histogram.recordValueWithCount(300, 980);
            histogram.recordValueWithCount(p99BySecond[i], 20);
            ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(buffer);
            seconds.add(Map.of("second", EPOCH_SECOND + i,
                    "histogram", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length))));
        }
        return new LatencyTimeline(Map.of("latency_by_second", seconds));
    }
}
