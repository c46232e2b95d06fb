package dev.ecompipe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.ecompipe.app.PipelineRunner;
import dev.ecompipe.bench.Benchmark;
import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Directories;
import dev.ecompipe.config.Settings;
import dev.ecompipe.config.SettingsCheck;
import dev.ecompipe.producer.OrderSource;
import dev.ecompipe.producer.DirectPublisher;
import dev.ecompipe.dashboard.DashboardServer;
import dev.ecompipe.kafka.KafkaSetup;
import dev.ecompipe.ops.HealthReport;
import dev.ecompipe.report.ReportFormat;
import dev.ecompipe.report.ReportSource;
import dev.ecompipe.warehouse.NativeAllocator;
import dev.ecompipe.warehouse.WarehousePresence;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import dev.ecompipe.warehouse.Warehouses;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The one executable: {@code pipeline run | broker | produce | report | health | init-schema | dashboard | bench}. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Pipeline.Version.class,
        description = "Real-time e-commerce orders from Kafka into a star-schema warehouse.",
        subcommands = {Pipeline.Run.class, Pipeline.Broker.class, Pipeline.Produce.class, Pipeline.Report.class,
                Pipeline.Health.class, Pipeline.InitSchema.class, Pipeline.Dashboard.class, Pipeline.Bench.class})
public final class Pipeline {

    public static void main(String[] args) {
        warnIfNoLogFile();
        System.exit(execute(args));
    }

    /** logback drops a log file it cannot write without a word; the user should hear of it. */
    private static void warnIfNoLogFile() {
        Path logDir = Path.of(System.getenv().getOrDefault("LOG_DIR", "logs")).toAbsolutePath();
        if (!Directories.writable(logDir)) {
            LoggerFactory.getLogger(Pipeline.class).warn("The log directory {} cannot be written, so this run keeps no log file;"
                    + " make it writable or set LOG_DIR.", logDir);
        }
    }

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Pipeline());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigurationException || e instanceof WarehouseException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    /**
     * The version in the jar's manifest (classes run from a build directory have none), and the malloc DuckDB will
     * allocate through, which the pipeline script chooses before the JVM starts.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Pipeline.class.getPackage().getImplementationVersion();
            return new String[] {"ecommerce-pipeline " + (version == null ? "(development build)" : version),
                    "memory allocator: " + NativeAllocator.inUse()};
        }
    }

    static Settings settings(Map<String, String> overrides) {
        return Settings.load(Path.of(""), System.getenv(), overrides);
    }

    /** The options that say what the producer publishes, shared by run and produce. */
    static final class ProducerOptions {
        @Option(names = "--orders", description = "Publish N mock orders, then stop producing.")
        Long orders;
        @Option(names = "--orders-file", description = "Publish each line of this JSON-lines file verbatim instead of mock orders.")
        Path ordersFile;
        @Option(names = "--rate", description = "Orders per second (0: as fast as possible).")
        Double rate;
        @Option(names = "--seed", description = "Seed of the mock order stream: the same seed gives the same orders,"
                + " order for order whatever --orders is, all day (UTC).")
        Long seed;
        @Option(names = "--event-time", description = "The mock orders' order_ts: stream (default), the seeded stream's,"
                + " spread over the 120 days up to today; clock, the moment each order is made, as a live shop's.")
        String eventTime;

        Map<String, String> overrides() {
            if (orders != null && orders < 0) {
                throw new ConfigurationException("The option --orders must be 0 or more, not " + orders + ".");
            }
            if (orders != null && ordersFile != null) {
                throw new ConfigurationException("Give --orders or --orders-file, not both: the file's lines are published instead of mock orders.");
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            if (orders != null) {
                overrides.put("producer.orders", orders.toString());
            }
            if (ordersFile != null) {
                overrides.put("producer.orders-file", ordersFile.toString());
            }
            if (rate != null) {
                overrides.put("producer.rate", rate.toString());
            }
            if (seed != null) {
                overrides.put("producer.seed", seed.toString());
            }
            if (eventTime != null) {
                overrides.put("producer.event-time", eventTime);
            }
            return overrides;
        }
    }

    @Command(name = "run", description = "Run the whole pipeline: broker (unless KAFKA_BOOTSTRAP_SERVERS is set), producer, ingest, warehouse.")
    static final class Run implements Callable<Integer> {
        @Mixin
        ProducerOptions producer;
        @Option(names = "--no-producer", description = "Do not produce; only ingest.")
        boolean noProducer;
        @Option(names = "--exit-when-drained", description = "Exit once the producer is done and every produced message is loaded or dead-lettered.")
        boolean exitWhenDrained;
        @Option(names = "--summary-file", description = "On exit, write a JSON summary to this file.")
        Path summaryFile;

        @Override
        public Integer call() throws Exception {
            Map<String, String> overrides = producer.overrides();
            if (noProducer) {
                overrides.put("producer.enabled", "false");
            }
            PipelineRunner.run(settings(overrides), PipelineRunner.Mode.PIPELINE, exitWhenDrained, summaryFile);
            return 0;
        }
    }

    @Command(name = "produce", description = "Publish orders to the configured brokers and exit.")
    static final class Produce implements Callable<Integer> {
        @Mixin
        ProducerOptions producer;

        @Override
        public Integer call() throws Exception {
            if (producer.orders == null && producer.ordersFile == null) {
                throw new ConfigurationException("produce needs --orders N or --orders-file PATH.");
            }
            Settings settings = settings(producer.overrides());
            SettingsCheck.check(settings);
            long published;
            try (KafkaSetup kafka = KafkaSetup.start(settings)) {
                published = new DirectPublisher(kafka.bootstrapServers(), settings.require("kafka.topic.orders"),
                        settings.getInt("kafka.max-message-bytes"))
                        .publish(OrderSource.configured(settings.get("producer.orders-file"), settings.get("producer.seed"),
                                        settings.getLong("producer.orders"), settings.get("producer.event-time")),
                                Double.parseDouble(settings.require("producer.rate")),
                                settings.getInt("producer.tick-ms"), settings.getInt("producer.max-per-tick"));
            }
            System.out.printf("published %d messages%n", published);
            return 0;
        }
    }

    @Command(name = "broker", description = "Run only the local single-node Kafka broker, in the foreground.")
    static final class Broker implements Callable<Integer> {
        @Option(names = "--port", description = "Client port (default: kafka.embedded.port).")
        Integer port;
        @Option(names = "--controller-port", description = "KRaft controller port (default: kafka.embedded.controller-port).")
        Integer controllerPort;
        @Option(names = "--data-dir", description = "Log directory (default: kafka.embedded.data-dir).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            Map<String, String> overrides = new LinkedHashMap<>();
            if (port != null) {
                overrides.put("kafka.embedded.port", port.toString());
            }
            if (controllerPort != null) {
                overrides.put("kafka.embedded.controller-port", controllerPort.toString());
            }
            if (dataDir != null) {
                overrides.put("kafka.embedded.data-dir", dataDir.toString());
            }
            Settings settings = settings(overrides).with("kafka.bootstrap.servers", "");
            // on SIGINT or SIGTERM the JVM ends once its shutdown hooks return, so the hook waits for the broker to
            // close its logs: an unclean stop makes the next start recover every log segment
            CountDownLatch stopRequested = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            Thread stopOnSignal = new Thread(() -> {
                stopRequested.countDown();
                awaitQuietly(closed);
            }, "broker-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try (KafkaSetup kafka = KafkaSetup.startEmbedded(settings)) {
                System.out.println("Kafka broker listening on " + kafka.bootstrapServers() + "; Ctrl+C stops it.");
                stopRequested.await();
            } finally {
                closed.countDown();
            }
            return 0;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Command(name = "report", description = "Print the five analytics of the configured warehouse.")
    static final class Report implements Callable<Integer> {
        /** The data contract's default length of top_repeat_customers. */
        private static final int DEFAULT_REPEAT_CUSTOMERS = 10;

        @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--limit", paramLabel = "N", description = "At most N rows of every list"
                + " (default: every row, and the top 10 repeat customers).")
        Integer limit;

        @Override
        public Integer call() throws Exception {
            ReportFormat reportFormat = ReportFormat.parse(format);
            if (limit != null && limit < 0) {
                throw new ConfigurationException("The option --limit must not be negative.");
            }
            int repeatCustomers = limit == null ? DEFAULT_REPEAT_CUSTOMERS : limit;
            System.out.print(reportFormat.render(ReportSource.fetch(settings(Map.of()), repeatCustomers), limit));
            return 0;
        }
    }

    @Command(name = "health", description = "Check the broker, the warehouse and, when it runs, the pipeline; exit 0 only if healthy.")
    static final class Health implements Callable<Integer> {
        @Override
        public Integer call() {
            List<HealthReport.Part> parts = HealthReport.check(settings(Map.of()));
            parts.forEach(System.out::println);
            return parts.stream().allMatch(HealthReport.Part::healthy) ? 0 : 1;
        }
    }

    @Command(name = "init-schema", description = "Create or migrate the warehouse schema; safe to repeat.")
    static final class InitSchema implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Settings settings = settings(Map.of());
            WarehousePresence.State before = WarehousePresence.of(settings);
            try (Warehouse warehouse = Warehouses.open(settings)) {
                warehouse.initSchema();
            }
            String type = Warehouses.type(settings);
            System.out.println(switch (before) {
                case MISSING, EMPTY -> "Created the schema (" + type + ", " + settings.get("warehouse.duckdb.path") + ").";
                case READY -> "The schema is up to date (" + type + ").";
                case UNKNOWN -> "The schema is created or up to date (" + type + ").";
            });
            return 0;
        }
    }

    @Command(name = "dashboard", description = "Serve the dashboard page against the configured warehouse, read-only, when no pipeline runs here.")
    static final class Dashboard implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            DashboardServer.run(settings(Map.of()));
            return 0;
        }
    }

    @Command(name = "bench", description = "Measure the pipeline (backlog drain, real-time capacity, cold start) against a plain Kafka consumer, DuckDB's bulk paths and a naive loader, on a broker and warehouse of its own.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--orders", defaultValue = "1000000", description = "Backlog of orders (default: ${DEFAULT-VALUE}).")
        long orders;
        @Option(names = "--seed", defaultValue = "20261125", description = "Seed of the generated orders (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--baseline-orders", defaultValue = "3000", description = "At most this many orders for the naive baseline (default: ${DEFAULT-VALUE}).")
        long baselineOrders;
        @Option(names = "--baseline-seconds", defaultValue = "20", description = "At most this long for the naive baseline (default: ${DEFAULT-VALUE}).")
        int baselineSeconds;
        @Option(names = "--latency-rate", defaultValue = "5000", description = "Orders per second during the latency run (default: ${DEFAULT-VALUE}).")
        double latencyRate;
        @Option(names = "--latency-seconds", defaultValue = "40", description = "Length of the latency run, its first 10 s reported apart as warm-up (default: ${DEFAULT-VALUE}).")
        int latencySeconds;
        @Option(names = "--capacity-start-rate", defaultValue = "10000", description = "Real-time capacity: the first rate tried, orders/s (default: ${DEFAULT-VALUE}).")
        double capacityStartRate;
        @Option(names = "--capacity-step", defaultValue = "5000", description = "Real-time capacity: how much higher each next rate is until one fails (default: ${DEFAULT-VALUE}).")
        double capacityStep;
        @Option(names = "--capacity-max-steps", defaultValue = "5", description = "Real-time capacity: at most this many runs; 0 skips it (default: ${DEFAULT-VALUE}).")
        int capacityMaxSteps;
        @Option(names = "--capacity-seconds", defaultValue = "60", description = "Real-time capacity: steady seconds of each run, after the warm-up (default: ${DEFAULT-VALUE}).")
        int capacitySeconds;
        @Option(names = "--warmup-seconds", defaultValue = "15", description = "Real-time capacity: the first seconds of each run, reported apart (default: ${DEFAULT-VALUE}).")
        int warmupSeconds;
        @Option(names = "--cold-start-rate", defaultValue = "10000", description = "Cold start: orders/s from a fresh process (default: ${DEFAULT-VALUE}).")
        double coldStartRate;
        @Option(names = "--cold-start-seconds", defaultValue = "60", description = "Cold start: seconds of production (default: ${DEFAULT-VALUE}).")
        int coldStartSeconds;
        @Option(names = "--postgres", description = "Also drain the backlog into a PostgreSQL server of its own, by the pipeline and by a JDBC sink's upserts.")
        boolean postgres;
        @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of the pipeline runs (default: ${DEFAULT-VALUE}).")
        String heap;
        @Option(names = "--loader-jvm-options", defaultValue = "", description = "Further JVM options of the pipeline runs, after the pipeline script's own, e.g. -XX:TieredStopAtLevel=1 (default: none).")
        String loaderJvmOptions;
        @Option(names = "--allocator-pairs", defaultValue = "3", description = "Pairs of batch-writer runs with the C library's malloc and with jemalloc, in turns, when bench runs with jemalloc; 0 skips them (default: ${DEFAULT-VALUE}).")
        int allocatorPairs;
        @Option(names = "--work-dir", defaultValue = "data/bench", description = "Broker and warehouse files, emptied first (default: ${DEFAULT-VALUE}).")
        Path workDir;
        @Option(names = "--output", defaultValue = "bench-results.json", description = "Where to write the figures (default: ${DEFAULT-VALUE}).")
        Path output;

        @Override
        public Integer call() throws Exception {
            if (orders < 1 || baselineOrders < 1 || baselineSeconds < 1 || latencyRate <= 0 || latencySeconds < 1) {
                throw new ConfigurationException("The bench options --orders, --baseline-orders, --baseline-seconds,"
                        + " --latency-rate and --latency-seconds must be positive.");
            }
            if (capacityStartRate <= 0 || capacityStep <= 0 || capacityMaxSteps < 0 || capacitySeconds < 1 || warmupSeconds < 0
                    || coldStartRate <= 0 || coldStartSeconds < 1 || allocatorPairs < 0) {
                throw new ConfigurationException("The bench options --capacity-start-rate, --capacity-step, --capacity-seconds,"
                        + " --cold-start-rate and --cold-start-seconds must be positive, --capacity-max-steps, --warmup-seconds"
                        + " and --allocator-pairs not negative.");
            }
            if (!heap.matches("\\d+[kmgKMG]?")) {
                throw new ConfigurationException("The option --heap must be a JVM heap size such as 512m, not '" + heap + "'.");
            }
            new Benchmark(new Benchmark.Options(orders, seed, baselineOrders, Duration.ofSeconds(baselineSeconds),
                    latencyRate, Duration.ofSeconds(latencySeconds), heap,
                    loaderJvmOptions.isBlank() ? List.of() : List.of(loaderJvmOptions.trim().split("\\s+")), allocatorPairs, workDir, output,
                    new Benchmark.Realtime(capacityStartRate, capacityStep, capacityMaxSteps, warmupSeconds, capacitySeconds,
                            coldStartRate, coldStartSeconds), postgres), System.out).run();
            return 0;
        }
    }
}
