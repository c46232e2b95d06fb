package dev.ecompipe.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ecompipe.Pipeline;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report --limit N} limits every list, and an empty report still has its header rows. */
class ReportFormatTest {

    @Test
    void theLimitAppliesToEveryListAndATableSaysHowManyRowsThereAre() {
        Map<String, List<Map<String, Object>>> report = new LinkedHashMap<>();
        report.put("monthly_sales", rows("month", 20));
        report.put("customer_history", rows("customer_id", 2));

        String table = ReportFormat.TABLE.render(report, 3);
        String csv = ReportFormat.CSV.render(report, 3);

        assertThat(table).contains("MONTHLY SALES (first 3 of 20 rows)", "CUSTOMER HISTORY (2 rows)")
                .contains("m-2").doesNotContain("m-3");
        assertThat(csv.lines().filter(line -> line.startsWith("m-"))).hasSize(3);
        assertThat(ReportFormat.JSON.render(report, 3)).contains("m-2").doesNotContain("m-3");
        assertThat(ReportFormat.TABLE.render(report)).contains("MONTHLY SALES (20 rows)", "m-19");
    }

    @Test
    void anEmptyCsvReportHasItsHeaderRows() {
        Map<String, List<Map<String, Object>>> empty = new LinkedHashMap<>();
        ReportFormat.COLUMNS.keySet().stream().sorted().forEach(name -> empty.put(name, List.of()));

        String csv = ReportFormat.CSV.render(empty);

        assertThat(csv).contains("# monthly_sales\nmonth,category,region,orders,units,revenue\n")
                .contains("# customer_history\ncustomer_id,version,region,valid_from,valid_to,is_current\n");
    }

    @Test
    void theHelpSaysWhatTheLimitDoes() {
        String help = new CommandLine(new Pipeline()).getSubcommands().get("report").getUsageMessage();

        assertThat(help).contains("At most N rows of every list");
    }

    private static List<Map<String, Object>> rows(String column, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(Map.of(column, column.charAt(0) + "-" + i));
        }
        return rows;
    }
}
