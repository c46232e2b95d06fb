package dev.ecompipe.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone broker is stopped and restarted under a loading pipeline; the totals stay exact. */
class BrokerRestartDrillIT {

    @TempDir
    Path dir;

    @Test
    void aBrokerRestartMidStreamLosesAndDoublesNothing() throws Exception {
        try (StandaloneBroker broker = new StandaloneBroker(dir).start()) {
            DrillStream stream = DrillStream.write(dir.resolve("restart.jsonl"), "orders-restart", 23, 80_000, 1_000);
            stream.publish(dir, broker.bootstrapServers());
            Path warehouse = dir.resolve("restart.duckdb");
            Map<String, String> env = stream.pipelineEnvironment(broker.bootstrapServers(), warehouse, "restart");

            try (ChildProcess pipeline = ChildProcess.start("pipeline-restart", dir, env, "run", "--no-producer",
                    "--exit-when-drained")) {
                ChildProcess.await("loading", Duration.ofMinutes(3), () -> pipeline.metric("ecommerce_orders_loaded_total") >= 10_000);
                broker.stop();
                System.out.println("[drill] injected: broker stopped mid-stream for 5 s");
                TimeUnit.SECONDS.sleep(5);
                broker.start();
                System.out.println("[drill] broker restarted");
                assertThat(pipeline.awaitExit(Duration.ofMinutes(5))).as(pipeline.tail()).isZero();
            }
            stream.verify(warehouse, stream.deadLetters(broker.bootstrapServers()));
        }
    }
}
