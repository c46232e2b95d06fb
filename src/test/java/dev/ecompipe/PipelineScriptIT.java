package dev.ecompipe;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pipeline} script's choice of the malloc DuckDB allocates through, as a user starts it: jemalloc where
 * installed (.ci/run installs Debian's libjemalloc2; without it the first case fails, never skips), the C library's
 * when asked, and one sentence naming the variable for a value it does not know.
 */
class PipelineScriptIT {

    private record Outcome(int exitCode, String out, String err) {
    }

    @Test
    void jemallocIsPreloadedWhereInstalled() throws Exception {
        Outcome version = pipeline(Map.of(), "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).as("with libjemalloc.so.2 installed (Debian: apt-get install libjemalloc2)")
                .contains("memory allocator: jemalloc");
    }

    @Test
    void systemKeepsTheCLibrarysMalloc() throws Exception {
        Outcome version = pipeline(Map.of("PIPELINE_ALLOCATOR", "system"), "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("memory allocator: system");
    }

    @Test
    void anUnknownAllocatorFailsNamingTheVariable() throws Exception {
        Outcome version = pipeline(Map.of("PIPELINE_ALLOCATOR", "tcmalloc"), "--version");

        assertThat(version.exitCode()).isEqualTo(2);
        assertThat(version.out()).isEmpty();
        assertThat(version.err().strip()).isEqualTo("error: PIPELINE_ALLOCATOR must be auto, jemalloc or system, not 'tcmalloc'");
    }

    private static Outcome pipeline(Map<String, String> environment, String... args) throws Exception {
        String[] command = Stream.concat(Stream.of("sh", "pipeline"), Stream.of(args)).toArray(String[]::new);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("LD_PRELOAD");
        builder.environment().remove("PIPELINE_ALLOCATOR");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the pipeline script exits within a minute").isTrue();
        return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
