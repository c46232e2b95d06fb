package dev.ecompipe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.ecompipe.config.Ports;
import dev.ecompipe.config.Settings;
import dev.ecompipe.config.SettingsCheck;
import dev.ecompipe.dashboard.Dashboard;
import dev.ecompipe.ingest.IngestRoutes;
import dev.ecompipe.kafka.KafkaSetup;
import dev.ecompipe.kafka.Topics;
import dev.ecompipe.report.ReportRoutes;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.ops.RunMonitor;
import dev.ecompipe.ops.RunSummary;
import dev.ecompipe.producer.FileOrderSource;
import dev.ecompipe.producer.MockOrderGenerator;
import dev.ecompipe.producer.MockOrderSource;
import dev.ecompipe.producer.OrderPublishing;
import dev.ecompipe.producer.ProducerConfiguration;
import dev.ecompipe.producer.OrderSource;
import dev.ecompipe.producer.ProducerRoutes;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import dev.ecompipe.warehouse.Warehouses;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.kafka.common.TopicPartition;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline under camel-main: Kafka (embedded unless configured), the warehouse, the producer
 * and ingest routes, until stopped or, with {@code exitWhenDrained}, until everything produced is settled.
 */
public final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** What parts run: the whole pipeline, or only the producer (the produce command). */
    public enum Mode { PIPELINE, PRODUCE_ONLY }

    private PipelineRunner() {
    }

    public static PipelineStats run(Settings settings, Mode mode, boolean exitWhenDrained) throws Exception {
        return run(settings, mode, exitWhenDrained, null);
    }

    /**
     * @param summaryFile where to write the run summary on exit, or null. On SIGTERM the JVM waits for this
     *                    method to finish, so the broker and the warehouse close cleanly and the summary is written.
     */
    public static PipelineStats run(Settings settings, Mode mode, boolean exitWhenDrained, Path summaryFile) throws Exception {
        return run(settings, mode, exitWhenDrained, summaryFile, RunControl.NONE);
    }

    /**
     * What an embedding program (a test, the benchmark) may add to a run: a wrapper around the warehouse,
     * and a receiver for the action that stops the run from outside.
     */
    public record RunControl(UnaryOperator<Warehouse> decorate, Consumer<Runnable> stopper) {
        public static final RunControl NONE = new RunControl(UnaryOperator.identity(), stop -> { });
    }

    /** As above, under the given control. */
    public static PipelineStats run(Settings settings, Mode mode, boolean exitWhenDrained, Path summaryFile,
                                    RunControl control) throws Exception {
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread awaitCleanUp = new Thread(() -> {
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "await-clean-up");
        Runtime.getRuntime().addShutdownHook(awaitCleanUp);
        try {
            PipelineStats stats = runUntilStopped(settings, mode, exitWhenDrained, control);
            if (summaryFile != null) {
                RunSummary.write(summaryFile, stats);
            }
            return stats;
        } finally {
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(awaitCleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and returns now that the latch is open
            }
        }
    }

    private static PipelineStats runUntilStopped(Settings settings, Mode mode, boolean exitWhenDrained,
                                                 RunControl control) throws Exception {
        SettingsCheck.check(settings);
        if (mode == Mode.PIPELINE) {
            Ports.requireFree(settings, "0.0.0.0", "ops.http.port");
            Ports.requireFree(settings, "0.0.0.0", "ops.management.port");
        }
        OrderSource source = orderSource(settings);
        boolean producing = settings.getBoolean("producer.enabled");
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineStats stats = new PipelineStats(metrics);
        stats.latencyWarmup(TimeUnit.SECONDS.toMillis(settings.getInt("ops.latency-warmup-seconds")));
        stats.latencyTimeline(settings.getInt("ops.latency-timeline-seconds"));
        // the warehouse first: a wrong warehouse setting is refused before a broker takes seconds to start
        try (Warehouse warehouse = mode == Mode.PIPELINE ? control.decorate().apply(openWarehouse(settings)) : null;
             KafkaSetup kafka = KafkaSetup.start(settings);
             Topics topics = new Topics(kafka.bootstrapServers());
             RunMonitor monitor = new RunMonitor(stats, mode == Mode.PIPELINE)) {
            Settings effective = camelSettings(settings.with("kafka.bootstrap.servers", kafka.bootstrapServers()), mode);
            Main main = new Main();
            main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics);
            main.bind("pipelineStats", stats);
            main.bind("orderSource", source);
            main.configure().addConfiguration(ProducerConfiguration.class);
            main.configure().addRoutesBuilder(new ProducerRoutes());
            BooleanSupplier published = () -> published(main);
            if (mode == Mode.PIPELINE) {
                main.bind("warehouse", warehouse);
                main.configure().addConfiguration(PipelineConfiguration.class);
                main.configure().addRoutesBuilder(new IngestRoutes());
                main.configure().addRoutesBuilder(new ReportRoutes());
                Dashboard.addTo(main, warehouse);
                Path routeFiles = Path.of(settings.require("ops.routes-dir"));
                if (Files.isDirectory(routeFiles)) {
                    main.configure().withRoutesIncludePattern("file:" + routeFiles.toAbsolutePath() + "/*.yaml");
                } else {
                    LOG.info("No route files: {} (ops.routes-dir) is not a directory", routeFiles.toAbsolutePath());
                }
            }
            main.setOverrideProperties(effective.asCamelProperties());

            int logSeconds = settings.getInt("ops.throughput-log-seconds");
            monitor.logThroughputEvery(logSeconds).sampleHeapEvery(200);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport started) {
                    stats.ingestStarted();
                    if (mode == Mode.PIPELINE) {
                        // Camel's endpoint summary lists /observe/health but not the probes beneath it
                        LOG.info("Health probes: http://0.0.0.0:{}/observe/health/live and /observe/health/ready",
                                settings.get("ops.management.port"));
                    }
                }
            });
            if (mode == Mode.PRODUCE_ONLY) {
                monitor.stopWhenPublished(published, main::completed);
            } else {
                String ordersTopic = settings.require("kafka.topic.orders");
                monitor.trackConsumerLag(() -> topics.endOffsets(ordersTopic), () -> settledOffsets(warehouse), logSeconds);
            }
            if (mode == Mode.PIPELINE && exitWhenDrained) {
                String ordersTopic = settings.require("kafka.topic.orders");
                monitor.exitWhenDrained(() -> !producing || published.getAsBoolean(),
                        () -> topics.endOffsets(ordersTopic),
                        () -> settledOffsets(warehouse), main::completed);
            }
            control.stopper().accept(main::completed);
            if (mode == Mode.PIPELINE) {
                LoadPathWarmup.run(settings.getLong("ingest.warmup-ms"), settings.getLong("ingest.warmup-orders"));
            }
            main.run();
            if (mode == Mode.PIPELINE) {
                LOG.info("Stopped after {} s: {} orders produced, {} orders and {} lines loaded, {} dead-lettered, {} duplicates skipped",
                        String.format("%.1f", stats.elapsedSeconds()), stats.produced(), stats.ordersLoaded(),
                        stats.linesLoaded(), stats.deadLetteredCount(), stats.duplicatesSkipped());
            }
        }
        return stats;
    }

    /**
     * What Camel is given. Publishing needs neither the HTTP nor the management server, and a produce beside a
     * running pipeline would find their ports taken.
     */
    private static Settings camelSettings(Settings settings, Mode mode) {
        if (mode == Mode.PIPELINE) {
            return settings;
        }
        return settings.with("camel.server.enabled", "false")
                .with("camel.management.enabled", "false")
                .with("camel.metrics.enabled", "false");
    }

    /** Whether the producer has published everything it will; false until camel-main has made it. */
    private static boolean published(Main main) {
        CamelContext camel = main.getCamelContext();
        OrderPublishing publishing = camel == null ? null
                : camel.getRegistry().lookupByNameAndType("orderPublishing", OrderPublishing.class);
        return publishing != null && publishing.isDone();
    }

    private static Warehouse openWarehouse(Settings settings) throws WarehouseException {
        Warehouse warehouse = Warehouses.open(settings);
        try {
            warehouse.initSchema();
        } catch (WarehouseException e) {
            warehouse.close();
            throw e;
        }
        return warehouse;
    }

    private static java.util.Map<TopicPartition, Long> settledOffsets(Warehouse warehouse) {
        try {
            return warehouse.committedOffsets();
        } catch (WarehouseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The configured source of published orders: a JSON-lines file, or the mock generator. */
    public static OrderSource orderSource(Settings settings) {
        if (settings.isSet("producer.orders-file")) {
            return new FileOrderSource(Path.of(settings.get("producer.orders-file")));
        }
        long seed = settings.isSet("producer.seed") ? settings.getLong("producer.seed")
                : System.nanoTime();
        long orders = settings.getLong("producer.orders");
        // the window ends at midnight, so one seed gives the same stream all day long
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        return new MockOrderSource(MockOrderGenerator.prefixStable(seed, end), orders);
    }
}
