package dev.ecompipe.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * A name in .env that is no setting is most likely misspelled, and would otherwise be ignored without a word:
 * the warning names the closest real setting.
 */
final class DotEnvSpelling {

    /** Farther than this many edits, a name is not taken for a misspelling of a setting. */
    private static final int MAX_EDITS = 3;

    private DotEnvSpelling() {
    }

    /** The warning for {@code name}, or empty when it is one of the {@code known} names. */
    static Optional<String> warning(String name, Collection<String> known) {
        if (known.contains(name)) {
            return Optional.empty();
        }
        Optional<String> closest = known.stream()
                .min(Comparator.comparingInt((String candidate) -> edits(name, candidate)).thenComparing(Comparator.naturalOrder()))
                .filter(candidate -> edits(name, candidate) <= MAX_EDITS);
        return Optional.of("The .env variable " + name + " is not a setting and is ignored"
                + closest.map(candidate -> "; did you mean " + candidate + "?").orElse("."));
    }

    /** Levenshtein distance. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
