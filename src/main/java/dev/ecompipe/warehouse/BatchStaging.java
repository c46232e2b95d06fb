package dev.ecompipe.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
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

    private final Dialect dialect;

    BatchStaging(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Stages orders, lines, the offsets the batch settles and the calendar dates it needs that are not in
     * {@code knownDates}.
     */
    Staged stage(Connection connection, OrderBatch batch, Set<Integer> knownDates) throws SQLException {
        OrderPass pass = new OrderPass();
        try (StagingTable orders = dialect.stagingTable(connection, "STAGE_ORDERS", batch.orders().size());
             StagingTable lines = dialect.stagingTable(connection, "STAGE_LINES", batch.lineCount())) {
            for (IncomingOrder incoming : batch.orders()) {
                pass.add(orders, lines, incoming);
            }
        }
        stageOffsets(connection, batch);
        return new Staged(batch, stageDates(connection, pass.epochDays, knownDates), pass.latestLines);
    }

    /**
     * What staging learnt of a batch in its one pass over the orders. A large batch's orders do not fit in the
     * processor's caches, so every pass over them waits on memory: the two further passes there were, for their
     * dates and for their products' latest lines, took a quarter of staging.
     */
    static final class Staged {
        private final OrderBatch batch;
        private final Set<Integer> dates;
        private final Map<String, LatestLine> latestLines;

        private Staged(OrderBatch batch, Set<Integer> dates, Map<String, LatestLine> latestLines) {
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
        private final Map<String, LatestLine> latestLines = new HashMap<>();
        private long previousDay = Long.MIN_VALUE;

        void add(StagingTable orders, StagingTable lines, IncomingOrder incoming) throws SQLException {
            stageOrder(orders, lines, incoming);
            long epochDay = Math.floorDiv(incoming.order().orderTs().getEpochSecond(), 86_400L);
            // a batch's orders fall on a day or two: a boxed set insertion per order took a few percent of a large batch
            if (epochDay != previousDay) {
                epochDays.add(epochDay);
                previousDay = epochDay;
            }
            keepLatestLines(latestLines, incoming.order());
        }
    }

    /**
     * One order's rows, in a method of its own so that the JIT compiles it by its many calls during the warm-up
     * (LoadPathWarmup): a loop over a whole batch, run for a handful of warm-up batches, was still being compiled
     * (on-stack replacements included) while the first real batches ran.
     */
    private static void stageOrder(StagingTable orders, StagingTable lines, IncomingOrder incoming) throws SQLException {
        Order order = incoming.order();
        KafkaPosition source = incoming.source();
        orders.text(order.orderId()).text(incoming.contentHash()).timestamp(order.orderTs())
                .text(order.customer().customerId()).text(order.customer().name()).text(order.customer().email())
                .text(order.customer().region()).text(source.topic()).integer(source.partition())
                .bigInteger(source.offset()).endRow();
        for (Order.Line line : order.lines()) {
            lines.text(order.orderId()).integer(line.lineNumber()).timestamp(order.orderTs())
                    .text(line.productId()).decimal(line.unitPrice()).integer(line.quantity()).endRow();
        }
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
     * compare them (microseconds; strings by code point, the order of their UTF-8 bytes). Found while staging
     * the batch; found again only when some of its orders were loaded before, which is rare.
     */
    void stageLatestProductLines(Connection connection, Staged staged, Set<String> loadedBefore) throws SQLException {
        Map<String, LatestLine> latest = staged.latestLines;
        if (!loadedBefore.isEmpty()) {
            latest = new HashMap<>();
            for (IncomingOrder incoming : staged.batch.orders()) {
                if (!loadedBefore.contains(incoming.order().orderId())) {
                    keepLatestLines(latest, incoming.order());
                }
            }
        }
        try (StagingTable products = dialect.stagingTable(connection, "STAGE_PRODUCTS", latest.size())) {
            for (LatestLine held : latest.values()) {
                stageProduct(products, held);
            }
        }
    }

    // per order and per product, for the JIT as stageOrder
    private static void keepLatestLines(Map<String, LatestLine> latest, Order order) {
        long micros = epochMicros(order.orderTs());
        for (Order.Line line : order.lines()) {
            LatestLine held = latest.get(line.productId());
            if (held == null || held.isBefore(micros, order, line)) {
                latest.put(line.productId(), new LatestLine(micros, order, line));
            }
        }
    }

    private static void stageProduct(StagingTable products, LatestLine held) throws SQLException {
        products.text(held.line().productId()).text(held.line().productName()).text(held.line().category())
                .decimal(held.line().unitPrice()).timestamp(held.order().orderTs()).text(held.order().orderId())
                .integer(held.line().lineNumber()).endRow();
    }

    /** Microseconds since the epoch: the precision every warehouse stores a timestamp with. */
    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private record LatestLine(long micros, Order order, Order.Line line) {
        /** Whether this line comes before the one given by (order_ts, order_id, line_number). */
        boolean isBefore(long otherMicros, Order otherOrder, Order.Line otherLine) {
            if (micros != otherMicros) {
                return micros < otherMicros;
            }
            int byOrderId = compareCodePoints(order.orderId(), otherOrder.orderId());
            return byOrderId != 0 ? byOrderId < 0 : line.lineNumber() < otherLine.lineNumber();
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
