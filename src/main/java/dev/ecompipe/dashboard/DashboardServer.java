package dev.ecompipe.dashboard;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Ports;
import dev.ecompipe.config.Settings;
import dev.ecompipe.warehouse.WarehousePresence;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import dev.ecompipe.warehouse.WarehouseInUseException;
import dev.ecompipe.warehouse.Warehouses;
import org.apache.camel.main.Main;

/**
 * The {@code dashboard} command: the page against the configured warehouse when no pipeline runs here. It
 * only reads; on a server warehouse it may run beside the loaders, on DuckDB the running pipeline serves it.
 */
public final class DashboardServer {

    private DashboardServer() {
    }

    public static void run(Settings settings) throws Exception {
        Ports.requireFree(settings, settings.require("camel.server.host"), "ops.http.port");
        WarehousePresence.require(settings);
        try (Warehouse warehouse = Warehouses.open(settings)) {
            ping(warehouse, settings);
            Main main = new Main();
            main.bind("warehouse", warehouse);
            Dashboard.addTo(main);
            // the loader's health and metrics belong to the pipeline; this process serves only the page
            main.setOverrideProperties(settings.with("camel.management.enabled", "false").asCamelProperties());
            main.run();
        }
    }

    private static void ping(Warehouse warehouse, Settings settings) throws WarehouseException {
        try {
            warehouse.ping();
        } catch (WarehouseInUseException inUse) {
            throw new ConfigurationException(inUse.getMessage() + "; the pipeline that holds it serves the dashboard at http://"
                    + "127.0.0.1:" + settings.get("ops.http.port") + "/");
        }
    }
}
