package dev.ecompipe.app;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.warehouse.WarehouseQueries;
import dev.ecompipe.warehouse.Warehouses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running pipeline operated from outside while orders flow: JMX suspends and resumes the ingest route,
 * the warehouse goes away and comes back, and the health and metrics endpoints tell the truth throughout.
 */
class OperationsTest {

    private static final int ORDERS = 12_000;

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    private final HttpClient http = HttpClient.newHttpClient();
    private int managementPort;

    @Test
    void suspendResumeAndAWarehouseOutageLoseNothingAndHealthFollows() throws Exception {
        Path warehouseFile = kafka.warehouseFile("ops");
        Map<String, String> values = kafka.settings("ops");
        managementPort = Integer.parseInt(values.get("ops.management.port"));
        values.put("producer.orders", String.valueOf(ORDERS));
        values.put("producer.seed", "5");
        values.put("producer.rate", "1000");
        values.put("ingest.batch-size", "500");
        values.put("ingest.retry.max-backoff-ms", "500");
        Settings settings = Settings.of(values);
        try (SwitchableWarehouse warehouse = new SwitchableWarehouse(Warehouses.openWithSchema(settings))) {
            operate(settings, warehouse, warehouseFile);
        }
    }

    private void operate(Settings settings, SwitchableWarehouse warehouse, Path warehouseFile) throws Exception {
        CompletableFuture<PipelineStats> run = CompletableFuture.supplyAsync(() -> {
            try {
                return PipelineRunner.run(settings, PipelineRunner.Mode.PIPELINE, true, null,
                        new PipelineRunner.RunControl(warehouse, stop -> { }));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await("ready", () -> ready() && metric("ecommerce_orders_loaded_total") > 0);

        // JMX: suspending the ingest route stops loading; resuming continues
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> routes = server.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"ingest\",*"), null);
        assertThat(routes).hasSize(1);
        ObjectName ingest = routes.iterator().next();
        server.invoke(ingest, "suspend", null, null);
        assertThat(server.getAttribute(ingest, "State")).isEqualTo("Suspended");
        // batches completed before the suspension are still written; then loading stops
        double[] previous = {-1};
        await("the batches in flight to be written", () -> {
            double now = metric("ecommerce_orders_loaded_total");
            boolean settled = now == previous[0];
            previous[0] = now;
            sleepQuietly(1_000);
            return settled;
        });
        double whileSuspended = metric("ecommerce_orders_loaded_total");
        TimeUnit.MILLISECONDS.sleep(2_000);
        assertThat(metric("ecommerce_orders_loaded_total")).as("nothing is loaded while suspended").isEqualTo(whileSuspended);
        server.invoke(ingest, "resume", null, null);
        await("loading again after resume", () -> metric("ecommerce_orders_loaded_total") > whileSuspended);

        // outage: batches are retried, the consumer waits, readiness goes down and comes back
        warehouse.down = true;
        await("not ready during the outage", () -> !ready());
        TimeUnit.MILLISECONDS.sleep(1_000);
        double duringOutage = metric("ecommerce_orders_loaded_total");
        TimeUnit.SECONDS.sleep(3);
        assertThat(metric("ecommerce_orders_loaded_total")).isEqualTo(duringOutage);
        try (WarehouseQueries queries = new WarehouseQueries(warehouseFile)) {
            assertThat(metric("ecommerce_orders_loaded_total")).as("the metric counts what the warehouse holds")
                    .isEqualTo(queries.count("SELECT count(*) FROM ORDER_EVENTS"));
            assertThat(metric("ecommerce_lines_loaded_total")).isEqualTo(queries.count("SELECT count(*) FROM FACT_ORDERS"));
        }
        warehouse.down = false;
        await("ready after the outage", this::ready);

        PipelineStats stats = run.get(120, TimeUnit.SECONDS);
        assertThat(stats.ordersLoaded()).isEqualTo(ORDERS);
        assertThat(stats.deadLetteredCount()).isZero();
        assertThat(stats.duplicatesSkipped()).isZero();
        try (WarehouseQueries queries = new WarehouseQueries(warehouseFile)) {
            assertThat(queries.count("SELECT count(*) FROM ORDER_EVENTS")).isEqualTo(ORDERS);
            assertThat(queries.count("SELECT count(*) FROM FACT_ORDERS")).isEqualTo(stats.linesLoaded());
        }
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = get("/observe/health/ready");
            return response.statusCode() == 200 && response.body().contains("UP");
        } catch (Exception e) {
            return false;
        }
    }

    private double metric(String name) {
        try {
            Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(get("/observe/metrics").body());
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
