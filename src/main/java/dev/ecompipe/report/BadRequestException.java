package dev.ecompipe.report;

import org.apache.camel.Exchange;

/** A request the caller got wrong: answered 400 with its reason as plain text, and never logged as a failure. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String reason) {
        super(reason);
    }

    static void answer(Exchange exchange) {
        Exception bad = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getMessage().setBody(bad.getMessage() + "\n");
    }
}
