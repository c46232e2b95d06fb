package dev.ecompipe.dashboard;

import javax.sql.DataSource;

import dev.ecompipe.warehouse.Warehouse;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The DataSource the dashboard's analytics query: the warehouse's read-only one, never the loader's. */
@Configuration
public class DashboardConfiguration implements CamelConfiguration {

    @BindToRegistry(value = Dashboard.DATA_SOURCE, lazy = true)
    public DataSource analytics(@BeanInject Warehouse warehouse) {
        return warehouse.readOnlyDataSource();
    }
}
