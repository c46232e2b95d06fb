package dev.ecompipe.dashboard;

import java.util.List;
import java.util.Map;

import dev.ecompipe.warehouse.Analytics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What the analytics routes do around their camel-jdbc call: check the request, put the analytics' SQL in
 * the body, and shape the rows the endpoint returns the way the report does.
 */
final class AnalyticsRequests {

    static final String NAME = "name";
    static final String LIMIT = "limit";
    static final String CUSTOMER = "customer_id";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1_000;
    /** The dashboard charts these four on their own; a customer's history comes one customer at a time. */
    static final List<String> CHARTED = List.of("monthly_sales", "top_repeat_customers", "multi_region_customers",
            "product_performance");
    private static final int MAX_CUSTOMER_ID_LENGTH = 200;

    private final Analytics analytics = new Analytics();

    /** Sets the body to the SQL of the analytics the path names, bounded by {@code limit}. */
    void selectAnalytics(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = message.getHeader(NAME, String.class);
        if (!CHARTED.contains(name)) {
            throw new DashboardRequestException(404, "There is no analytics named '" + name + "'; there are " + CHARTED
                    + " and /api/customer-history?customer_id=...");
        }
        message.setBody(analytics.query(name, limit(message)));
    }

    /**
     * Sets the body to the customer_history analytics narrowed to the requested customer; the id travels as a
     * parameter ({@code :?customer_id}), never as SQL.
     */
    void selectCustomerHistory(Exchange exchange) {
        String customer = exchange.getMessage().getHeader(CUSTOMER, String.class);
        if (customer == null || customer.isBlank() || customer.length() > MAX_CUSTOMER_ID_LENGTH) {
            throw new DashboardRequestException(400, "The parameter customer_id must name a customer (1 to "
                    + MAX_CUSTOMER_ID_LENGTH + " characters).");
        }
        exchange.getMessage().setBody("SELECT * FROM (" + analytics.query("customer_history", DEFAULT_LIMIT)
                + ") history WHERE customer_id = :?" + CUSTOMER + " ORDER BY version");
    }

    @SuppressWarnings("unchecked")
    void answerAnalytics(Exchange exchange) {
        String name = exchange.getMessage().getHeader(NAME, String.class);
        JsonAnswers.ok(exchange, analytics.shape(name, exchange.getMessage().getBody(List.class)));
    }

    @SuppressWarnings("unchecked")
    void answerCustomerHistory(Exchange exchange) {
        List<Map<String, Object>> versions = analytics.shape("customer_history", exchange.getMessage().getBody(List.class));
        if (versions.isEmpty()) {
            throw new DashboardRequestException(404, "The warehouse holds no customer '"
                    + exchange.getMessage().getHeader(CUSTOMER, String.class) + "'.");
        }
        JsonAnswers.ok(exchange, versions);
    }

    private static int limit(Message message) {
        String text = message.getHeader(LIMIT, String.class);
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notAWholeNumber) {
            // answered below, as is a number out of range
        }
        throw new DashboardRequestException(400, "The parameter limit must be a whole number from 1 to " + MAX_LIMIT
                + ", not '" + text + "'.");
    }
}
