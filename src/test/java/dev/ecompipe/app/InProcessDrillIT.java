package dev.ecompipe.app;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.ecompipe.config.Settings;
import dev.ecompipe.warehouse.Warehouses;
import dev.ecompipe.drill.DrillStream;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drills that need the pipeline in this JVM: two instances of one consumer group sharing the
 * partitions (DuckDB lets one process hold a file, so both run here, on one database), and a 30-second
 * warehouse outage while orders stream in.
 */
class InProcessDrillIT {

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void stoppingOneOfTwoInstancesHandsItsPartitionsOverWithoutLossOrDoubles() throws Exception {
        DrillStream stream = DrillStream.write(kafka.dir().resolve("two.jsonl"), "orders", 31, 100_000, 2_000);
        List<Path> parts = stream.splitAfter(20_000);
        publish(parts.get(0));

        Path warehouse = kafka.warehouseFile("two");
        String group = "two-instances";
        AtomicReference<Runnable> stopFirst = new AtomicReference<>();
        AtomicReference<Runnable> stopSecond = new AtomicReference<>();
        Map<String, String> first = instance("a", group, warehouse);
        CompletableFuture<PipelineStats> a = start(first, false, stopFirst::set);
        await("the first instance to load", () -> metric(first, "ecommerce_orders_loaded_total") > 0);
        Map<String, String> second = instance("b", group, warehouse);
        CompletableFuture<PipelineStats> b = start(second, false, stopSecond::set);
        // the first instance may drain what is published before the second joins, leaving it nothing to load
        // (and a second run told to exit when drained would exit at once), so the rest waits for the join
        await("both instances to hold partitions", () -> bothHoldPartitions(group));
        publish(parts.get(1));
        await("the second instance to load", () -> metric(second, "ecommerce_orders_loaded_total") > 0);
        double loadedByFirst = metric(first, "ecommerce_orders_loaded_total");
        stopFirst.get().run();
        System.out.printf("[drill] injected: instance a stopped after loading %,.0f orders; b takes its partitions%n", loadedByFirst);
        PipelineStats statsA = a.get(2, TimeUnit.MINUTES);

        await("the second instance to load the rest",
                () -> metric(second, "ecommerce_orders_loaded_total") >= stream.orders - statsA.ordersLoaded());
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.broker().readAll("orders.dlq", 50);
        stopSecond.get().run();
        PipelineStats statsB = b.get(2, TimeUnit.MINUTES);
        System.out.printf("[drill] a loaded %,d, b loaded %,d, duplicates skipped %,d%n",
                statsA.ordersLoaded(), statsB.ordersLoaded(), statsA.duplicatesSkipped() + statsB.duplicatesSkipped());
        assertThat(statsA.ordersLoaded()).isPositive();
        assertThat(statsB.ordersLoaded()).isPositive();
        stream.verify(warehouse, deadLetters);
    }

    @Test
    void aThirtySecondWarehouseOutagePausesConsumptionWithBoundedHeapAndLosesNothing() throws Exception {
        Map<String, String> values = kafka.settings("outage");
        values.put("kafka.topic.orders", "orders-outage");
        values.put("kafka.topic.dead-letter", "orders-outage.dlq");
        values.put("producer.orders", "90000");
        values.put("producer.seed", "77");
        values.put("producer.rate", "2000");
        values.put("ingest.retry.max-backoff-ms", "2000");
        try (SwitchableWarehouse warehouse = new SwitchableWarehouse(Warehouses.openWithSchema(Settings.of(values)))) {
            outage(values, warehouse);
        }
    }

    private void outage(Map<String, String> values, SwitchableWarehouse warehouse) throws Exception {
        CompletableFuture<PipelineStats> run = start(values, true, new PipelineRunner.RunControl(warehouse, stop -> { }));
        await("loading", () -> metric(values, "ecommerce_orders_loaded_total") >= 10_000);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);

        warehouse.down = true;
        System.out.println("[drill] injected: warehouse outage for 30 s while 2,000 orders/s are produced");
        TimeUnit.SECONDS.sleep(2);
        double loadedAtStart = metric(values, "ecommerce_orders_loaded_total");
        long heapPeak = 0;
        for (int second = 0; second < 28; second++) {
            TimeUnit.SECONDS.sleep(1);
            heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
        }
        long heapDuring = usedHeapAfterGc(memory);
        double loadedAtEnd = metric(values, "ecommerce_orders_loaded_total");
        double produced = metric(values, "ecommerce_orders_produced_total");
        warehouse.down = false;
        long upAt = System.nanoTime();
        await("loading to resume", () -> metric(values, "ecommerce_orders_loaded_total") > loadedAtEnd);
        double resumeSeconds = (System.nanoTime() - upAt) / 1e9;

        PipelineStats stats = run.get(5, TimeUnit.MINUTES);
        System.out.printf("[drill] during the outage: loaded %,.0f -> %,.0f while %,.0f were produced; heap after GC %d MiB "
                + "before, %d MiB during (peak %d MiB); loading resumed %.1f s after the warehouse returned%n",
                loadedAtStart, loadedAtEnd, produced, heapBefore >> 20, heapDuring >> 20, heapPeak >> 20, resumeSeconds);
        assertThat(loadedAtEnd).as("nothing loads while the warehouse is down").isEqualTo(loadedAtStart);
        assertThat(heapDuring - heapBefore).as("the consumer waits instead of filling the heap").isLessThan(256L << 20);
        assertThat(resumeSeconds).isLessThan(10);
        assertThat(stats.ordersLoaded()).isEqualTo(90_000);
        assertThat(stats.deadLetteredCount()).isZero();
        assertThat(stats.duplicatesSkipped()).isZero();
    }

    private static void publish(Path ordersFile) throws Exception {
        Map<String, String> publish = kafka.settings("two-publish");
        publish.put("producer.orders-file", ordersFile.toString());
        PipelineRunner.run(Settings.of(publish), PipelineRunner.Mode.PRODUCE_ONLY, true);
    }

    private static boolean bothHoldPartitions(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers()))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return description.state() == ConsumerGroupState.STABLE && description.members().size() == 2
                    && description.members().stream().noneMatch(member -> member.assignment().topicPartitions().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, String> instance(String name, String group, Path warehouse) {
        Map<String, String> values = kafka.settings("two-" + name);
        values.put("kafka.group.id", group);
        values.put("warehouse.duckdb.path", warehouse.toString());
        values.put("producer.enabled", "false");
        values.put("ingest.batch-size", "2000");
        values.put("camel.main.name", "pipeline-" + name);
        return values;
    }

    private static CompletableFuture<PipelineStats> start(Map<String, String> values, boolean exitWhenDrained,
                                                          java.util.function.Consumer<Runnable> stopper) {
        return start(values, exitWhenDrained, new PipelineRunner.RunControl(null, stopper));
    }

    private static CompletableFuture<PipelineStats> start(Map<String, String> values, boolean exitWhenDrained,
                                                          PipelineRunner.RunControl control) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PIPELINE, exitWhenDrained, null, control);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double metric(Map<String, String> values, String name) {
        try {
            var body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + values.get("ops.management.port") + "/observe/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            var matcher = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name) + " (\\S+)$").matcher(body);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
