package dev.ecompipe.report;

import dev.ecompipe.warehouse.Warehouse;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * HTTP endpoints of the running application. DuckDB lets only one process open its file, so the
 * {@code report} command asks the running pipeline for the analytics here instead of opening the file.
 */
public class ReportRoutes extends EndpointRouteBuilder {

    public static final String REPORT_PATH = "/report";

    @Override
    public void configure() {
        from(platformHttp(REPORT_PATH).httpMethodRestrict("GET")).routeId("report-http")
                .onException(BadRequestException.class).handled(true).process(BadRequestException::answer).end()
                .process(exchange -> {
                    int limit = ReportLimit.parse(exchange.getMessage().getHeader("limit", String.class));
                    Warehouse warehouse = exchange.getContext().getRegistry().findSingleByType(Warehouse.class);
                    exchange.getMessage().setBody(ReportFormat.json(warehouse.report(limit)));
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                });
    }
}
