package dev.ecompipe.warehouse;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** init-schema on a schema whose DEFAULT_DDL_COLLATION would change how order ids compare. */
class SnowflakeCollationTest {

    private static RecordingServer schemaWithCollation(String collation) {
        return new RecordingServer(() -> new RecordingConnection().answering(sql -> {
            if (sql.startsWith("SELECT CURRENT_DATABASE()")) {
                return List.of(List.of("E_COMMERCE", "Odd\"Schema"));
            }
            if (sql.startsWith("SHOW PARAMETERS")) {
                return List.of(List.of("DEFAULT_DDL_COLLATION", collation));
            }
            return List.of();
        }));
    }

    @Test
    void aCaseInsensitiveDefaultCollationIsRefusedBeforeAnythingIsCreated() {
        RecordingServer server = schemaWithCollation("en-ci");
        try (ServerWarehouse warehouse = new ServerWarehouse(server)) {
            assertThatThrownBy(warehouse::initSchema)
                    .isInstanceOf(WarehouseException.class)
                    .hasMessage("The Snowflake schema \"E_COMMERCE\".\"Odd\"\"Schema\" has DEFAULT_DDL_COLLATION 'en-ci', which"
                            + " would change how order ids compare: run ALTER SCHEMA \"E_COMMERCE\".\"Odd\"\"Schema\" SET"
                            + " DEFAULT_DDL_COLLATION = 'utf8' before init-schema.");
        }
        assertThat(server.opened()).allSatisfy(session -> assertThat(session.log()).noneMatch(sql -> sql.contains("CREATE")));
    }

    @Test
    void noCollationOrUtf8LetsInitSchemaCreateTheTables() throws Exception {
        for (String collation : List.of("", "utf8")) {
            RecordingServer server = schemaWithCollation(collation);
            try (ServerWarehouse warehouse = new ServerWarehouse(server)) {
                warehouse.initSchema();
            }
            List<String> log = server.opened().get(0).log();
            assertThat(log).contains("SHOW PARAMETERS LIKE 'DEFAULT_DDL_COLLATION' IN SCHEMA \"E_COMMERCE\".\"Odd\"\"Schema\"");
            assertThat(log).anyMatch(sql -> sql.contains("CREATE TABLE IF NOT EXISTS FACT_ORDERS"));
        }
    }
}
