package dev.ecompipe.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The page and its scripts, all from the classpath: Chart.js comes from its WebJar, so the page needs no
 * network beyond this process.
 */
final class PageRoutes extends EndpointRouteBuilder {

    private record Asset(String path, String resource, String contentType) {
    }

    private static final String CHART_JS_WEBJAR = "/META-INF/resources/webjars/chart.js/";

    @Override
    public void configure() {
        List<Asset> assets = List.of(
                new Asset("/", "/dashboard/index.html", "text/html; charset=utf-8"),
                new Asset("/dashboard.css", "/dashboard/dashboard.css", "text/css; charset=utf-8"),
                new Asset("/dashboard.js", "/dashboard/dashboard.js", "text/javascript; charset=utf-8"),
                new Asset("/chart.umd.min.js", CHART_JS_WEBJAR + chartJsVersion() + "/dist/chart.umd.min.js",
                        "text/javascript; charset=utf-8"));
        for (Asset asset : assets) {
            byte[] content = read(asset.resource());
            from(platformHttp(asset.path()).httpMethodRestrict("GET"))
                    .routeId("dashboard-page" + asset.path().replace('/', '-').replace(".", "-").replaceAll("-$", ""))
                    .process(exchange -> {
                        exchange.getMessage().setBody(content);
                        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, asset.contentType());
                    });
        }
    }

    /** The WebJar's folder carries its version; its Maven properties say which. */
    private static String chartJsVersion() {
        Properties pom = new Properties();
        try (InputStream in = PageRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The Chart.js WebJar (org.webjars.npm:chart.js) is not on the classpath.");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("The Chart.js WebJar's version cannot be read.", e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard file " + resource + " is not on the classpath.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("The dashboard file " + resource + " cannot be read.", e);
        }
    }
}
