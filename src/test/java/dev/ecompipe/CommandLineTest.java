package dev.ecompipe;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.TestBroker;
import dev.ecompipe.ops.HealthReport;
import dev.ecompipe.producer.FileOrderSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user sees of small mistakes: one sentence and an exit code, never silence or a page of someone else's HTML. */
class CommandLineTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exitCode = Pipeline.execute(args);
            return new Outcome(exitCode, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void versionPrintsTheVersion() {
        Outcome version = execute("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("ecommerce-pipeline ");
    }

    @Test
    void aNegativeOrderCountAndTwoSourcesAreOneSentenceEach() {
        Outcome negative = execute("produce", "--orders", "-5");
        Outcome both = execute("run", "--orders", "3", "--orders-file", "orders.jsonl");

        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("error: The option --orders must be 0 or more, not -5." + System.lineSeparator());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: Give --orders or --orders-file, not both");
    }

    @Test
    void aMissingOrdersFileSaysWhy() {
        Path missing = dir.resolve("missing.jsonl");

        assertThatThrownBy(() -> new FileOrderSource(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The orders file " + missing + " (--orders-file) cannot be read: it does not exist.");
    }

    @Test
    void healthNamesAForeignServerOnTheManagementPortWithoutPrintingItsPage() throws Exception {
        HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext("/", exchange -> {
            byte[] page = "<html><body>someone else's page</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        foreign.start();
        try {
            Settings settings = Settings.of(Map.of("ops.management.port", String.valueOf(foreign.getAddress().getPort()),
                    "kafka.bootstrap.servers", "127.0.0.1:" + TestBroker.freePort(),
                    "warehouse.duckdb.path", dir.resolve("w.duckdb").toString()));

            HealthReport.Part pipeline = HealthReport.check(settings).stream()
                    .filter(part -> part.name().equals("pipeline")).findFirst().orElseThrow();

            assertThat(pipeline.healthy()).isFalse();
            assertThat(pipeline.detail()).startsWith("another server (HTTP 200) answers on").endsWith("ops.management.port")
                    .doesNotContain("<html");
        } finally {
            foreign.stop(0);
        }
    }

    @Test
    void benchRefusesADiskTooSmallForItsBacklogAndANegativeCountOfPairs() {
        Path work = dir.resolve("bench");
        Outcome tooLarge = execute("bench", "--orders", "100000000000", "--work-dir", work.toString(),
                "--output", dir.resolve("bench-results.json").toString());
        Outcome pairs = execute("bench", "--allocator-pairs", "-1", "--work-dir", work.toString());

        assertThat(tooLarge.exitCode()).isEqualTo(2);
        assertThat(tooLarge.err().strip()).startsWith("error: bench needs about 1000002.1 GB free on the disk of "
                + work.toAbsolutePath() + " (--work-dir) for 100,000,000,000 orders").doesNotContain("\n");
        assertThat(dir.resolve("bench-results.json")).doesNotExist();
        assertThat(pairs.exitCode()).isEqualTo(2);
        assertThat(pairs.err()).contains("--allocator-pairs not negative");
    }
}
