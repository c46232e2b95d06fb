package dev.ecompipe.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ecompipe.config.Settings;
import dev.ecompipe.warehouse.WarehousePresence;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import dev.ecompipe.warehouse.WarehouseInUseException;
import dev.ecompipe.warehouse.Warehouses;

/** Gets the analytics from the warehouse, or from the running pipeline when it holds the warehouse. */
public final class ReportSource {

    private ReportSource() {
    }

    public static Map<String, List<Map<String, Object>>> fetch(Settings settings, int limit) throws WarehouseException {
        WarehousePresence.require(settings);
        try (Warehouse warehouse = Warehouses.open(settings)) {
            return warehouse.report(limit);
        } catch (WarehouseInUseException inUse) {
            return fromRunningPipeline(settings, limit, inUse);
        }
    }

    private static Map<String, List<Map<String, Object>>> fromRunningPipeline(Settings settings, int limit,
                                                                              WarehouseInUseException inUse)
            throws WarehouseException {
        URI uri = URI.create("http://127.0.0.1:" + settings.getInt("ops.http.port") + ReportRoutes.REPORT_PATH
                + "?limit=" + limit);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new WarehouseException("The running pipeline answered " + response.statusCode() + " at " + uri, inUse);
            }
            return ReportFormat.fromJson(response.body());
        } catch (IOException e) {
            throw new WarehouseException(inUse.getMessage() + " and the pipeline's HTTP endpoint " + uri
                    + " does not answer (" + e.getMessage() + ").", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException("Interrupted while asking the running pipeline for the report.", e);
        }
    }
}
