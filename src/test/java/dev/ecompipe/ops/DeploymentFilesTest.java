package dev.ecompipe.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ecompipe.config.Setting;
import dev.ecompipe.config.Settings;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker, compose, Kubernetes and CI files cannot run here (no engine, no cluster), so they are checked
 * for what would break them: valid YAML, ports and probe paths the application really serves, and
 * environment variables that really are settings of the application.
 */
class DeploymentFilesTest {

    /** Variables read by logback.xml rather than application.properties. */

    private final Settings defaults = Settings.of(Map.of());

    @Test
    void composeRunsThePipelineOnOurPortsBesideTheKafkaVersionWeBuildAgainst() {
        Map<String, Object> services = map(yaml("docker-compose.yml").get("services"));
        String pomKafka = matchIn(read("pom.xml"), "<kafka.version>([^<]+)</kafka.version>");
        assertThat(map(services.get("kafka")).get("image")).isEqualTo("apache/kafka:" + pomKafka);

        Map<String, Object> pipeline = map(services.get("pipeline"));
        assertThat(list(pipeline.get("ports"))).contains(port("ops.http.port") + ":" + port("ops.http.port"),
                port("ops.management.port") + ":" + port("ops.management.port"));
        assertSettings(map(pipeline.get("environment")).keySet());
        assertThat(read("ops/prometheus.yml")).contains("/observe/metrics").contains("pipeline:" + port("ops.management.port"));
    }

    @Test
    void kubernetesProbesPortsAndVariablesMatchTheApplication() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.add(yaml(file.toString()));
            }
        }
        Map<String, Object> deployment = documents.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0));
        assertThat(probePath(container, "livenessProbe")).isEqualTo("/observe/health/live");
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/observe/health/ready");
        assertThat(list(container.get("ports"))).extracting(p -> String.valueOf(map(p).get("containerPort")))
                .containsExactlyInAnyOrder(port("ops.http.port"), port("ops.management.port"));

        Map<String, Object> configMap = documents.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        assertSettings(map(configMap.get("data")).keySet());
        assertThat(map(configMap.get("data"))).containsEntry("OPS_MANAGEMENT_PORT", port("ops.management.port"));
        assertSettings(envFileNames(read("k8s/secrets.env")));

        Map<String, Object> kustomization = yaml("k8s/kustomization.yaml");
        assertThat(list(kustomization.get("resources"))).allSatisfy(r -> assertThat(Path.of("k8s", (String) r)).exists());
    }

    @Test
    void theImageRunsAsAUserOtherThanRootAndChecksReadiness() {
        String dockerfile = read("Dockerfile");
        assertThat(matchIn(dockerfile, "(?m)^EXPOSE (.+)$").split("\\s+"))
                .containsExactlyInAnyOrder(port("ops.http.port"), port("ops.management.port"));
        assertThat(matchIn(dockerfile, "(?m)^HEALTHCHECK[\\s\\S]*?CMD (.+)$")).contains(":" + port("ops.management.port") + "/observe/health/ready");
        assertThat(matchIn(dockerfile, "(?m)^USER (\\S+)$")).isNotEqualTo("root");
        assertThat(dockerfile).contains("COPY routes routes").contains("COPY application.properties");
    }

    @Test
    void theImagePreloadsTheJemallocItInstalls() {
        String dockerfile = read("Dockerfile");
        String linked = matchIn(dockerfile, "ln -s \"[^\"]+libjemalloc\\.so\\.2[^\"]*\" (\\S+)");
        assertThat(matchIn(dockerfile, "(?m)^RUN apt-get .*install .*?(libjemalloc2)")).isEqualTo("libjemalloc2");
        assertThat(matchIn(dockerfile, "(?m)^ENV LD_PRELOAD=(\\S+)$")).isEqualTo(linked);
    }

    @Test
    void theEnvironmentExampleAndTheWorkflowUseRealSettings() {
        assertSettings(envFileNames(read(".env.example")));
        Map<String, Object> workflow = yaml(".github/workflows/ci.yml");
        Map<String, Object> jobs = map(workflow.get("jobs"));
        assertThat(read(".github/workflows/ci.yml")).contains("bash .ci/run");
        assertSettings(map(map(jobs.get("snowflake")).get("env")).keySet());
        assertThat(read(".ci/run")).contains("./mvnw -B verify");
    }

    private void assertSettings(Iterable<String> variables) {
        for (String variable : variables) {
            if (Settings.LOGGING_VARIABLES.contains(variable)) {
                continue;
            }
            assertThat(Arrays.stream(Setting.values()).map(setting -> Settings.environmentName(setting.key())))
                    .as("%s is the environment name of a declared setting", variable)
                    .contains(variable);
        }
    }

    private String port(String key) {
        return defaults.get(key);
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container.get(probe)).get("httpGet")).get("path");
    }

    private static List<String> envFileNames(String content) {
        List<String> names = new ArrayList<>();
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                names.add(trimmed.substring(0, trimmed.indexOf('=')));
            }
        }
        assertThat(names).isNotEmpty();
        return names;
    }

    private static String matchIn(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1).strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(read(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(file + " cannot be read", e);
        }
    }
}
