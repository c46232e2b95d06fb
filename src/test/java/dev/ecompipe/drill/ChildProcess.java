package dev.ecompipe.drill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged pipeline ({@code target/ecommerce-pipeline.jar}) as a child process, as an operator runs it. */
public final class ChildProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "ecommerce-pipeline.jar").toAbsolutePath();
    private static final Path SCRIPT = Path.of("pipeline").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path output;
    private final Map<String, String> environment;

    private ChildProcess(String name, Process process, Path output, Map<String, String> environment) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.environment = environment;
    }

    /** Starts {@code java -jar ecommerce-pipeline.jar args...} in {@code workDir} with these environment variables. */
    public static ChildProcess start(String name, Path workDir, Map<String, String> environment, String... args) throws IOException {
        return start(name, workDir, environment, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", JAR.toString()), args);
    }

    /**
     * Starts {@code ./pipeline args...}, the script a user runs, which chooses the JVM's options and the malloc DuckDB
     * allocates through, in {@code workDir} with these environment variables.
     */
    public static ChildProcess startScript(String name, Path workDir, Map<String, String> environment, String... args) throws IOException {
        Map<String, String> withHeap = new HashMap<>(Map.of("JAVA_OPTS", "-Xmx1g"));
        withHeap.putAll(environment);
        return start(name, workDir, withHeap, List.of("sh", SCRIPT.toString()), args);
    }

    private static ChildProcess start(String name, Path workDir, Map<String, String> environment, List<String> launcher,
                                      String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the drills run after `mvn package`");
        }
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        Path output = workDir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        System.out.printf("[drill] start %s: %s%n", name, String.join(" ", args));
        return new ChildProcess(name, builder.start(), output, environment);
    }

    /** Waits until the output shows a line matching {@code regex}. */
    ChildProcess awaitOutput(String regex, Duration timeout) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        await(name + " to print " + regex, timeout, () -> pattern.matcher(output()).find());
        return this;
    }

    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** A counter from the child's Prometheus endpoint, or -1 while it does not answer. */
    double metric(String metric) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + environment.get("OPS_MANAGEMENT_PORT")
                    + "/observe/metrics")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric) + " (\\S+)$").matcher(body);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        System.out.printf("[drill] SIGKILL %s%n", name);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stands still, as in a long GC pause or a suspended VM, and sends no heartbeat. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: the frozen process carries on where it stood. */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        System.out.printf("[drill] SIG%s %s%n", name, this.name);
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM and wait for the graceful shutdown; returns the exit code. */
    int terminate() throws InterruptedException {
        System.out.printf("[drill] SIGTERM %s%n", name);
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not stop within 90 s after SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not finish within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    public String tail() {
        String all = output();
        return all.substring(Math.max(0, all.length() - 4000));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
