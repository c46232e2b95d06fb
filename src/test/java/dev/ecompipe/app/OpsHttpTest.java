package dev.ecompipe.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.HealthReport;
import dev.ecompipe.ops.PipelineStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The running pipeline's HTTP answers: a bad request is 400 with its reason; the metrics show every series from the start. */
class OpsHttpTest {

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void badReportParametersAre400WithAReasonAndTheDeadLetterSeriesStartsAtZero() throws Exception {
        Map<String, String> values = kafka.settings("ops-http");
        values.put("producer.enabled", "false");
        AtomicReference<Runnable> stop = new AtomicReference<>();
        CompletableFuture<PipelineStats> run = CompletableFuture.supplyAsync(() -> {
            try {
                return PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PIPELINE, false, null,
                        new PipelineRunner.RunControl(null, stop::set));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String report = "http://127.0.0.1:" + values.get("ops.http.port") + "/report";
        String metrics = "http://127.0.0.1:" + values.get("ops.management.port") + "/observe/metrics";
        try {
            awaitAnswer(report);
            // the HTTP servers answer while the warm-up still runs; the pipeline is ready once its consumer has started
            awaitAnswer("http://127.0.0.1:" + values.get("ops.management.port") + "/observe/health/ready");

            HttpResponse<String> letters = get(report + "?limit=abc");
            HttpResponse<String> negative = get(report + "?limit=-5");
            HttpResponse<String> good = get(report + "?limit=3");

            assertThat(letters.statusCode()).isEqualTo(400);
            assertThat(letters.body()).isEqualTo("The parameter limit must be a whole number, 0 or more, not 'abc'.\n");
            assertThat(negative.statusCode()).isEqualTo(400);
            assertThat(negative.body()).contains("not '-5'");
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).contains("\"monthly_sales\"");
            assertThat(get(metrics).body()).contains("ecommerce_dead_lettered_total{error_class=\"InvalidOrder\"} 0.0");
            assertThat(HealthReport.check(Settings.of(values))).filteredOn(part -> part.name().equals("pipeline"))
                    .singleElement().satisfies(pipeline -> assertThat(pipeline.healthy()).as(pipeline.detail()).isTrue());
        } finally {
            stop.get().run();
            run.get(60, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitAnswer(String uri) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(System.nanoTime()).as("the pipeline answers at " + uri).isLessThan(deadline);
            try {
                // the HTTP server answers 404 until the report route has started, readiness 503 until the pipeline is
                if (get(uri).statusCode() == 200) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (Exception notYet) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }
}
