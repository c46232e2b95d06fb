package dev.ecompipe.ops;

import java.util.Map;

import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the pipeline is ready only while its warehouse answers. */
public final class WarehouseHealthCheck extends AbstractHealthCheck {

    private final Warehouse warehouse;

    public WarehouseHealthCheck(Warehouse warehouse) {
        super("pipeline", "warehouse");
        this.warehouse = warehouse;
    }

    @Override
    public boolean isLiveness() {
        // an unavailable warehouse is waited for, not a reason to restart the process
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            warehouse.ping();
            builder.up();
        } catch (WarehouseException e) {
            builder.message(e.getMessage()).down();
        }
    }
}
