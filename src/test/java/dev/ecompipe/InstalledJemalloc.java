package dev.ecompipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The libjemalloc.so.2 the pipeline script would preload, looked for where the script looks. */
public final class InstalledJemalloc {

    private static final String LIBRARY = "libjemalloc.so.2";

    private InstalledJemalloc() {
    }

    public static Optional<Path> find() {
        try (Stream<Path> multiarch = Files.list(Path.of("/usr/lib"))) {
            return Stream.concat(multiarch.filter(dir -> dir.getFileName().toString().endsWith("-linux-gnu")),
                            Stream.of(Path.of("/usr/lib64"), Path.of("/usr/lib"), Path.of("/usr/local/lib")))
                    .map(dir -> dir.resolve(LIBRARY))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
