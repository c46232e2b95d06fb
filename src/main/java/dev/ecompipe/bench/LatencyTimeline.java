package dev.ecompipe.bench;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * A run's end-to-end latencies by second of production ({@code latency_by_second} of the run summary), counted
 * from the second its first message was produced: windows of it merged into percentiles, and when it settled.
 */
final class LatencyTimeline {

    /** How long a stretch of a steady run must stay at or under the limit, taken as one. */
    private static final int STEADY_WINDOW_SECONDS = 10;

    private final TreeMap<Integer, Histogram> bySecond = new TreeMap<>();
    private final long firstSecond;

    LatencyTimeline(Map<String, Object> summary) throws DataFormatException {
        Object seconds = summary.get("latency_by_second");
        if (!(seconds instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException("The run summary has no latency_by_second: nothing was committed");
        }
        long first = Long.MAX_VALUE;
        Map<Long, Histogram> read = new TreeMap<>();
        for (Object item : list) {
            Map<?, ?> second = (Map<?, ?>) item;
            long epochSecond = ((Number) second.get("second")).longValue();
            byte[] bytes = Base64.getDecoder().decode((String) second.get("histogram"));
            read.put(epochSecond, Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
            first = Math.min(first, epochSecond);
        }
        firstSecond = first;
        read.forEach((second, histogram) -> bySecond.put((int) (second - firstSecond), histogram));
    }

    /** The epoch second the first message was produced in: second 0 of the run. */
    long firstEpochSecond() {
        return firstSecond;
    }

    /** Seconds from the first to the last second of production, both included. */
    int length() {
        return bySecond.lastKey() + 1;
    }

    /** Messages produced in seconds [from, to) of the run. */
    Histogram window(int from, int to) {
        Histogram merged = new Histogram(3_600_000, 2);
        bySecond.subMap(from, to).values().forEach(merged::add);
        return merged;
    }

    /**
     * The first second whose p99 is at or under the limit and after which every 10 s of the run has a p99 at or under
     * it too, as the real-time capacity asks of a steady run: one slow second later on, which a steady run at that
     * rate also has now and then, does not move the end of the cold start, a slow stretch does; -1 when no second
     * qualifies.
     */
    int secondsUntilSteady(long limitMillis) {
        int steadyFrom = -1;
        for (int from = Math.max(0, length() - STEADY_WINDOW_SECONDS); from >= 0; from--) {
            if (window(from, from + STEADY_WINDOW_SECONDS).getValueAtPercentile(99) > limitMillis) {
                break;
            }
            Histogram second = bySecond.get(from);
            if (second != null && second.getValueAtPercentile(99) <= limitMillis) {
                steadyFrom = from;
            }
        }
        return steadyFrom;
    }

    /**
     * The first second from which every second's p99 stays at or under the limit to the end of the run, or -1
     * when the last second is over it: stricter than {@link #secondsUntilSteady}, any one slow second restarts it.
     */
    int secondsUntilEverySecondUnder(long limitMillis) {
        int steadyFrom = -1;
        for (Map.Entry<Integer, Histogram> second : bySecond.descendingMap().entrySet()) {
            if (second.getValue().getValueAtPercentile(99) > limitMillis) {
                break;
            }
            steadyFrom = second.getKey();
        }
        return steadyFrom;
    }

    /** The first second whose p99 is at or under the limit: where a start's backlog is first caught up; -1 if none. */
    int firstSecondUnder(long limitMillis) {
        for (Map.Entry<Integer, Histogram> second : bySecond.entrySet()) {
            if (second.getValue().getValueAtPercentile(99) <= limitMillis) {
                return second.getKey();
            }
        }
        return -1;
    }

    /** The highest p99 of any one second of the run. */
    long worstSecondP99() {
        return bySecond.values().stream().mapToLong(second -> second.getValueAtPercentile(99)).max().orElse(0);
    }

    static Map<String, Object> percentiles(Histogram histogram) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("count", histogram.getTotalCount());
        if (histogram.getTotalCount() > 0) {
            values.put("p50", histogram.getValueAtPercentile(50));
            values.put("p95", histogram.getValueAtPercentile(95));
            values.put("p99", histogram.getValueAtPercentile(99));
            values.put("max", histogram.getMaxValue());
        }
        return values;
    }
}
