package dev.ecompipe.warehouse;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ecompipe.warehouse.SnowflakeBatches.batch;
import static dev.ecompipe.warehouse.SnowflakeBatches.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pooled warehouse on a HikariCP pool of recording connections: a loading connection that failed goes
 * back to the pool as evicted and closed, so failures never use up the three slots that the loader, reports,
 * health checks and the lag poll share.
 */
class SnowflakePoolTest {

    @Test
    void failedLoadingConnectionsAreClosedAndTheirSlotsComeBack() throws Exception {
        RecordingServer server = new RecordingServer(() -> new RecordingConnection()
                .failingOn(sql -> sql.contains("UPDATE LOAD_LOCK")));
        try (ServerWarehouse warehouse = new ServerWarehouse(server)) {
            for (int attempt = 0; attempt < RecordingServer.POOL_SIZE + 1; attempt++) {
                assertThatThrownBy(() -> warehouse.load(batch(order("O-1", "2026-03-01T10:00:00Z", 1)), conflicts -> { }))
                        .isInstanceOf(WarehouseException.class);
            }
            warehouse.ping();
            warehouse.committedOffsets();

            List<RecordingConnection> loaders = server.opened().stream()
                    .filter(session -> session.log().stream().anyMatch(sql -> sql.contains("UPDATE LOAD_LOCK"))).toList();
            assertThat(loaders).hasSize(RecordingServer.POOL_SIZE + 1).allMatch(RecordingConnection::isClosed);
        }
    }

    @Test
    void aHealthyLoaderKeepsItsSessionAcrossBatches() throws Exception {
        RecordingServer server = new RecordingServer(RecordingConnection::new);
        try (ServerWarehouse warehouse = new ServerWarehouse(server)) {
            warehouse.load(batch(order("O-1", "2026-03-01T10:00:00Z", 1)), conflicts -> { });
            warehouse.load(batch(order("O-2", "2026-03-02T10:00:00Z", 1)), conflicts -> { });

            assertThat(server.opened()).filteredOn(session -> session.log().contains("COMMIT"))
                    .singleElement().satisfies(session -> assertThat(session.log()).filteredOn("COMMIT"::equals).hasSize(2));
        }
    }
}
