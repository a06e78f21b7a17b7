package io.metadiv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code openapi.yaml} at the repository root is the published contract: this fails when the running service's
 * description differs from it. Regenerate the file with
 * {@code ./mvnw test -Dtest=OpenApiContractTests -Dmetadiv.openapi.update=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

    private static final Path CONTRACT = Path.of("openapi.yaml");

    @LocalServerPort
    int port;

    @Test
    void runningServiceMatchesPublishedContract() throws Exception {
        HttpResponse<String> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        String actual = served.body();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.actual.yaml"), actual);
        if (Boolean.getBoolean("metadiv.openapi.update")) {
            Files.writeString(CONTRACT, actual);
        }
        assertThat(CONTRACT).as("openapi.yaml exists at the repository root").exists();
        Object published = new Yaml().load(Files.readString(CONTRACT));
        Object running = new Yaml().load(actual);
        List<String> differences = new ArrayList<>();
        diff("$", published, running, differences);
        assertThat(differences)
                .as("/v3/api-docs differs from openapi.yaml (published vs running; see target/openapi.actual.yaml). "
                        + "Regenerate with ./mvnw test -Dtest=OpenApiContractTests -Dmetadiv.openapi.update=true")
                .isEmpty();
    }

    /** Collects the paths where two parsed YAML trees differ, so a failure names them instead of dumping both. */
    private static void diff(String path, Object published, Object running, List<String> out) {
        if (published instanceof Map<?, ?> a && running instanceof Map<?, ?> b) {
            Set<Object> keys = new TreeSet<>(Comparator.comparing(String::valueOf));
            keys.addAll(a.keySet());
            keys.addAll(b.keySet());
            for (Object key : keys) {
                diff(path + "." + key, a.get(key), b.get(key), out);
            }
        } else if (published instanceof List<?> a && running instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!Objects.equals(published, running)) {
            out.add(path + ": " + abbreviate(published) + " -> " + abbreviate(running));
        }
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
