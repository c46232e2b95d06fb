package dev.ecompipe.ingest;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Kafka to warehouse: each order is validated and split into its rows, the Aggregator batches them, and
 * each batch is one warehouse transaction. Invalid input goes to the dead-letter topic with a reason.
 */
public class IngestRoutes extends RouteBuilder {

    public static final String INGEST = "ingest";
    public static final String BATCH_LOAD = "batch-load";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String PUBLISH_DEAD_LETTER = "publish-dead-letter";

    @Override
    public void configure() {
        from(Endpoints.ORDERS_IN).routeId(INGEST)
                .errorHandler(deadLetterChannel(Endpoints.DEAD_LETTER)
                        .useOriginalMessage()
                        .onPrepareFailure(DeadLetters::describeFailure)
                        .logExhausted(false))
                .process("orderParsing")
                .bean("batchLoader", "awaitCapacity")
                .to(Endpoints.LOAD);

        from(Endpoints.LOAD).routeId(BATCH_LOAD)
                // a batch that cannot be written is retried by the loader, never dead-lettered
                .errorHandler(noErrorHandler())
                .aggregate(constant(true)).aggregationStrategy("batchAggregation")
                    .completionSize("{{ingest.batch-size}}")
                    // a steady stream never goes quiet for the inactivity timeout, so age completes a batch too
                    .completionPredicate(method("batchAggregation", "due"))
                    .completionTimeout("{{ingest.batch-timeout-ms}}")
                    .forceCompletionOnStop()
                .bean("batchLoader", "load");

        from(Endpoints.DEAD_LETTER).routeId(DEAD_LETTER)
                .errorHandler(noErrorHandler())
                .to(Endpoints.PUBLISH_DEAD_LETTER)
                .setBody(DeadLetters::originalPosition)
                .to(Endpoints.LOAD);

        from(Endpoints.PUBLISH_DEAD_LETTER).routeId(PUBLISH_DEAD_LETTER)
                // the dead-letter topic is the only copy of a bad message, so publishing it is retried until it works
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(200)
                        .useExponentialBackOff()
                        .maximumRedeliveryDelay(30_000)
                        .retryAttemptedLogLevel(LoggingLevel.WARN))
                .to(Endpoints.DEAD_LETTER_OUT)
                .bean("pipelineStats", "deadLettered(${header.x-error-class})")
                .to(Endpoints.DEAD_LETTER_PUBLISHED);
    }
}
