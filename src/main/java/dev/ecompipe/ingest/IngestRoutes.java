package dev.ecompipe.ingest;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;

/**
 * Kafka to warehouse, in this order:
 * <ol>
 * <li>{@code ingest}: camel-kafka hands over each poll as one exchange (batching mode), whose records are parsed and
 *     validated against the contract, each into one {@code IncomingOrder} (its bytes, key and Kafka position kept);
 *     one that breaks a rule goes to the dead-letter channel, and its position stays with the poll. Between
 *     batches, the consumer waits here while too many completed batches wait for the warehouse.</li>
 * <li>{@code batch-load}: the Aggregator collects the polls' orders, and the positions of their dead-lettered
 *     messages, into one batch, completed by size, by age while the loader is free, or by inactivity.</li>
 * <li>{@code write-batch}: the {@link BatchLoader} hands the batch to the warehouse, where {@code BatchWriter}
 *     writes it in one transaction ({@code sql/<dialect>/load.sql}): stage the batch; take the load lock; fence off
 *     messages another instance settled meanwhile; find the orders loaded before (the same content is skipped,
 *     other content is a conflicting duplicate; where the key is enforced, only for a batch it rejected); then
 *     split the batch set-wise into dimension upserts and fact inserts: insert order events, insert dates, merge
 *     products (Type 1), place price lines and read the stored lines around split runs, reprice products (Type 3),
 *     rebuild customers (Type 2) and re-point moved facts, insert facts; save the offsets; publish the conflicting
 *     duplicates; commit. A failing warehouse is retried by this route's error handler with exponential backoff
 *     while the application runs; a batch given up while stopping stops every later one.</li>
 * <li>{@code dead-letter}: the dead-letter channel: a record that failed, with its exception, is described and
 *     published ({@code publish-dead-letter}).</li>
 * <li>{@code publish-dead-letter}: the original bytes and key to the dead-letter topic with the
 *     {@code x-error-*} and {@code x-original-*} headers, retried until it works. Conflicting duplicates,
 *     which only the warehouse recognises, come here from inside the batch's transaction
 *     ({@link DeadLetters#publishConflicting}), before it commits.</li>
 * </ol>
 */
public class IngestRoutes extends EndpointRouteBuilder {

    public static final String INGEST = "ingest";
    public static final String BATCH_LOAD = "batch-load";
    public static final String WRITE_BATCH = "write-batch";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String PUBLISH_DEAD_LETTER = "publish-dead-letter";

    private final Supplier<BatchAggregation> batchAggregation = registered("batchAggregation", BatchAggregation.class);
    private final Supplier<BatchLoader> batchLoader = registered("batchLoader", BatchLoader.class);

    /**
     * Each route starts after the routes it sends to and stops before them, so a batch completed while stopping
     * (forceCompletionOnStop) is still written, and its conflicting duplicates published.
     */
    @Override
    public void configure() {
        from(Endpoints.ordersIn()).routeId(INGEST).startupOrder(5)
                // a record that fails is dead-lettered by pollParsing; what fails for a poll as a whole (the stop
                // interrupting its wait) left its records in no batch, so no later batch may settle offsets past them
                .errorHandler(defaultErrorHandler()
                        .onExceptionOccurred(exchange -> batchLoader.get().pollLost(exchange)))
                .process("pollParsing")
                .process(exchange -> batchLoader.get().awaitCapacity())
                .to(Endpoints.batchAggregator());

        from(Endpoints.batchAggregator()).routeId(BATCH_LOAD).startupOrder(3)
                .errorHandler(noErrorHandler())
                .aggregate(constant(true)).aggregationStrategy("batchAggregation")
                    // in memory on purpose: an offset is settled only once its batch is committed, so a batch
                    // lost in a crash is read again from Kafka
                    .aggregationRepository(new MemoryAggregationRepository())
                    // by messages, not by polls, and by age while the loader is free (a steady stream never goes
                    // quiet for the inactivity timeout)
                    .completionPredicate(this::batchDue)
                    .completionTimeout("{{ingest.batch-timeout-ms}}")
                    // Camel looks for timed-out batches once a second by default, so a stream's last batch waited
                    // up to a second longer than the timeout
                    .completionTimeoutCheckerInterval(Math.max(10, setting("ingest.batch-timeout-ms") / 4))
                    .forceCompletionOnStop()
                .to(Endpoints.writeBatch());

        from(Endpoints.writeBatch()).routeId(WRITE_BATCH).startupOrder(2)
                // a failing warehouse is retried with exponential backoff while the application runs, never
                // dead-lettered; blocking the one thread that writes keeps the batches in order
                .errorHandler(defaultErrorHandler()
                        .retryWhile(method("batchLoader", "keepRetrying"))
                        .redeliveryDelay(setting("ingest.retry.initial-backoff-ms"))
                        .useExponentialBackOff()
                        .maximumRedeliveryDelay(setting("ingest.retry.max-backoff-ms"))
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhausted(false))
                .bean("batchLoader", "write");

        from(Endpoints.deadLetterChannel()).routeId(DEAD_LETTER).startupOrder(4)
                .errorHandler(noErrorHandler())
                .process(DeadLetters::describeFailure)
                .to(Endpoints.publishDeadLetter());

        from(Endpoints.publishDeadLetter()).routeId(PUBLISH_DEAD_LETTER).startupOrder(1)
                // the dead-letter topic is the only copy of a bad message, so publishing it is retried until it works
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(200)
                        .useExponentialBackOff()
                        .maximumRedeliveryDelay(30_000)
                        .retryAttemptedLogLevel(LoggingLevel.WARN))
                .to(Endpoints.deadLetterOut())
                // by type: ingest knows the statistics only as IngestMetrics
                .process(exchange -> exchange.getContext().getRegistry().findSingleByType(IngestMetrics.class)
                        .deadLettered(exchange.getMessage().getHeader(DeadLetters.ERROR_CLASS, String.class)))
                .to(Endpoints.deadLetterPublished());
    }

    /** The Aggregator's completion predicate, asked for every poll. */
    private boolean batchDue(Exchange batch) {
        return batchAggregation.get().due(batch);
    }

    /**
     * A bean of the registry, looked up at its first use, once camel-main has made it, and kept: a bean expression
     * for every message would copy the exchange, and a bean call goes through Camel's method binding each time.
     */
    private <T> Supplier<T> registered(String name, Class<T> type) {
        AtomicReference<T> found = new AtomicReference<>();
        return () -> {
            T bean = found.get();
            if (bean == null) {
                bean = getContext().getRegistry().lookupByNameAndType(name, type);
                found.set(bean);
            }
            return bean;
        };
    }

    private long setting(String key) {
        return Long.parseLong(getContext().resolvePropertyPlaceholders("{{" + key + "}}"));
    }
}
