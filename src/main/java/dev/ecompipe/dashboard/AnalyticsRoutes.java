package dev.ecompipe.dashboard;

import org.apache.camel.builder.RouteBuilder;

/**
 * The dashboard's analytics as JSON, each query sent through the camel-jdbc endpoint on the warehouse's
 * read-only DataSource ({@link Dashboard#DATA_SOURCE}), so it works the same on every warehouse.
 */
final class AnalyticsRoutes extends RouteBuilder {

    static final String ANALYTICS_PATH = "/api/analytics/";
    static final String CUSTOMER_HISTORY_PATH = "/api/customer-history";
    private static final String QUERY = "jdbc:" + Dashboard.DATA_SOURCE + "?outputType=SelectList";

    private final AnalyticsRequests requests = new AnalyticsRequests();

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(JsonAnswers::failure);

        from("platform-http:" + ANALYTICS_PATH + "{" + AnalyticsRequests.NAME + "}?httpMethodRestrict=GET")
                .routeId("dashboard-analytics")
                .process(requests::selectAnalytics)
                .to(QUERY)
                .process(requests::answerAnalytics);

        from("platform-http:" + CUSTOMER_HISTORY_PATH + "?httpMethodRestrict=GET")
                .routeId("dashboard-customer-history")
                .process(requests::selectCustomerHistory)
                .to(QUERY + "&useHeadersAsParameters=true")
                .process(requests::answerCustomerHistory);
    }
}
