package dev.ecompipe.app;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.BrokerExtension;
import dev.ecompipe.ops.PipelineStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code produce} starts only what publishing needs, so it runs cleanly beside a pipeline that holds the HTTP ports. */
class ProduceCommandTest {

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void produceBesideARunningPipelineOpensNoServerAndSpeaksOnlyOfPublishing() throws Exception {
        Map<String, String> values = kafka.settings("produce");
        values.put("producer.orders", "50");
        values.put("producer.seed", "3");
        values.put("ops.throughput-log-seconds", "1");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try (ServerSocket http = listenOn(values.get("ops.http.port"));
             ServerSocket management = listenOn(values.get("ops.management.port"))) {
            PipelineStats stats = PipelineRunner.run(Settings.of(values), PipelineRunner.Mode.PRODUCE_ONLY, true);

            assertThat(stats.produced()).isEqualTo(50);
        } finally {
            root.detachAppender(events);
        }
        assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null);
        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("HttpServer started") || line.contains("Address already in use"));
        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("loaded") || line.contains("Drained"));
    }

    private static ServerSocket listenOn(String port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("0.0.0.0", Integer.parseInt(port)));
        return socket;
    }
}
