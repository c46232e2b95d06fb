package dev.ecompipe.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Opens DuckDB connections, and keeps the JDBC driver's native library from piling up in the temporary directory.
 * The driver copies its library there (about 70 MB) each time a JVM loads it and deletes the copy only when that JVM
 * exits normally: every pipeline killed outright (SIGKILL, the kernel's OOM killer, a drill) left one behind, and a
 * host that restarts it often fills its disk. A loaded library stays mapped once its file is gone, so the copy is
 * removed as soon as the first connection has loaded it, and a kill leaves nothing.
 */
public final class DuckDbLibrary {

    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final String DELETED = " (deleted)";

    private static volatile boolean copyRemoved;

    private DuckDbLibrary() {
    }

    public static Connection connect(Path file) throws SQLException {
        return connect(file, new Properties());
    }

    public static Connection connect(Path file, Properties properties) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
        if (!copyRemoved) {
            copyRemoved = true;
            removeExtractedCopies();
        }
        return connection;
    }

    /** Deletes the copies of the driver's library this process has mapped; where no /proc tells, nothing. */
    private static void removeExtractedCopies() {
        for (Path copy : extractedCopies()) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException notOurs) {
                // another user's temporary directory, say: the driver's own deletion at exit still applies
            }
        }
    }

    /** The files of the temporary directory this process has mapped as the driver's native library. */
    static List<Path> extractedCopies() {
        if (!Files.isReadable(MAPS)) {
            return List.of();
        }
        try (Stream<String> mapped = Files.lines(MAPS)) {
            Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            return mapped.filter(line -> line.indexOf('/') >= 0 && !line.endsWith(DELETED))
                    .map(line -> Path.of(line.substring(line.indexOf('/'))))
                    .filter(path -> temporary.equals(path.getParent()))
                    .filter(path -> path.getFileName().toString().matches("libduckdb_java\\d*\\.so"))
                    .distinct().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
