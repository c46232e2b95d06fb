package dev.ecompipe.dashboard;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The dashboard's analytics as JSON, each query sent through the camel-jdbc endpoint on the warehouse's
 * read-only DataSource ({@link Dashboard#DATA_SOURCE}), so it works the same on every warehouse.
 */
final class AnalyticsRoutes extends EndpointRouteBuilder {

    static final String ANALYTICS_PATH = "/api/analytics/";
    static final String CUSTOMER_HISTORY_PATH = "/api/customer-history";

    private final AnalyticsRequests requests = new AnalyticsRequests();

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(JsonAnswers::failure);

        from(platformHttp(ANALYTICS_PATH + "{" + AnalyticsRequests.NAME + "}").httpMethodRestrict("GET"))
                .routeId("dashboard-analytics")
                .process(requests::selectAnalytics)
                .to(jdbc(Dashboard.DATA_SOURCE).outputType("SelectList"))
                .process(requests::answerAnalytics);

        from(platformHttp(CUSTOMER_HISTORY_PATH).httpMethodRestrict("GET"))
                .routeId("dashboard-customer-history")
                .process(requests::selectCustomerHistory)
                .to(jdbc(Dashboard.DATA_SOURCE).outputType("SelectList").useHeadersAsParameters(true))
                .process(requests::answerCustomerHistory);
    }
}
