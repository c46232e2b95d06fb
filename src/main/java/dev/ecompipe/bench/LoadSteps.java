package dev.ecompipe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run summary's {@code load_step_seconds} as one line of the table: each step's share of the load's time. */
final class LoadSteps {

    /** Steps below this share are summed into "other". */
    private static final double SHOWN_SHARE = 0.03;

    private LoadSteps() {
    }

    static String shares(Object stepSeconds) {
        return shares(stepSeconds, "%.1f s: ");
    }

    /** The same for figures in another unit, {@code totalFormat} showing their sum. */
    static String shares(Object stepFigures, String totalFormat) {
        if (!(stepFigures instanceof Map<?, ?> steps) || steps.isEmpty()) {
            return "not measured";
        }
        double total = steps.values().stream().mapToDouble(seconds -> ((Number) seconds).doubleValue()).sum();
        if (total <= 0) {
            return "not measured";
        }
        List<Map.Entry<?, ?>> largestFirst = new ArrayList<>(steps.entrySet());
        largestFirst.sort((a, b) -> Double.compare(((Number) b.getValue()).doubleValue(), ((Number) a.getValue()).doubleValue()));
        StringBuilder line = new StringBuilder(String.format(totalFormat, total));
        double other = 0;
        for (Map.Entry<?, ?> step : largestFirst) {
            double share = ((Number) step.getValue()).doubleValue() / total;
            if (share < SHOWN_SHARE) {
                other += share;
            } else {
                line.append(String.format("%s %.0f%%, ", step.getKey(), share * 100));
            }
        }
        return line.append(String.format("other %.0f%%", other * 100)).toString();
    }
}
