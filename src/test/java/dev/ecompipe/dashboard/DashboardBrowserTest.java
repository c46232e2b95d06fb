package dev.ecompipe.dashboard;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ecompipe.app.PipelineRunner;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.Warehouses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser while orders flow: every section draws its chart, the counters grow without
 * a reload, the numbers equal what the warehouse holds, the console stays clean, and bad requests are refused.
 */
class DashboardBrowserTest {

    private static final int ORDERS = 4_000;
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    /** True once Chart.js has drawn a chart with data into every canvas of the section. */
    private static final String SECTION_CHARTED = """
            const canvases = [...document.querySelectorAll('[data-analytics="' + arguments[0] + '"] canvas')];
            return canvases.length > 0 && canvases.every(canvas => {
              const chart = Chart.getChart(canvas);
              return chart !== undefined && canvas.width > 0
                  && chart.data.datasets.some(dataset => dataset.data.length > 0);
            });""";

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDashboardShowsTheWarehouseLiveInChromium() throws Exception {
        Map<String, String> values = kafka.settings("dashboard");
        values.put("producer.orders", String.valueOf(ORDERS));
        values.put("producer.seed", "13");
        values.put("producer.rate", "300");
        String page = "http://127.0.0.1:" + values.get("ops.http.port");
        try (Warehouse warehouse = Warehouses.openWithSchema(Settings.of(values))) {
            showLive(values, page, warehouse);
        }
    }

    private void showLive(Map<String, String> values, String page, Warehouse warehouse) throws Exception {
        AtomicReference<Runnable> stop = new AtomicReference<>();
        CompletableFuture<PipelineStats> run = CompletableFuture.supplyAsync(() -> {
            try {
                return PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PIPELINE, false, null,
                        new PipelineRunner.RunControl(warehouse, stop::set));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        try (HeadlessChromium chromium = new HeadlessChromium(1400, 2000)) {
            ChromeDriver browser = chromium.driver();
            await("the page answers", () -> answers(page + "/"));
            browser.get(page + "/");
            for (String section : new String[] {"monthly_sales", "top_repeat_customers", "multi_region_customers",
                    "product_performance", "customer_history"}) {
                await("a chart in " + section, () -> Boolean.TRUE.equals(browser.executeScript(SECTION_CHARTED, section)));
            }

            // the counters grow while orders flow, on the same page (a reload would drop the marker)
            browser.executeScript("window.sameDocument = true;");
            long before = metric(browser, "orders_loaded");
            await("orders_loaded grows without a reload", () -> metric(browser, "orders_loaded") > before);
            assertThat(browser.executeScript("return window.sameDocument === true;")).isEqualTo(true);

            // once everything is loaded, the page shows what the warehouse holds
            DataSource truth = warehouse.readOnlyDataSource();
            await("all orders loaded", () -> query(truth, "SELECT count(*) FROM ORDER_EVENTS").longValue() == ORDERS);
            long lines = query(truth, "SELECT count(*) FROM FACT_ORDERS").longValue();
            BigDecimal revenue = query(truth, "SELECT sum(line_total) FROM FACT_ORDERS");
            long units = query(truth, "SELECT sum(quantity) FROM FACT_ORDERS").longValue();
            await("the counters show the warehouse's totals", () -> metric(browser, "orders_loaded") == ORDERS
                    && metric(browser, "lines_loaded") == lines);
            await("the headline shows the warehouse's revenue", () -> revenue.compareTo(new BigDecimal(
                    browser.findElement(By.cssSelector("[data-total='revenue']")).getDomAttribute("data-value"))) == 0);
            assertThat(text(browser, "[data-total='units']").replace(",", "")).isEqualTo(String.valueOf(units));
            assertThat(metric(browser, "dead_lettered")).isZero();
            assertThat(metric(browser, "duplicates_skipped")).isZero();
            assertThat(text(browser, "#readiness")).isEqualTo("pipeline ready");

            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
            assertThat(chromium.consoleErrors()).as("errors in the browser console").isEmpty();
        } finally {
            if (stop.get() != null) {
                stop.get().run();
            }
        }
        run.get(60, TimeUnit.SECONDS);
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        Map<String, String> values = kafka.settings("dashboard-requests");
        values.put("producer.enabled", "false");
        String api = "http://127.0.0.1:" + values.get("ops.http.port") + "/api";
        AtomicReference<Runnable> stop = new AtomicReference<>();
        CompletableFuture<PipelineStats> run = CompletableFuture.supplyAsync(() -> {
            try {
                return PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PIPELINE, false, null,
                        new PipelineRunner.RunControl(null, stop::set));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await("the API answers", () -> answers(api + "/operations"));
            assertRefused(api + "/customer-history?customer_id=C-NOBODY", 404, "no customer 'C-NOBODY'");
            assertRefused(api + "/customer-history", 400, "customer_id");
            assertRefused(api + "/analytics/top_repeat_customers?limit=1000000000", 400, "from 1 to 1000");
            assertRefused(api + "/analytics/top_repeat_customers?limit=-1", 400, "from 1 to 1000");
            assertRefused(api + "/analytics/top_repeat_customers?limit=ten", 400, "whole number");
            assertRefused(api + "/analytics/DROP%20TABLE", 404, "no analytics named");
            assertThat(get(api + "/analytics/top_repeat_customers?limit=5").statusCode()).isEqualTo(200);
        } finally {
            if (stop.get() != null) {
                stop.get().run();
            }
        }
        run.get(60, TimeUnit.SECONDS);
    }

    private void assertRefused(String url, int status, String reason) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(status);
        assertThat(response.body()).as(url).startsWith("{\"error\":").contains(reason);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean answers(String url) {
        try {
            return get(url).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static String text(ChromeDriver browser, String selector) {
        return browser.findElement(By.cssSelector(selector)).getText();
    }

    /** A live counter's number, or -1 before the page first filled it in. */
    private static long metric(ChromeDriver browser, String name) {
        String text = text(browser, "[data-metric='" + name + "']");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private static BigDecimal query(DataSource warehouse, String sql) {
        try (Connection connection = warehouse.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getBigDecimal(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
