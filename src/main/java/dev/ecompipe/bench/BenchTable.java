package dev.ecompipe.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's results as a plain-text table. */
final class BenchTable {

    private static final String ROW = "%-46s %18s %9s %18s%n";
    private final List<String> rows = new ArrayList<>();

    void row(String measure, Rate rate, String unit) {
        rows.add(String.format(ROW, measure, String.format("%,d %s", rate.count(), unit),
                String.format("%.2f", rate.seconds()), String.format("%,.0f %s/s", rate.perSecond(), unit)));
    }

    void note(String measure, String value) {
        rows.add(String.format("%-46s %s%n", measure, value));
    }

    String render() {
        StringBuilder text = new StringBuilder(String.format(ROW, "measure", "amount", "seconds", "rate"));
        text.append("-".repeat(94)).append('\n');
        rows.forEach(text::append);
        return text.toString();
    }
}
