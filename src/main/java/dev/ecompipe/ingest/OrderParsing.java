package dev.ecompipe.ingest;

import java.nio.charset.StandardCharsets;

import dev.ecompipe.batch.IncomingOrder;
import dev.ecompipe.batch.KafkaPosition;
import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;
import dev.ecompipe.order.OrderReader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Turns a Kafka record's bytes into an {@link IncomingOrder}; an invalid one throws, for the dead-letter channel, and
 * keeps its bytes.
 */
public final class OrderParsing implements Processor {

    private final OrderReader reader;

    public OrderParsing(OrderReader reader) {
        this.reader = reader;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        Order order = reader.read(bytes);
        KafkaPosition source = positionOf(exchange);
        byte[] origin = exchange.getMessage().getHeader(OrderJson.SOURCE_HEADER, byte[].class);
        exchange.getMessage().setBody(new IncomingOrder(order, OrderFingerprint.of(order), source,
                exchange.getMessage().getHeader(KafkaConstants.KEY, String.class), bytes,
                origin == null ? null : new String(origin, StandardCharsets.UTF_8)));
    }

    /** Where the record was read, from camel-kafka's headers. */
    static KafkaPosition positionOf(Exchange record) {
        return new KafkaPosition(record.getMessage().getHeader(KafkaConstants.TOPIC, String.class),
                record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class),
                record.getMessage().getHeader(KafkaConstants.OFFSET, Long.class));
    }
}
