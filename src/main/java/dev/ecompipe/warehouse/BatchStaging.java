package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.order.Order;

/**
 * A batch's rows in the staging tables, the same columns on every warehouse; the dialect only decides how
 * they travel. Staging tables belong to the loading connection and have no constraints.
 */
final class BatchStaging {

    /** Past this many products the guesses below start over: a product without one is placed as if there were none. */
    private static final int MAX_GUESSES = 1_000_000;

    private final Dialect dialect;
    /**
     * Each product's latest line this writer committed, in microseconds: where its stored lines end, unless another
     * writer stored later ones. Only a guess, which load.sql checks: a batch's line at or before it is staged as a run
     * of its own, and runs begin after it; a guess too early or missing makes the Type 3 steps place more lines one by
     * one, never wrongly.
     */
    private final Map<String, Long> latestCommittedMicros = new HashMap<>();

    BatchStaging(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Stages orders, lines, the offsets the batch settles and the calendar dates it needs that are not in
     * {@code knownDates}. Each line is staged with its run of equal prices among the batch's lines of its product
     * after the latest line this writer committed of it ({@link PriceRuns}).
     */
    Staged stage(Connection connection, OrderBatch batch, Set<Integer> knownDates) throws SQLException {
        OrderPass pass = new OrderPass(batch.lineCount());
        try (StagingTable orders = dialect.stagingTable(connection, "STAGE_ORDERS", batch.orders().size())) {
            for (IncomingOrder incoming : batch.orders()) {
                pass.add(orders, incoming);
            }
        }
        PriceRuns runs = pass.priceRuns(latestCommittedMicros);
        try (StagingTable lines = dialect.stagingTable(connection, "STAGE_LINES", batch.lineCount())) {
            int line = 0;
            for (IncomingOrder incoming : batch.orders()) {
                line = stageLines(lines, incoming.order(), runs, line);
            }
        }
        stageOffsets(connection, batch);
        return new Staged(batch, stageDates(connection, pass.epochDays, knownDates), runs.latestLines);
    }

    /**
     * What staging learnt of a batch: its dates and its products' latest lines, the last of each product's sorted
     * lines. A large batch's orders do not fit in the processor's caches, so every pass over them waits on memory: two
     * further passes there were, for their dates and for their products' latest lines, took a quarter of staging. The
     * lines take a second pass on purpose, in the batch's order, once their runs are known.
     */
    static final class Staged {
        private final OrderBatch batch;
        private final Set<Integer> dates;
        private final Map<String, PlacedLine> latestLines;
        /** The products' latest lines among the orders not loaded before, once staged: what a commit stores. */
        private Map<String, PlacedLine> stagedProducts = Map.of();

        private Staged(OrderBatch batch, Set<Integer> dates, Map<String, PlacedLine> latestLines) {
            this.batch = batch;
            this.dates = dates;
            this.latestLines = latestLines;
        }

        /** The dates staged: those of the batch that were not known to be in DIM_DATE. */
        Set<Integer> dates() {
            return dates;
        }
    }

    private static final class OrderPass {
        /** Days since the epoch in UTC, the calendar date of a UTC timestamp, without a date object per order. */
        private final Set<Long> epochDays = new TreeSet<>();
        private final Map<String, List<PlacedLine>> linesByProduct = new HashMap<>();
        private final int lineCount;
        private int lines;
        private long previousDay = Long.MIN_VALUE;

        OrderPass(int lineCount) {
            this.lineCount = lineCount;
        }

        void add(StagingTable orders, IncomingOrder incoming) throws SQLException {
            stageOrder(orders, incoming);
            long epochDay = Math.floorDiv(incoming.order().orderTs().getEpochSecond(), 86_400L);
            // a batch's orders fall on a day or two: a boxed set insertion per order took a few percent of a large batch
            if (epochDay != previousDay) {
                epochDays.add(epochDay);
                previousDay = epochDay;
            }
            lines = collectLines(linesByProduct, incoming.order(), lines);
        }

        PriceRuns priceRuns(Map<String, Long> latestCommittedMicros) {
            PriceRuns runs = new PriceRuns(lineCount);
            for (Map.Entry<String, List<PlacedLine>> product : linesByProduct.entrySet()) {
                runs.add(product.getValue(), latestCommittedMicros.getOrDefault(product.getKey(), Long.MIN_VALUE));
            }
            return runs;
        }
    }

    /**
     * The batch's runs of equal prices: a product's lines sorted by position, consecutive lines of one price form a
     * run. Each line is staged with its run's first order_ts and whether it is the run's first or last line. A run
     * that starts after the product's latest stored line has no stored line inside it, so the Type 3 steps need only
     * its ends (load.sql, place_price_lines); in real time nearly every line comes after it, and a batch's thousands
     * of lines come to a few points a product. The late ones, up to where the writer guesses the stored lines end,
     * are runs of their own, so that one late line does not make its whole run placed line by line.
     */
    private static final class PriceRuns {
        /** By the line's place in the batch, orders in their order and each order's lines in theirs. */
        private final Instant[] runFrom;
        private final boolean[] endsRun;
        private final Map<String, PlacedLine> latestLines = new HashMap<>();

        PriceRuns(int lineCount) {
            runFrom = new Instant[lineCount];
            endsRun = new boolean[lineCount];
        }

        /** Marks a product's lines, runs beginning only after {@code storedUntilMicros}. */
        void add(List<PlacedLine> productLines, long storedUntilMicros) {
            productLines.sort(PlacedLine.BY_POSITION);
            int runStart = 0;
            for (int i = 0; i < productLines.size(); i++) {
                PlacedLine placed = productLines.get(i);
                if (placed.micros() <= storedUntilMicros) {
                    runFrom[placed.index()] = placed.order().orderTs();
                    endsRun[placed.index()] = true;
                    runStart = i + 1;
                    continue;
                }
                if (i > runStart && !productLines.get(i - 1).samePrice(placed)) {
                    runStart = i;
                }
                runFrom[placed.index()] = productLines.get(runStart).order().orderTs();
                endsRun[placed.index()] = i == runStart || i + 1 == productLines.size()
                        || !placed.samePrice(productLines.get(i + 1));
            }
            PlacedLine latest = productLines.get(productLines.size() - 1);
            latestLines.put(latest.line().productId(), latest);
        }
    }

    /**
     * One order's row, in a method of its own so that the JIT compiles it by its many calls during the warm-up
     * (LoadPathWarmup): a loop over a whole batch, run for a handful of warm-up batches, was still being compiled
     * (on-stack replacements included) while the first real batches ran.
     */
    private static void stageOrder(StagingTable orders, IncomingOrder incoming) throws SQLException {
        Order order = incoming.order();
        KafkaPosition source = incoming.source();
        orders.text(order.orderId()).text(incoming.contentHash()).timestamp(order.orderTs())
                .text(order.customer().customerId()).text(order.customer().name()).text(order.customer().email())
                .text(order.customer().region()).text(source.topic()).integer(source.partition())
                .bigInteger(source.offset()).endRow();
    }

    // per order, for the JIT as stageOrder; returns the index of the batch's next line
    private static int collectLines(Map<String, List<PlacedLine>> linesByProduct, Order order, int index) {
        long micros = epochMicros(order.orderTs());
        for (Order.Line line : order.lines()) {
            linesByProduct.computeIfAbsent(line.productId(), product -> new ArrayList<>())
                    .add(new PlacedLine(micros, order, line, index++));
        }
        return index;
    }

    // per order, for the JIT as stageOrder; returns the index of the batch's next line
    private static int stageLines(StagingTable lines, Order order, PriceRuns runs, int index) throws SQLException {
        for (Order.Line line : order.lines()) {
            lines.text(order.orderId()).integer(line.lineNumber()).timestamp(order.orderTs()).text(line.productId())
                    .decimal(line.unitPrice()).integer(line.quantity()).timestamp(runs.runFrom[index])
                    .bool(runs.endsRun[index]).endRow();
            index++;
        }
        return index;
    }

    private void stageOffsets(Connection connection, OrderBatch batch) throws SQLException {
        try (StagingTable offsets = dialect.stagingTable(connection, "STAGE_OFFSETS", batch.lastPositions().size())) {
            for (KafkaPosition position : batch.lastPositions()) {
                offsets.text(position.topic()).integer(position.partition()).bigInteger(position.offset()).endRow();
            }
        }
    }

    private Set<Integer> stageDates(Connection connection, Set<Long> epochDays, Set<Integer> knownDates) throws SQLException {
        Set<Integer> staged = new HashSet<>();
        try (StagingTable table = dialect.stagingTable(connection, "STAGE_DATES", epochDays.size())) {
            for (long epochDay : epochDays) {
                LocalDate date = LocalDate.ofEpochDay(epochDay);
                CalendarDay day = CalendarDay.of(date);
                if (knownDates.contains(day.dateKey())) {
                    continue;
                }
                staged.add(day.dateKey());
                table.integer(day.dateKey()).date(date).smallInteger((short) date.getYear()).tinyInteger((byte) day.quarter())
                        .tinyInteger((byte) date.getMonthValue()).text(day.monthName()).tinyInteger((byte) date.getDayOfMonth())
                        .tinyInteger((byte) date.getDayOfWeek().getValue()).text(day.dayName()).tinyInteger((byte) day.isoWeek())
                        .bool(day.isWeekend()).bool(day.holidayName() != null).text(day.holidayName()).endRow();
            }
        }
        return staged;
    }

    /**
     * Each product's latest line by (order_ts, order_id, line_number) among the orders not loaded before: the
     * Type 1 candidate, staged once a product rather than on every line. Compared the way the warehouses
     * compare them (microseconds; strings by code point, the order of their UTF-8 bytes). The last of each
     * product's sorted lines while staging; found again only when some of the orders were loaded before, which is rare.
     */
    void stageLatestProductLines(Connection connection, Staged staged, Set<String> loadedBefore) throws SQLException {
        Map<String, PlacedLine> latest = staged.latestLines;
        if (!loadedBefore.isEmpty()) {
            latest = new HashMap<>();
            for (IncomingOrder incoming : staged.batch.orders()) {
                if (!loadedBefore.contains(incoming.order().orderId())) {
                    keepLatestLines(latest, incoming.order());
                }
            }
        }
        try (StagingTable products = dialect.stagingTable(connection, "STAGE_PRODUCTS", latest.size())) {
            for (PlacedLine held : latest.values()) {
                stageProduct(products, held);
            }
        }
        staged.stagedProducts = latest;
    }

    /**
     * The batch {@code staged} describes is committed: its products' latest lines are stored, so later batches' runs
     * begin after them. A batch rolled back, or written again, leaves the guesses where they were.
     */
    void committed(Staged staged) {
        if (latestCommittedMicros.size() + staged.stagedProducts.size() > MAX_GUESSES) {
            latestCommittedMicros.clear();
        }
        for (PlacedLine latest : staged.stagedProducts.values()) {
            latestCommittedMicros.merge(latest.line().productId(), latest.micros(), Math::max);
        }
    }

    private static void keepLatestLines(Map<String, PlacedLine> latest, Order order) {
        long micros = epochMicros(order.orderTs());
        for (Order.Line line : order.lines()) {
            PlacedLine candidate = new PlacedLine(micros, order, line, -1);
            PlacedLine held = latest.get(line.productId());
            if (held == null || PlacedLine.BY_POSITION.compare(held, candidate) < 0) {
                latest.put(line.productId(), candidate);
            }
        }
    }

    private static void stageProduct(StagingTable products, PlacedLine held) throws SQLException {
        products.text(held.line().productId()).text(held.line().productName()).text(held.line().category())
                .decimal(held.line().unitPrice()).timestamp(held.order().orderTs()).text(held.order().orderId())
                .integer(held.line().lineNumber()).endRow();
    }

    /** Microseconds since the epoch: the precision every warehouse stores a timestamp with. */
    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    /**
     * A line at its position, (order_ts, order_id, line_number), compared the way the warehouses compare them
     * (microseconds; strings by code point, the order of their UTF-8 bytes), with its place among the batch's staged
     * lines (-1 for a line only compared).
     */
    private record PlacedLine(long micros, Order order, Order.Line line, int index) {
        static final Comparator<PlacedLine> BY_POSITION = (a, b) -> {
            if (a.micros != b.micros) {
                return Long.compare(a.micros, b.micros);
            }
            int byOrderId = compareCodePoints(a.order.orderId(), b.order.orderId());
            return byOrderId != 0 ? byOrderId : Integer.compare(a.line.lineNumber(), b.line.lineNumber());
        };

        /** Equal as DECIMAL(9,2) values: 10.5 and 10.50 are one price. */
        boolean samePrice(PlacedLine other) {
            return line.unitPrice().compareTo(other.line.unitPrice()) == 0;
        }
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
