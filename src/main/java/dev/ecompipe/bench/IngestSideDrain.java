package dev.ecompipe.bench;

import java.nio.file.Path;
import java.util.Map;

import dev.ecompipe.app.PipelineRunner;
import dev.ecompipe.config.Settings;
import dev.ecompipe.warehouse.DuckDbWarehouse;

/**
 * {@code pipeline run --no-producer --exit-when-drained} on an {@link OffsetsOnlyWarehouse}, in a JVM of its own
 * started as {@link PipelineProcess} starts the real one (the same heap, collector and settings): the drain of
 * everything but the writing. Arguments: the run summary's path.
 */
public final class IngestSideDrain {

    private IngestSideDrain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.load(Path.of(""), System.getenv(), Map.of("producer.enabled", "false"));
        try (OffsetsOnlyWarehouse warehouse = new OffsetsOnlyWarehouse(
                new DuckDbWarehouse(Path.of(settings.require("warehouse.duckdb.path"))))) {
            warehouse.initSchema();
            PipelineRunner.run(settings, PipelineRunner.Mode.PIPELINE, true, Path.of(args[0]),
                    new PipelineRunner.RunControl(warehouse, stop -> { }));
        }
        System.exit(0);
    }
}
