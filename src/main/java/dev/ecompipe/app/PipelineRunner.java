package dev.ecompipe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Ports;
import dev.ecompipe.config.Settings;
import dev.ecompipe.config.SettingsCheck;
import dev.ecompipe.dashboard.Dashboard;
import dev.ecompipe.ingest.IngestRoutes;
import dev.ecompipe.kafka.KafkaSetup;
import dev.ecompipe.kafka.Topics;
import dev.ecompipe.ops.OpsConfiguration;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.ops.RunMonitor;
import dev.ecompipe.ops.RunSummary;
import dev.ecompipe.producer.OrderPublishing;
import dev.ecompipe.producer.ProducerConfiguration;
import dev.ecompipe.producer.ProducerRoutes;
import dev.ecompipe.report.ReportRoutes;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseConfiguration;
import dev.ecompipe.warehouse.WarehouseException;
import dev.ecompipe.warehouse.Warehouses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline under camel-main: starts Kafka (embedded unless configured), chooses what runs (the whole
 * pipeline, or only the producer), hands camel-main the configuration classes that make every bean, and watches
 * the run until it is stopped or, with {@code exitWhenDrained}, until everything produced is settled.
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
     * What an embedding program (a test, the benchmark) may add to a run: a warehouse to load instead of the one
     * the settings name (it stays open after the run; null: the configured one), and a receiver for the action
     * that stops the run from outside.
     */
    public record RunControl(Warehouse warehouse, Consumer<Runnable> stopper) {
        public static final RunControl NONE = new RunControl(null, stop -> { });
    }

    /** As above, under the given control. */
    public static PipelineStats run(Settings settings, Mode mode, boolean exitWhenDrained, Path summaryFile,
                                    RunControl control) throws Exception {
        CountDownLatch cleanedUp = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread awaitCleanUp = new Thread(() -> {
            stopping.set(true);
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "await-clean-up");
        Runtime.getRuntime().addShutdownHook(awaitCleanUp);
        try {
            PipelineStats stats = runUntilStopped(settings, mode, exitWhenDrained, control, stopping::get);
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

    /** @param stopping whether the JVM is shutting down (Ctrl-C, SIGTERM) before camel-main has taken over */
    private static PipelineStats runUntilStopped(Settings settings, Mode mode, boolean exitWhenDrained,
                                                 RunControl control, BooleanSupplier stopping) throws Exception {
        SettingsCheck.check(settings);
        if (mode == Mode.PIPELINE) {
            // refused here, in one sentence, rather than after the broker has taken seconds to start
            Warehouses.checkSettings(settings);
            Ports.requireFree(settings, "0.0.0.0", "ops.http.port");
            Ports.requireFree(settings, "0.0.0.0", "ops.management.port");
        }
        String ordersTopic = settings.require("kafka.topic.orders");
        AtomicReference<BooleanSupplier> ordersArriving = new AtomicReference<>(() -> false);
        try (LoadPathWarmup.InBackground warmup = mode == Mode.PIPELINE
                     ? LoadPathWarmup.start(settings.getLong("ingest.warmup-ms"), settings.getLong("ingest.warmup-orders"),
                             settings.getLong("ingest.warmup-min-ms"), () -> ordersArriving.get().getAsBoolean(), stopping)
                     : null;
             KafkaSetup kafka = KafkaSetup.start(settings);
             Topics topics = new Topics(kafka.bootstrapServers())) {
            ordersArriving.set(ordersArriving(topics, ordersTopic));
            if (warmup != null && warmup.awaitUnlessTrafficArrives(ordersArriving.get())) {
                LOG.info("Orders are arriving on {}: Camel and the warehouse start beside the warm-up", ordersTopic);
            }
            if (stopping.getAsBoolean()) {
                // camel-main could no longer install its own shutdown hook
                LOG.info("Stopped before the pipeline had started");
                return new PipelineStats(new SimpleMeterRegistry());
            }
            Settings effective = camelSettings(settings.with("kafka.bootstrap.servers", kafka.bootstrapServers()), mode);
            Main main = new Main();
            main.bind("settings", effective);
            main.configure().addConfiguration(OpsConfiguration.class);
            main.configure().addConfiguration(ProducerConfiguration.class);
            main.configure().addRoutesBuilder(new ProducerRoutes());
            if (mode == Mode.PIPELINE) {
                if (control.warehouse() != null) {
                    main.bind("warehouse", control.warehouse());
                } else {
                    main.configure().addConfiguration(WarehouseConfiguration.class);
                }
                main.configure().addConfiguration(PipelineConfiguration.class);
                main.configure().addRoutesBuilder(new IngestRoutes());
                // the consumer joins its group once the warm-up is done (Monitoring.afterStart), not with the other routes
                main.configure().setAutoStartupExcludePattern(IngestRoutes.INGEST);
                main.configure().addRoutesBuilder(new ReportRoutes());
                Dashboard.addTo(main);
                Path routeFiles = Path.of(settings.require("ops.routes-dir"));
                if (Files.isDirectory(routeFiles)) {
                    main.configure().withRoutesIncludePattern("file:" + routeFiles.toAbsolutePath() + "/*.yaml");
                } else {
                    LOG.info("No route files: {} (ops.routes-dir) is not a directory", routeFiles.toAbsolutePath());
                }
            }
            main.setOverrideProperties(effective.asCamelProperties());
            Monitoring monitoring = new Monitoring(settings, mode, exitWhenDrained, main, topics, control, warmup);
            main.addMainListener(monitoring);
            try {
                main.run();
            } catch (Exception e) {
                throw reasonToStop(e);
            } finally {
                monitoring.close();
            }
            if (monitoring.failure() != null) {
                // camel-main logs a failure after the start and returns as if stopped
                throw reasonToStop(monitoring.failure());
            }
            PipelineStats stats = monitoring.stats();
            if (stats == null) {
                // stopped (Ctrl-C, SIGTERM) before camel-main had started: nothing was produced or loaded
                LOG.info("Stopped before the pipeline had started");
                return new PipelineStats(new SimpleMeterRegistry());
            }
            if (mode == Mode.PIPELINE) {
                LOG.info("Stopped after {} s: {} orders produced, {} orders and {} lines loaded, {} dead-lettered, {} duplicates skipped",
                        String.format("%.1f", stats.elapsedSeconds()), stats.produced(), stats.ordersLoaded(),
                        stats.linesLoaded(), stats.deadLetteredCount(), stats.duplicatesSkipped());
            }
            return stats;
        }
    }

    /**
     * A setting or a warehouse that stops the start is one sentence for the user, wherever camel-main met it
     * (opening the warehouse happens inside its bean configuration).
     */
    private static Exception reasonToStop(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException || cause instanceof WarehouseException) {
                return (Exception) cause;
            }
        }
        return failure;
    }

    /**
     * The run's monitors, started once camel-main has made the statistics and the warehouse, and stopped before
     * Camel stops, so no monitor asks a closed warehouse.
     */
    private static final class Monitoring extends MainListenerSupport implements AutoCloseable {
        private final Settings settings;
        private final Mode mode;
        private final boolean exitWhenDrained;
        private final Main main;
        private final Topics topics;
        private final RunControl control;
        private final LoadPathWarmup.InBackground warmup;
        private volatile PipelineStats stats;
        private volatile RunMonitor monitor;
        private volatile RuntimeException failure;

        Monitoring(Settings settings, Mode mode, boolean exitWhenDrained, Main main, Topics topics, RunControl control,
                   LoadPathWarmup.InBackground warmup) {
            this.settings = settings;
            this.mode = mode;
            this.exitWhenDrained = exitWhenDrained;
            this.main = main;
            this.topics = topics;
            this.control = control;
            this.warmup = warmup;
        }

        @Override
        public void afterStart(BaseMainSupport started) {
            try {
                monitor();
            } catch (RuntimeException e) {
                failure = e;
                main.completed();
            }
        }

        private void monitor() {
            // stoppable from outside while the warm-up still runs
            control.stopper().accept(main::completed);
            Registry registry = main.getCamelContext().getRegistry();
            if (warmup != null) {
                main.getShutdownStrategy().addShutdownListener(warmup::cancel);
                if (!main.getShutdownStrategy().isRunAllowed()) {
                    warmup.cancel();
                }
                warmup.await();
                if (!main.getShutdownStrategy().isRunAllowed()) {
                    // stopped during the warm-up: the consumer does not join only to leave again
                    return;
                }
                try {
                    main.getCamelContext().getRouteController().startRoute(IngestRoutes.INGEST);
                } catch (Exception e) {
                    throw new IllegalStateException("Starting the " + IngestRoutes.INGEST + " route failed: " + e.getMessage(), e);
                }
            }
            stats = registry.lookupByNameAndType("pipelineStats", PipelineStats.class);
            stats.ingestStarted();
            RunMonitor runMonitor = new RunMonitor(stats, mode == Mode.PIPELINE);
            int logSeconds = settings.getInt("ops.throughput-log-seconds");
            runMonitor.logThroughputEvery(logSeconds).sampleHeapEvery(200);
            OrderPublishing publishing = registry.lookupByNameAndType("orderPublishing", OrderPublishing.class);
            BooleanSupplier published = publishing::isDone;
            if (mode == Mode.PRODUCE_ONLY) {
                runMonitor.stopWhenPublished(published, main::completed);
            } else {
                Warehouse warehouse = registry.lookupByNameAndType("warehouse", Warehouse.class);
                stats.loadStepsFrom(warehouse::loadStepSeconds);
                String ordersTopic = settings.require("kafka.topic.orders");
                runMonitor.trackConsumerLag(() -> topics.endOffsets(ordersTopic), () -> settledOffsets(warehouse), logSeconds);
                if (exitWhenDrained) {
                    boolean producing = settings.getBoolean("producer.enabled");
                    runMonitor.exitWhenDrained(() -> !producing || published.getAsBoolean(),
                            () -> topics.endOffsets(ordersTopic), () -> settledOffsets(warehouse), main::completed);
                }
                // Camel's endpoint summary lists /observe/health but not the probes beneath it
                LOG.info("Health probes: http://0.0.0.0:{}/observe/health/live and /observe/health/ready",
                        settings.get("ops.management.port"));
            }
            monitor = runMonitor;
        }

        @Override
        public void beforeStop(BaseMainSupport stopping) {
            close();
        }

        PipelineStats stats() {
            return stats;
        }

        RuntimeException failure() {
            return failure;
        }

        @Override
        public void close() {
            RunMonitor running = monitor;
            if (running != null) {
                running.close();
            }
        }
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

    /** Whether the topic has grown since it was first read: orders are being produced while the pipeline starts. */
    private static BooleanSupplier ordersArriving(Topics topics, String topic) {
        AtomicReference<Map<TopicPartition, Long>> first = new AtomicReference<>(endOffsets(topics, topic));
        return () -> {
            Map<TopicPartition, Long> now = endOffsets(topics, topic);
            if (first.get().isEmpty()) {
                first.set(now);
                return false;
            }
            return !now.isEmpty() && !now.equals(first.get());
        };
    }

    /** Asked within a second: a slow answer must not hold the warm-up up, and missing one only means warming on. */
    private static Map<TopicPartition, Long> endOffsets(Topics topics, String topic) {
        try {
            return topics.endOffsets(topic, 1_000);
        } catch (IllegalStateException e) {
            LOG.debug("Reading the end offsets of {} during the warm-up failed: {}", topic, e.getMessage());
            return Map.of();
        }
    }

    private static Map<TopicPartition, Long> settledOffsets(Warehouse warehouse) {
        try {
            return warehouse.committedOffsets();
        } catch (WarehouseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
