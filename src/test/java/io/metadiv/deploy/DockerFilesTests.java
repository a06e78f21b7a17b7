package io.metadiv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests run, so this checks what can be checked without one: the compose file
 * parses and wires the service to PostgreSQL, and the Dockerfile runs as non-root with a warm-up class that exists.
 */
class DockerFilesTests {

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheApiAndAWorkerAgainstOnePostgres() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker", "compose.yaml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("postgres", "api");
        Map<String, Object> api = (Map<String, Object>) services.get("api");
        Map<String, Object> build = (Map<String, Object>) api.get("build");
        assertThat(Path.of("docker").resolve((String) build.get("context")).resolve((String) build.get("dockerfile")))
                .exists();
        Map<String, Object> env = (Map<String, Object>) api.get("environment");
        assertThat((String) env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat((Map<String, Object>) api.get("depends_on")).containsKey("postgres");
        assertThat(env.get("METADIV_ROLES")).isEqualTo("api");
        Map<String, Object> worker = (Map<String, Object>) services.get("worker");
        Map<String, Object> workerEnv = (Map<String, Object>) worker.get("environment");
        assertThat(workerEnv.get("METADIV_ROLES")).isEqualTo("worker");
        assertThat(workerEnv.get("SPRING_DATASOURCE_URL")).isEqualTo(env.get("SPRING_DATASOURCE_URL"));
        assertThat(worker.get("image")).isEqualTo(api.get("image"));
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
