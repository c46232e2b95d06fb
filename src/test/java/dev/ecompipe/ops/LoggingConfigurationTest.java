package dev.ecompipe.ops;

import java.nio.file.Path;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped logback.xml: LOG_LEVEL raises the pipeline's own loggers only; Camel and Kafka have their own knobs. */
class LoggingConfigurationTest {

    @TempDir
    Path logs;

    @Test
    void logLevelDebugRaisesOnlyThePipelinesLoggers() throws Exception {
        LoggerContext context = configure("LOG_LEVEL", "DEBUG");

        assertThat(context.getLogger("dev.ecompipe.ingest.BatchLoader").isDebugEnabled()).isTrue();
        assertThat(context.getLogger("org.apache.camel.processor.SendProcessor").isDebugEnabled()).isFalse();
        assertThat(context.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("com.zaxxer.hikari.HikariPool").isDebugEnabled()).isFalse();
        context.stop();
    }

    @Test
    void camelAndKafkaHaveKnobsOfTheirOwn() throws Exception {
        LoggerContext camel = configure("CAMEL_LOG_LEVEL", "DEBUG");
        LoggerContext kafka = configure("KAFKA_LOG_LEVEL", "INFO");

        assertThat(camel.getLogger("org.apache.camel.processor.SendProcessor").isDebugEnabled()).isTrue();
        assertThat(camel.getLogger("dev.ecompipe.ingest.BatchLoader").isDebugEnabled()).isFalse();
        assertThat(kafka.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer").isInfoEnabled()).isTrue();
        camel.stop();
        kafka.stop();
    }

    private LoggerContext configure(String variable, String level) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("LOG_DIR", logs.toString());
        context.putProperty(variable, level);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
        return context;
    }
}
