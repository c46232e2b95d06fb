package dev.ecompipe.warehouse;

import dev.ecompipe.config.Settings;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/**
 * The warehouse the settings name, its schema made current, closed when Camel stops. It is opened from the
 * checked {@link Settings} rather than from Camel's properties: those are logged, and a warehouse has secrets.
 * It is opened when the routes first need it, so a test that replaces it in the registry never opens one.
 */
@Configuration
public class WarehouseConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true, destroyMethod = "close")
    public Warehouse warehouse(@BeanInject Settings settings) throws WarehouseException {
        return Warehouses.openWithSchema(settings);
    }
}
