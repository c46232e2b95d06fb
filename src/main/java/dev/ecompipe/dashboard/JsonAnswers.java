package dev.ecompipe.dashboard;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** JSON bodies of the dashboard's routes, and the error answers a refused or failed request gets. */
final class JsonAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswers() {
    }

    static void ok(Exchange exchange, Object body) {
        answer(exchange.getMessage(), 200, body);
    }

    /** Turns the exception that ended the exchange into a status with its reason. */
    static void failure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof DashboardRequestException refused) {
            answer(exchange.getMessage(), refused.status(), Map.of("error", refused.getMessage()));
        } else {
            // a query that fails is the warehouse's trouble, not the request's
            answer(exchange.getMessage(), 503, Map.of("error", "The warehouse did not answer: " + firstLine(failure)));
        }
    }

    private static void answer(Message message, int status, Object body) {
        try {
            message.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A dashboard answer cannot be written as JSON.", e);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Cache-Control", "no-store");
    }

    private static String firstLine(Throwable failure) {
        String text = failure == null ? "unknown error" : String.valueOf(failure.getMessage());
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
