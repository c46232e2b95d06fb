package dev.ecompipe.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ecompipe.app.PipelineConfiguration;
import dev.ecompipe.ops.OpsConfiguration;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.warehouse.Warehouse;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One route, advised: the dead-letter topic holds the only copy of a bad message, so a topic that refuses it is
 * retried until it takes it, and the message is published and counted once.
 */
class DeadLetterPublishingTest extends CamelTestSupport {

    private static final int REFUSALS = 2;

    private final AtomicInteger attempts = new AtomicInteger();

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        // the declared defaults come from the config package's properties source; only the broker is this test's
        Properties properties = new Properties();
        properties.setProperty("kafka.bootstrap.servers", "127.0.0.1:1");
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("warehouse", Warehouse.class, new RecordingWarehouse());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new IngestRoutes();
    }

    @BeforeEach
    void refuseTheFirstAttempts() throws Exception {
        context.getInjector().newInstance(OpsConfiguration.class);
        context.getInjector().newInstance(PipelineConfiguration.class);
        AdviceWith.adviceWith(context, IngestRoutes.INGEST, route -> route.replaceFromWith("direct:orders"));
        AdviceWith.adviceWith(context, IngestRoutes.PUBLISH_DEAD_LETTER, route -> route.weaveByToUri("kafka:*").replace()
                .process(exchange -> {
                    if (attempts.incrementAndGet() <= REFUSALS) {
                        throw new IllegalStateException("the dead-letter topic is not available");
                    }
                })
                .to("mock:dead-letter-topic"));
        context.start();
    }

    @Test
    void aRefusingDeadLetterTopicIsRetriedUntilTheMessageIsPublishedOnce() throws Exception {
        MockEndpoint topic = getMockEndpoint("mock:dead-letter-topic");
        topic.expectedBodiesReceived("not json");
        topic.expectedHeaderReceived(DeadLetters.ERROR_CLASS, DeadLetters.INVALID_CLASS);

        template.sendBodyAndHeader(Endpoints.publishDeadLetter().getRawUri(), "not json".getBytes(StandardCharsets.UTF_8),
                DeadLetters.ERROR_CLASS, DeadLetters.INVALID_CLASS);

        topic.assertIsSatisfied(10_000);
        assertThat(attempts.get()).as("refused twice, then taken").isEqualTo(REFUSALS + 1);
        PipelineStats stats = context.getRegistry().lookupByNameAndType("pipelineStats", PipelineStats.class);
        assertThat(stats.deadLetteredCount()).as("counted once, when published").isEqualTo(1);
    }
}
