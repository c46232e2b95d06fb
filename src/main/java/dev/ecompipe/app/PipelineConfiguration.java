package dev.ecompipe.app;

import java.time.Clock;

import dev.ecompipe.ingest.BatchAggregation;
import dev.ecompipe.ingest.BatchLoader;
import dev.ecompipe.ingest.DeadLetters;
import dev.ecompipe.ingest.OrderParsing;
import dev.ecompipe.ingest.PollParsing;
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
 * The ingest routes' beans and the warehouse's health check, made from the settings and from the warehouse and
 * statistics bound by {@code WarehouseConfiguration} and {@code OpsConfiguration}. Every bean is made when the
 * routes first look it up, so it takes whatever warehouse is bound by then: a test's {@code @ReplaceInRegistry}
 * fake as well as the real one.
 */
@Configuration
public class PipelineConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OrderParsing orderParsing(@BeanInject Warehouse warehouse) {
        return new OrderParsing(new OrderReader(Clock.systemUTC(), warehouse.storesNulCharacters()));
    }

    @BindToRegistry(lazy = true)
    public PollParsing pollParsing(CamelContext context, @BeanInject OrderParsing orderParsing) {
        return new PollParsing(orderParsing, context.createProducerTemplate());
    }

    @BindToRegistry(lazy = true)
    public WarehouseHealthCheck warehouseHealthCheck(@BeanInject Warehouse warehouse) {
        return new WarehouseHealthCheck(warehouse);
    }

    @BindToRegistry(lazy = true)
    public WarehouseOffsetRepository warehouseOffsets(@BeanInject Warehouse warehouse) {
        return new WarehouseOffsetRepository(warehouse);
    }

    @BindToRegistry(lazy = true)
    public BatchLoader batchLoader(CamelContext context, @BeanInject Warehouse warehouse, @BeanInject PipelineStats stats,
                                   @PropertyInject("ingest.max-pending-batches") int maxPendingBatches) {
        return new BatchLoader(warehouse, new DeadLetters(context.createProducerTemplate()), stats, context,
                maxPendingBatches);
    }

    @BindToRegistry(lazy = true)
    public BatchAggregation batchAggregation(@BeanInject BatchLoader batchLoader,
                                             @PropertyInject("ingest.batch-size") int batchSize,
                                             @PropertyInject("ingest.batch-timeout-ms") long batchTimeoutMs) {
        return new BatchAggregation(batchLoader, batchSize, batchTimeoutMs);
    }
}
