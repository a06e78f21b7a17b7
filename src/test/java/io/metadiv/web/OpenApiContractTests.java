package io.metadiv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(running)
                .as("/v3/api-docs differs from openapi.yaml: compare with target/openapi.actual.yaml, and regenerate "
                        + "with ./mvnw test -Dtest=OpenApiContractTests -Dmetadiv.openapi.update=true")
                .isEqualTo(published);
    }
}
