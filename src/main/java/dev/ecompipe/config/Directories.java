package dev.ecompipe.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Directories the process writes to, checked before use: what fails later does so with long stack traces, or silently. */
public final class Directories {

    private Directories() {
    }

    /** Creates the directory of the setting {@code key} if needed, or stops with one sentence naming the setting. */
    public static Path requireWritable(Settings settings, String key) {
        Path dir = Path.of(settings.require(key)).toAbsolutePath();
        if (!writable(dir)) {
            throw new ConfigurationException("The directory " + dir + " cannot be written; make it writable or choose another with the setting "
                    + key + " (environment variable " + Settings.environmentName(key) + ").");
        }
        return dir;
    }

    /** Whether the directory exists or can be made, and a file can be created in it. */
    public static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ""));
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
