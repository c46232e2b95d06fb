package dev.ecompipe.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ecompipe.ops.PipelineStats;

/**
 * The loaded-orders and loaded-lines counters sampled every few seconds, so a page opened now can draw the
 * throughput of the last minutes. The counters are the metrics' own; only their past values are kept here.
 */
final class ThroughputHistory {

    private record Sample(long atMillis, long orders, long lines) {
    }

    private final PipelineStats stats;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();

    ThroughputHistory(PipelineStats stats, int capacity) {
        this.stats = stats;
        this.capacity = capacity;
    }

    synchronized void sample() {
        samples.addLast(new Sample(System.currentTimeMillis(), stats.ordersLoaded(), stats.linesLoaded()));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    /** Orders and lines per second between consecutive samples, oldest first. */
    synchronized List<Map<String, Object>> rates() {
        List<Map<String, Object>> rates = new ArrayList<>();
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous != null) {
                double seconds = Math.max(1, sample.atMillis() - previous.atMillis()) / 1000.0;
                Map<String, Object> rate = new LinkedHashMap<>();
                rate.put("at", sample.atMillis());
                rate.put("orders_per_second", Math.round((sample.orders() - previous.orders()) / seconds));
                rate.put("lines_per_second", Math.round((sample.lines() - previous.lines()) / seconds));
                rates.add(rate);
            }
            previous = sample;
        }
        return rates;
    }
}
