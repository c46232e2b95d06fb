package dev.ecompipe.dashboard;

import org.apache.camel.main.Main;

/**
 * The dashboard at {@code /} on {@code ops.http.port}: the page, its analytics through camel-jdbc on the
 * warehouse's read-only DataSource, and the operations panel when a pipeline runs in the same process.
 */
public final class Dashboard {

    /** The registry name of the DataSource the analytics' {@code jdbc:} endpoint queries. */
    public static final String DATA_SOURCE = "analytics";

    private Dashboard() {
    }

    /**
     * Adds the dashboard to a camel-main about to start, after the configuration that binds the warehouse; the
     * operations panel shows the pipeline's statistics when they are bound too.
     */
    public static void addTo(Main main) {
        main.configure().addConfiguration(DashboardConfiguration.class);
        main.configure().addRoutesBuilder(new PageRoutes());
        main.configure().addRoutesBuilder(new AnalyticsRoutes());
        main.configure().addRoutesBuilder(new OperationsRoutes());
    }
}
