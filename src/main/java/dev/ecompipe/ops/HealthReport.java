package dev.ecompipe.ops;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.Topics;
import dev.ecompipe.warehouse.WarehousePresence;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import dev.ecompipe.warehouse.WarehouseInUseException;
import dev.ecompipe.warehouse.Warehouses;

/** The {@code health} command: broker, warehouse and, when the pipeline runs, its own health endpoint. */
public final class HealthReport {

    /** One checked part: its name, whether it is healthy, and a line for a person. */
    public record Part(String name, boolean healthy, String detail) {
        @Override
        public String toString() {
            return String.format("%-9s %-4s %s", name, healthy ? "OK" : "FAIL", detail);
        }
    }

    private HealthReport() {
    }

    public static List<Part> check(Settings settings) {
        List<Part> parts = new ArrayList<>();
        parts.add(broker(settings));
        AppState app = app(settings);
        parts.add(warehouse(settings, app));
        if (app.running) {
            parts.add(new Part("pipeline", app.healthy, app.detail));
        } else {
            parts.add(new Part("pipeline", true, "not running (" + app.detail + ")"));
        }
        return parts;
    }

    private static Part broker(Settings settings) {
        String servers = settings.isSet("kafka.bootstrap.servers") ? settings.get("kafka.bootstrap.servers")
                : "127.0.0.1:" + settings.get("kafka.embedded.port");
        int brokers = Topics.brokerCount(servers);
        if (brokers > 0) {
            return new Part("broker", true, servers + " answers (" + brokers + " broker" + (brokers == 1 ? "" : "s") + ")");
        }
        String embedded = settings.isSet("kafka.bootstrap.servers") ? "" : " (the embedded broker runs only inside 'run' or 'broker')";
        return new Part("broker", false, servers + " does not answer" + embedded);
    }

    private static Part warehouse(Settings settings, AppState app) {
        String absent = WarehousePresence.problem(settings);
        if (absent != null) {
            return new Part("warehouse", false, absent);
        }
        try (Warehouse warehouse = Warehouses.open(settings)) {
            warehouse.ping();
            return new Part("warehouse", true, Warehouses.type(settings) + " answers");
        } catch (WarehouseInUseException inUse) {
            return app.running
                    ? new Part("warehouse", app.healthy, "held by the running pipeline, which reports it " + (app.healthy ? "ready" : "not ready"))
                    : new Part("warehouse", false, inUse.getMessage());
        } catch (WarehouseException | RuntimeException e) {
            return new Part("warehouse", false, e.getMessage());
        }
    }

    private record AppState(boolean running, boolean healthy, String detail) {
    }

    private static AppState app(Settings settings) {
        URI uri = URI.create("http://127.0.0.1:" + settings.get("ops.management.port") + "/observe/health/ready");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body().strip();
            if (!body.startsWith("{") || !body.contains("\"status\"")) {
                return new AppState(true, false, "another server (HTTP " + response.statusCode() + ") answers on " + uri
                        + ", not this pipeline; choose a free port with the setting ops.management.port");
            }
            boolean up = response.statusCode() == 200 && body.contains("\"UP\"");
            return new AppState(true, up, uri + " says " + body.replaceAll("\\s+", " "));
        } catch (ConnectException e) {
            return new AppState(false, false, "nothing listens on " + uri);
        } catch (Exception e) {
            return new AppState(true, false, uri + " does not answer: " + e.getMessage());
        }
    }
}
