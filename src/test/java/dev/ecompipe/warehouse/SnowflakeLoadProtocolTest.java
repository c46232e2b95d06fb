package dev.ecompipe.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ecompipe.batch.OrderBatch;
import dev.ecompipe.order.Order;
import org.junit.jupiter.api.Test;

import static dev.ecompipe.warehouse.SnowflakeBatches.batch;
import static dev.ecompipe.warehouse.SnowflakeBatches.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements a Snowflake batch sends, in order, against a recording connection: staging first, then the
 * lock before any other write to a shared table, no DDL inside the transaction, nothing to merge for a replay.
 */
class SnowflakeLoadProtocolTest {

    private static final Pattern WRITE = Pattern.compile("^(?:INSERT INTO|UPDATE|DELETE FROM|MERGE INTO)\\s+(\\w+)");
    /** The permanent tables of schema.sql; everything else a batch writes is its session's own. */
    private static final Set<String> SHARED = Set.of("DIM_DATE", "DIM_CUSTOMER", "DIM_PRODUCT", "PRODUCT_PRICE_RUNS",
            "FACT_ORDERS", "ORDER_EVENTS", "INGEST_OFFSETS", "LOAD_LOCK");

    private final BatchWriter writer = new BatchWriter(new SnowflakeDialect());

    private static List<String> write(RecordingConnection session, OrderBatch batch) throws Exception {
        new BatchWriter(new SnowflakeDialect()).write(session.connection(), batch, conflicts -> { });
        return session.log().stream().map(SnowflakeLoadProtocolTest::withoutComments).toList();
    }

    private static String sharedTableWritten(String sql) {
        Matcher write = WRITE.matcher(withoutComments(sql));
        return write.find() && SHARED.contains(write.group(1).toUpperCase(Locale.ROOT)) ? write.group(1) : null;
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?m)^\\s*--.*$", "").strip();
    }

    private static int firstIndex(List<String> log, java.util.function.Predicate<String> which) {
        for (int i = 0; i < log.size(); i++) {
            if (which.test(log.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndex(List<String> log, java.util.function.Predicate<String> which) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (which.test(log.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aBatchStagesEverythingThenTakesTheLockBeforeAnyOtherWriteToASharedTable() throws Exception {
        List<String> log = write(new RecordingConnection(), batch(order("O-1", "2026-03-01T10:00:00Z", 2),
                order("O-2", "2026-03-02T10:00:00Z", 1)));

        int begin = log.indexOf("BEGIN");
        int firstSharedWrite = firstIndex(log, sql -> sharedTableWritten(sql) != null);
        // STAGE_PRODUCTS follows the duplicate check by design (the products of new orders only): it stays
        // below the binding threshold like every staging batch, so it never makes the driver run DDL
        int lastStaging = lastIndex(log, sql -> sql.startsWith("BATCH ") && !sql.contains("STAGE_PRODUCTS"));
        assertThat(begin).isZero();
        assertThat(log.get(firstSharedWrite)).startsWith("UPDATE LOAD_LOCK");
        assertThat(lastStaging).isLessThan(firstSharedWrite);
        assertThat(log).last().isEqualTo("COMMIT");
        assertThat(log).filteredOn(sql -> sql.startsWith("INSERT INTO FACT_ORDERS")).hasSize(1);
    }

    @Test
    void nothingInsideTheTransactionIsDdlThatWouldCommitIt() throws Exception {
        List<String> log = write(new RecordingConnection(), batch(order("O-1", "2026-03-01T10:00:00Z", 3)));

        assertThat(log.subList(log.indexOf("BEGIN"), log.indexOf("COMMIT")))
                .noneMatch(sql -> withoutComments(sql).matches("(?is)^(CREATE|ALTER|DROP|TRUNCATE|GRANT)\\b.*"));
    }

    @Test
    void theStagingTablesAreCreatedOncePerConnectionOutsideAnyBatch() throws Exception {
        RecordingConnection session = new RecordingConnection();
        writer.prepare(session.connection());
        writer.write(session.connection(), batch(order("O-1", "2026-03-01T10:00:00Z", 1)), conflicts -> { });

        List<String> log = session.log().stream().map(SnowflakeLoadProtocolTest::withoutComments).toList();
        assertThat(log.subList(0, log.indexOf("BEGIN"))).isNotEmpty().allMatch(sql -> sql.startsWith("CREATE TEMPORARY TABLE"));
    }

    @Test
    void aReplayedBatchRunsNoMergeStepOnlyTheLockTheDuplicateCheckAndTheOffsets() throws Exception {
        Order first = order("O-1", "2026-03-01T10:00:00Z", 2);
        Order second = order("O-2", "2026-03-02T10:00:00Z", 1);
        RecordingConnection session = new RecordingConnection().answering(sql -> sql.contains("same_content")
                ? List.of(List.of("O-1", true), List.of("O-2", true)) : List.of());

        List<String> log = write(session, batch(first, second));

        List<String> sharedWrites = log.stream().map(SnowflakeLoadProtocolTest::sharedTableWritten)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(sharedWrites).containsExactly("LOAD_LOCK", "INGEST_OFFSETS");
        // the README's cost model: a replay's statements, staging inserts aside
        assertThat(log).filteredOn(sql -> !sql.startsWith("BATCH ") && !sql.startsWith("PREPARE ")
                && !sql.equals("BEGIN") && !sql.equals("COMMIT")).hasSize(13);
        assertThat(log).noneMatch(sql -> sql.contains("PRODUCT_PRICE_RUNS") || sql.contains("CUSTOMER_FRONTIER"));
        assertThat(log).last().isEqualTo("COMMIT");
    }

    @Test
    void stagingSendsEachBoundBatchBelowTheDriversArrayBindingThreshold() throws Exception {
        // 11,000 lines of 6 columns: 66,000 values, above the 65,280 at which the driver would create a stage
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            orders.add(order("O-" + i, "2026-03-01T10:00:00Z", 100));
        }
        RecordingConnection session = new RecordingConnection();
        write(session, batch(orders.toArray(Order[]::new)));

        List<RecordingConnection.Sent> lineBatches = session.sent().stream()
                .filter(s -> s.isBatch() && s.sql().startsWith("INSERT INTO STAGE_LINES")).toList();
        assertThat(lineBatches).hasSizeGreaterThan(1);
        assertThat(lineBatches).allSatisfy(s -> assertThat(s.boundValues()).isLessThan(SnowflakeDialect.ARRAY_BINDING_THRESHOLD));
        assertThat(lineBatches.stream().mapToInt(s -> s.rows().size()).sum()).isEqualTo(11_000);
    }

    @Test
    void aBatchSendsTheSameStatementsWhateverItsSizeAndPreparesItsInsertsOncePerConnection() throws Exception {
        RecordingConnection session = new RecordingConnection();
        java.sql.Connection connection = session.connection();
        writer.write(connection, batch(order("O-1", "2026-03-01T10:00:00Z", 1)), conflicts -> { });
        int small = session.log().size();
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(order("O-" + (i + 2), "2026-03-0" + (1 + i % 9) + "T10:00:00Z", 5));
        }
        writer.write(connection, batch(orders.toArray(Order[]::new)), conflicts -> { });

        List<String> second = session.log().subList(small, session.log().size());
        assertThat(second).hasSize(small - 5).noneMatch(sql -> sql.startsWith("PREPARE"));
        // the README's cost model: the statements of a batch with new orders, staging inserts aside, when no line
        // falls inside a price run and no order moves to another customer version
        assertThat(second).filteredOn(sql -> !sql.startsWith("BATCH ") && !sql.equals("BEGIN") && !sql.equals("COMMIT"))
                .hasSize(45);
    }

    @Test
    void theLookUpsAroundSplitRunsAndTheRepointingOfFactsRunOnlyWhenTheStatementFillingTheirInputWroteRows() throws Exception {
        OrderBatch batch = batch(order("O-1", "2026-03-01T10:00:00Z", 2));
        List<String> idle = write(new RecordingConnection(), batch);
        List<String> busy = write(new RecordingConnection().writing(sql -> 1), batch);

        assertThat(idle).noneMatch(sql -> sql.startsWith("INSERT INTO PRODUCT_SPLIT_LINES") || sql.startsWith("UPDATE FACT_ORDERS"));
        assertThat(busy).filteredOn(sql -> sql.startsWith("INSERT INTO PRODUCT_SPLIT_LINES")).hasSize(2);
        assertThat(busy).filteredOn(sql -> sql.startsWith("UPDATE FACT_ORDERS")).hasSize(1);
        // the README's cost model: every step of a batch with new orders, staging inserts aside
        assertThat(busy).filteredOn(sql -> !sql.startsWith("BATCH ") && !sql.startsWith("PREPARE ")
                && !sql.equals("BEGIN") && !sql.equals("COMMIT")).hasSize(52);
        // a split run's lines are emptied every batch, so a skipped look-up leaves none from an earlier batch behind
        assertThat(idle).contains("DELETE FROM PRODUCT_SPLIT_LINES", "DELETE FROM MOVED_ORDERS");
    }
}
