package dev.ecompipe.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;
import dev.ecompipe.kafka.TestBroker;
import dev.ecompipe.ops.HealthReport;
import dev.ecompipe.warehouse.Warehouse;
import dev.ecompipe.warehouse.WarehousePresence;
import dev.ecompipe.warehouse.Warehouses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** health and report only read: they create no warehouse file and no schema, and say in one sentence what is missing. */
class ReadingCommandsTest {

    @TempDir
    Path dir;

    private Settings settings(Path warehouse) {
        return Settings.of(Map.of("warehouse.duckdb.path", warehouse.toString(),
                "kafka.bootstrap.servers", "127.0.0.1:" + TestBroker.freePort(),
                "ops.management.port", String.valueOf(TestBroker.freePort())));
    }

    @Test
    void healthAndReportLeaveAMissingWarehouseMissing() {
        Path file = dir.resolve("data/warehouse.duckdb");
        Settings settings = settings(file);

        HealthReport.Part warehouse = warehousePart(settings);
        assertThatThrownBy(() -> ReportSource.fetch(settings, 10))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("There is no warehouse at " + file + " (warehouse.duckdb.path) yet; run init-schema or run first.");

        assertThat(warehouse.healthy()).isFalse();
        assertThat(warehouse.detail()).endsWith("yet; run init-schema or run first.");
        assertThat(file).doesNotExist();
    }

    @Test
    void aWarehouseFileWithoutTheSchemaIsOneSentenceAndStaysWithoutIt() throws Exception {
        Path file = dir.resolve("empty.duckdb");
        try (Connection created = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(created.isValid(1)).isTrue();
        }
        Settings settings = settings(file);

        assertThatThrownBy(() -> ReportSource.fetch(settings, 10))
                .hasMessage("The warehouse at " + file + " (warehouse.duckdb.path) has no schema yet; run init-schema or run first.");
        assertThat(warehousePart(settings).detail()).contains("has no schema yet");
        assertThat(WarehousePresence.of(settings)).isEqualTo(WarehousePresence.State.EMPTY);
    }

    @Test
    void aWarehouseWithItsSchemaIsReportedOn() throws Exception {
        Path file = dir.resolve("ready.duckdb");
        Settings settings = settings(file);
        try (Warehouse warehouse = Warehouses.open(settings)) {
            warehouse.initSchema();
        }

        assertThat(WarehousePresence.of(settings)).isEqualTo(WarehousePresence.State.READY);
        assertThat(ReportSource.fetch(settings, 10)).containsKey("monthly_sales");
        assertThat(warehousePart(settings).healthy()).isTrue();
    }

    private static HealthReport.Part warehousePart(Settings settings) {
        List<HealthReport.Part> parts = HealthReport.check(settings);
        return parts.stream().filter(p -> p.name().equals("warehouse")).findFirst().orElseThrow();
    }
}
