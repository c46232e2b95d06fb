package dev.ecompipe.app;

import java.time.Clock;

import dev.ecompipe.ingest.BatchAggregation;
import dev.ecompipe.ingest.BatchLoader;
import dev.ecompipe.ingest.DeadLetters;
import dev.ecompipe.ingest.OrderParsing;
import dev.ecompipe.ops.PipelineStats;
import dev.ecompipe.ops.WarehouseHealthCheck;
import dev.ecompipe.order.OrderReader;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehouseOffsetRepository;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/**
 * The ingest routes' beans and the warehouse's health check, made from the settings and the beans of
 * {@code WarehouseConfiguration} and {@code OpsConfiguration}, which camel-main is given first.
 */
@Configuration
public class PipelineConfiguration implements CamelConfiguration {

    @BindToRegistry
    public OrderParsing orderParsing(@BeanInject Warehouse warehouse) {
        return new OrderParsing(new OrderReader(Clock.systemUTC(), warehouse.storesNulCharacters()));
    }

    @BindToRegistry
    public WarehouseHealthCheck warehouseHealthCheck(@BeanInject Warehouse warehouse) {
        return new WarehouseHealthCheck(warehouse);
    }

    @BindToRegistry
    public WarehouseOffsetRepository warehouseOffsets(@BeanInject Warehouse warehouse) {
        return new WarehouseOffsetRepository(warehouse);
    }

    @BindToRegistry
    public BatchLoader batchLoader(CamelContext context, @BeanInject Warehouse warehouse, @BeanInject PipelineStats stats,
                                   @PropertyInject("ingest.max-pending-batches") int maxPendingBatches) {
        return new BatchLoader(warehouse, new DeadLetters(context.createProducerTemplate()), stats, context,
                maxPendingBatches);
    }

    @BindToRegistry
    public BatchAggregation batchAggregation(@BeanInject BatchLoader batchLoader,
                                             @PropertyInject("ingest.batch-timeout-ms") long batchTimeoutMs) {
        return new BatchAggregation(batchLoader, batchTimeoutMs);
    }
}
