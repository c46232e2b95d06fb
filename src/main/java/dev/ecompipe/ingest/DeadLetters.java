package dev.ecompipe.ingest;

import dev.ecompipe.batch.IncomingOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ecompipe.order.InvalidOrderException;
import dev.ecompipe.order.OrderJson;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;

/**
 * The headers of a dead letter and the two ways one is made: a message that failed in the route, and a
 * conflicting duplicate that only the warehouse can recognise. Header names avoid the Camel and kafka
 * prefixes, which camel-kafka does not forward, and values are strings so that every one travels.
 */
public final class DeadLetters {

    public static final String REASON = "x-error-reason";
    public static final String ERROR_CLASS = "x-error-class";
    public static final String ORIGINAL_TOPIC = "x-original-topic";
    public static final String ORIGINAL_PARTITION = "x-original-partition";
    public static final String ORIGINAL_OFFSET = "x-original-offset";

    public static final String INVALID_CLASS = "InvalidOrder";
    public static final String CONFLICT_CLASS = "ConflictingDuplicateOrder";
    static final int MAX_REASON_LENGTH = 1000;

    private final ProducerTemplate producer;
    private final Endpoint publishDeadLetter;

    public DeadLetters(ProducerTemplate producer) {
        this.producer = producer;
        this.publishDeadLetter = Endpoints.publishDeadLetter().resolve(producer.getCamelContext());
    }

    /** For the dead-letter channel's onPrepareFailure: describes the exception that sent the message here. */
    public static void describeFailure(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason;
        String errorClass;
        if (failure instanceof InvalidOrderException invalid) {
            reason = invalid.getMessage();
            errorClass = INVALID_CLASS;
        } else if (failure != null) {
            reason = "Processing failed: " + failure.getMessage();
            errorClass = failure.getClass().getSimpleName();
        } else {
            reason = "Processing failed for an unknown reason.";
            errorClass = "Unknown";
        }
        exchange.getMessage().setHeader(REASON, abbreviate(reason));
        exchange.getMessage().setHeader(ERROR_CLASS, errorClass);
        exchange.getMessage().setHeader(ORIGINAL_TOPIC, exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class));
        exchange.getMessage().setHeader(ORIGINAL_PARTITION, exchange.getMessage().getHeader(KafkaConstants.PARTITION, String.class));
        exchange.getMessage().setHeader(ORIGINAL_OFFSET, exchange.getMessage().getHeader(KafkaConstants.OFFSET, String.class));
        // Kafka hands custom headers over as bytes; as text the log line can show it and the dead letter keeps it
        if (exchange.getMessage().getHeader(OrderJson.SOURCE_HEADER) instanceof byte[] source) {
            exchange.getMessage().setHeader(OrderJson.SOURCE_HEADER, new String(source, StandardCharsets.UTF_8));
        }
    }

    /** Publishes orders that repeat an order_id already loaded with other content; the first one stays. */
    public void publishConflicting(List<IncomingOrder> orders) {
        for (IncomingOrder incoming : orders) {
            Exchange exchange = new DefaultExchange(producer.getCamelContext());
            exchange.getMessage().setBody(incoming.originalBytes());
            if (incoming.key() != null) {
                exchange.getMessage().setHeader(KafkaConstants.KEY, incoming.key());
            }
            exchange.getMessage().setHeader(REASON, abbreviate("The order_id " + incoming.orderId()
                    + " was already loaded with different content; the first version is kept."));
            exchange.getMessage().setHeader(ERROR_CLASS, CONFLICT_CLASS);
            exchange.getMessage().setHeader(ORIGINAL_TOPIC, incoming.source().topic());
            exchange.getMessage().setHeader(ORIGINAL_PARTITION, String.valueOf(incoming.source().partition()));
            exchange.getMessage().setHeader(ORIGINAL_OFFSET, String.valueOf(incoming.source().offset()));
            if (incoming.origin() != null) {
                exchange.getMessage().setHeader(OrderJson.SOURCE_HEADER, incoming.origin());
            }
            Exchange result = producer.send(publishDeadLetter, exchange);
            if (result.getException() != null) {
                throw new IllegalStateException("Publishing a conflicting duplicate to the dead-letter topic failed",
                        result.getException());
            }
        }
    }

    private static String abbreviate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }
}
