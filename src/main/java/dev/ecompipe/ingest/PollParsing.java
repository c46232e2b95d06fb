package dev.ecompipe.ingest;

import java.util.List;

import dev.ecompipe.batch.IncomingOrder;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Turns one Kafka poll (camel-kafka in batching mode: a list of exchanges, one a record, in the order read) into a
 * {@link ParsedPoll}. A record that breaks a rule, or fails in any other way, is handed with its exception to the
 * dead-letter channel, which publishes it with the reason before the next record is parsed; its position stays
 * in the poll, so its offset is settled with the batch.
 */
public final class PollParsing implements Processor {

    private final OrderParsing parsing;
    private final ProducerTemplate producer;
    private final Endpoint deadLetterChannel;

    public PollParsing(OrderParsing parsing, ProducerTemplate producer) {
        this.parsing = parsing;
        this.producer = producer;
        this.deadLetterChannel = Endpoints.deadLetterChannel().resolve(producer.getCamelContext());
    }

    @Override
    public void process(Exchange poll) throws Exception {
        List<?> records = poll.getMessage().getBody(List.class);
        ParsedPoll parsed = new ParsedPoll(records.size());
        for (Object each : records) {
            Exchange record = (Exchange) each;
            try {
                parsing.process(record);
            } catch (Exception failure) {
                deadLetter(record, failure);
                parsed.deadLettered(OrderParsing.positionOf(record));
                continue;
            }
            parsed.add(record.getMessage().getBody(IncomingOrder.class),
                    record.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class));
        }
        poll.getMessage().setBody(parsed);
    }

    /** The record's body is still the bytes read: parsing sets the body only once the order is valid. */
    private void deadLetter(Exchange record, Exception failure) throws Exception {
        record.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        Exchange published = producer.send(deadLetterChannel, record);
        if (published.getException() != null) {
            throw published.getException();
        }
    }
}
