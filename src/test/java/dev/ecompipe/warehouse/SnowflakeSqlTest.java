package dev.ecompipe.warehouse;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Snowflake SQL read as text and parsed: what it orders by, what it scans, what the schema upgrades. */
class SnowflakeSqlTest {

    /** Tables that grow with every order loaded: a read of them must be bounded for a batch to cost the same each time. */
    private static final Set<String> HISTORY = Set.of("ORDER_EVENTS", "FACT_ORDERS", "PRODUCT_PRICE_RUNS");

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?m)^\\s*--.*$", "").strip();
    }

    @Test
    void monthlySalesSortsByItsGroupingColumnsNeverByTheMonthAliasThatDimDateAlsoHas() throws Exception {
        PlainSelect select = (PlainSelect) CCJSqlParserUtil.parse(SqlStatements.analytics().single("monthly_sales"));

        Set<String> grouped = ((List<?>) select.getGroupBy().getGroupByExpressionList()).stream().map(Object::toString)
                .collect(Collectors.toSet());
        List<String> ordered = select.getOrderByElements().stream().map(OrderByElement::getExpression).map(Object::toString).toList();
        assertThat(ordered).containsExactly("d.year", "d.month", "p.category", "c.region");
        assertThat(grouped).containsAll(ordered);
    }

    @Test
    void everyReadOfAHistoryTableInTheLoadIsBoundedBySessionVariables() throws Exception {
        for (String sql : SqlStatements.load("snowflake", "load.sql").all()) {
            String text = withoutComments(sql);
            if (text.startsWith("SET ")) {
                // a bound is set from the batch's own staged keys, never from a stored table
                assertThat(text).doesNotContainPattern(String.join("|", HISTORY));
                continue;
            }
            Statement statement = CCJSqlParserUtil.parse(text);
            Set<String> read = TablesNamesFinder.findTables(text).stream().map(String::toUpperCase).collect(Collectors.toSet());
            if (statement instanceof Insert insert && !text.substring(text.indexOf(insert.getTable().getName())
                    + insert.getTable().getName().length()).contains(insert.getTable().getName())) {
                read.remove(insert.getTable().getName().toUpperCase());
            }
            read.retainAll(HISTORY);
            // the last two runs of the batch's products: the one before the anchor may start at any time
            if (!read.isEmpty() && !text.startsWith("UPDATE DIM_PRODUCT")) {
                assertThat(text).as("reads %s", read).containsPattern("\\$\\w+");
                assertThat(text).as("a subquery in a bound prunes nothing").doesNotContainPattern("[<>=]\\s*\\(SELECT");
            }
        }
    }

    @Test
    void priceRunsCarryTheirLastLineAndAnOlderTableIsUpgradedInPlace() {
        List<String> schema = SqlStatements.load("snowflake", "schema.sql").all().stream().map(SnowflakeSqlTest::withoutComments).toList();
        String create = schema.stream().filter(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS PRODUCT_PRICE_RUNS")).findFirst().orElseThrow();
        assertThat(create).contains("last_ts", "last_order_id", "last_line");
        for (String column : List.of("last_ts", "last_order_id", "last_line")) {
            assertThat(schema).contains(schema.stream()
                    .filter(sql -> sql.startsWith("ALTER TABLE PRODUCT_PRICE_RUNS ADD COLUMN IF NOT EXISTS " + column + " ")).findFirst().orElseThrow());
        }
        int lastAlter = schema.lastIndexOf(schema.stream().filter(sql -> sql.startsWith("ALTER TABLE PRODUCT_PRICE_RUNS")).reduce((a, b) -> b).orElseThrow());
        assertThat(schema.get(lastAlter + 1)).startsWith("UPDATE PRODUCT_PRICE_RUNS").contains("WHERE r.last_ts IS NULL");

        String reprice = String.join("\n", SqlStatements.load("snowflake", "load.sql").block("reprice_products"));
        assertThat(reprice).contains("INSERT INTO PRODUCT_PRICE_RUNS (product_key, run_ts, run_order_id, run_line, price, last_ts,"
                + " last_order_id, last_line)");
    }

    @Test
    void theSnowflakeLoadUsesNoPostgresOrDuckDbOnlySyntax() {
        String load = withoutComments(String.join("\n", SqlStatements.load("snowflake", "load.sql").all()));
        assertThat(load).doesNotContain("LATERAL").doesNotContain("DISTINCT ON").doesNotContain("ON COMMIT DROP")
                .doesNotContain("ASOF").doesNotContain("WINDOW w")
                // a row-value comparison such as (a, b) < (x, y)
                .doesNotContainPattern("\\(\\s*[\\w.]+\\s*,[^()]*\\)\\s*[<>]=?\\s*\\(");
    }
}
