package dev.ecompipe.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.warehouse.DuckDbWarehouse;

/**
 * A limit measured in a JVM of its own, so neither the broker's nor an earlier measurement's compiled code and
 * heap share it, with what Arrow needs: runs a main class of this project, which prints its figures as one JSON
 * object on its last line.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static Map<String, Object> figures(String what, Path log, List<String> jvmOptions, Class<?> main, String... args)
            throws Exception {
        return figures(what, log, jvmOptions, Set.of(), main, args);
    }

    /** The same, without these environment variables of this process (say {@code LD_PRELOAD}). */
    static Map<String, Object> figures(String what, Path log, List<String> jvmOptions, Set<String> unset, Class<?> main,
                                       String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.add(DuckDbWarehouse.JVM_OPTION);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(unset);
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("The " + what + " did not finish within 15 minutes; see " + log);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (process.exitValue() != 0 || !last.startsWith("{")) {
            throw new IllegalStateException("The " + what + " failed with exit code " + process.exitValue() + "; see " + log);
        }
        return new ObjectMapper().readValue(last, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
