package dev.ecompipe.producer;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Where published orders come from: the mock generator or a JSON-lines file. */
public interface OrderSource {

    /** Up to {@code max} next messages; an empty list once the source is exhausted. */
    List<OutgoingMessage> next(int max);

    boolean exhausted();

    /**
     * The source the producer settings name: the lines of {@code ordersFile} when it is set, else {@code orders}
     * mock orders (-1: endless) from {@code seed}, or from a random seed when it is empty, timed as
     * {@code eventTime} says: "stream", the seeded stream's own times, or "clock", the moment each order is made.
     */
    static OrderSource configured(String ordersFile, String seed, long orders, String eventTime) {
        if (!ordersFile.isBlank()) {
            return new FileOrderSource(Path.of(ordersFile.strip()));
        }
        long start = seed.isBlank() ? System.nanoTime() : Long.parseLong(seed.strip());
        if (eventTime.equals("clock")) {
            return new MockOrderSource(MockOrderGenerator.clockTimed(start), orders);
        }
        // the window ends at midnight, so one seed gives the same stream all day long
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        return new MockOrderSource(MockOrderGenerator.prefixStable(start, end), orders);
    }
}
