package io.metadiv.deploy;

import static io.metadiv.deploy.ChartManifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests run, so this checks what can be checked without one: the compose file
 * parses (SnakeYAML, YAML merge keys included) into PostgreSQL, an api and two workers wired as the Helm chart wires
 * its pods, and the Dockerfile runs as non-root with a warm-up class that exists.
 */
class DockerFilesTests {

    @Test
    void composeRunsTheApiAndTwoWorkersAgainstOnePostgres() throws Exception {
        Map<String, Object> services = at(compose(), "services");
        assertThat(services).containsOnlyKeys("postgres", "api", "worker");
        Map<String, Object> api = at(services, "api");
        Map<String, Object> worker = at(services, "worker");
        assertThat(Path.of("docker").resolve((String) at(api, "build.context"))
                .resolve((String) at(api, "build.dockerfile"))).exists();
        assertThat(worker.get("image")).isEqualTo(api.get("image"));
        assertThat((Object) at(worker, "deploy.replicas")).isEqualTo(2);
        assertThat(api).doesNotContainKey("deploy");
        Map<String, Object> postgres = at(services, "postgres");
        for (Map<String, Object> service : List.of(api, worker)) {
            Map<String, Object> env = at(service, "environment");
            assertThat(env).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/"
                    + at(postgres, "environment.POSTGRES_DB"))
                    .containsEntry("SPRING_DATASOURCE_USERNAME", at(postgres, "environment.POSTGRES_USER"))
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", at(postgres, "environment.POSTGRES_PASSWORD"));
            assertThat((Object) at(service, "read_only")).isEqualTo(true);
            assertThat((List<String>) at(service, "volumes")).contains("/tmp");
        }
    }

    @Test
    void composeApiRequiresKeysAndABootstrapKeyWhileWorkersOnlyRunJobs() throws Exception {
        Map<String, Object> api = at(compose(), "services.api.environment");
        assertThat(api).containsEntry("METADIV_ROLES", "api").containsEntry("METADIV_KEYS_ENABLED", "true");
        // ":?" makes compose refuse to start without a key instead of running with one everybody knows.
        assertThat((String) api.get("METADIV_BOOTSTRAP_ADMIN_KEY")).startsWith("${METADIV_BOOTSTRAP_ADMIN_KEY:?");
        Map<String, Object> worker = at(compose(), "services.worker.environment");
        assertThat(worker).containsEntry("METADIV_ROLES", "worker").containsKeys("METADIV_WORKER_SLOTS",
                "METADIV_TORCH_THREADS").doesNotContainKeys("METADIV_BOOTSTRAP_ADMIN_KEY",
                "METADIV_KEYS_ENABLED");
        assertThat((Map<String, Object>) at(compose(), "services.worker")).doesNotContainKey("ports");
    }

    @Test
    void composeStartsInOrderOfHealthAndProbesActuator() throws Exception {
        Map<String, Object> services = at(compose(), "services");
        assertThat((Object) at(services, "api.depends_on.postgres.condition")).isEqualTo("service_healthy");
        assertThat((Object) at(services, "worker.depends_on.postgres.condition")).isEqualTo("service_healthy");
        // Workers wait for the api, which migrates the schema before it is ready.
        assertThat((Object) at(services, "worker.depends_on.api.condition")).isEqualTo("service_healthy");
        String port = HelmChartTests.applicationProperties().getProperty("server.port").replaceAll("\\D", "");
        assertThat((List<String>) at(services, "api.healthcheck.test")).containsExactly("CMD", "curl", "-fsS",
                "http://localhost:" + port + "/actuator/health/readiness");
        assertThat((List<String>) at(services, "worker.healthcheck.test")).containsExactly("CMD", "curl", "-fsS",
                "http://localhost:" + port + "/actuator/health/liveness");
        assertThat((List<String>) at(services, "postgres.healthcheck.test"))
                .contains("pg_isready -U metadiv -d metadiv");
    }

    @Test
    void composeGivesStoppingWorkersTimeToCheckpoint() throws Exception {
        Map<String, Object> worker = at(compose(), "services.worker");
        Duration grace = seconds((String) worker.get("stop_grace_period"));
        Duration wait = seconds((String) at(worker, "environment.METADIV_SHUTDOWN_MAX_WAIT"));
        // The same wait and grace period as the Helm chart's defaults, and the grace period covers the wait.
        ChartManifests chart = ChartManifests.render();
        assertThat(wait).isEqualTo(seconds(chart.literalEnv("worker").get("METADIV_SHUTDOWN_MAX_WAIT")));
        assertThat(grace.toSeconds()).isEqualTo((int) at(chart.deployment("worker"),
                "spec.template.spec.terminationGracePeriodSeconds"));
        assertThat(grace).isGreaterThan(wait.plusSeconds(10));
    }

    private static Map<String, Object> compose() throws Exception {
        return new Yaml().load(Files.readString(Path.of("docker", "compose.yaml")));
    }

    private static Duration seconds(String value) {
        assertThat(value).matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }

    @Test
    void dockerfileBuildsMultiStageAndRunsAsNonRoot() throws Exception {
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count()).isGreaterThanOrEqualTo(2);
        List<String> users = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile).results()
                .map(m -> m.group(1)).toList();
        assertThat(users).isNotEmpty().allSatisfy(user -> assertThat(user).isNotIn("root", "0"));
        Matcher warmup = Pattern.compile("-Dloader.main=(\\S+)").matcher(dockerfile);
        assertThat(warmup.find()).as("Dockerfile pre-extracts the native libraries").isTrue();
        assertThat(Class.forName(warmup.group(1))).isNotNull();
        for (Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+)").matcher(dockerfile); copy.find(); ) {
            assertThat(Path.of(copy.group(1))).as("COPY source %s", copy.group(1)).exists();
        }
    }
}
