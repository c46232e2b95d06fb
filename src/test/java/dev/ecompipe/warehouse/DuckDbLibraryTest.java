package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver's native library, copied into the temporary directory at load, is gone from it once a connection is
 * open, and DuckDB still works: a process killed outright leaves no 70 MB copy behind (ProcessDrillIT kills some).
 */
class DuckDbLibraryTest {

    @TempDir
    Path dir;

    @Test
    void theLoadedLibraryLeavesNoCopyInTheTemporaryDirectory() throws Exception {
        try (Connection connection = DuckDbLibrary.connect(dir.resolve("library.duckdb"));
             Statement statement = connection.createStatement();
             ResultSet answer = statement.executeQuery("SELECT 40 + 2")) {
            answer.next();
            assertThat(answer.getInt(1)).isEqualTo(42);
        }
        assertThat(DuckDbLibrary.extractedCopies()).isEmpty();
        List<String> mappedCopies = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("/libduckdb_java")).toList();
        // mapped from the temporary directory, as the driver loads it from its jar, and deleted there
        assertThat(mappedCopies).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" (deleted)"));
    }
}
