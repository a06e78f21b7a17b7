package io.metadiv.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadiv.MetadivApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Without keys, a process that serves the API starts only on the embedded database bound to loopback: elsewhere
 * it refuses, before any bean (no database is started or contacted), and says what to set.
 */
class ExposureCheckTests {

    private static Throwable start(String... args) {
        return org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (ConfigurableApplicationContext unexpected = new SpringApplicationBuilder(MetadivApplication.class)
                    .run(args)) {
                throw new AssertionError("started");
            }
        });
    }

    @Test
    void apiWithoutKeysOnEveryInterfaceRefusesToStart() {
        Throwable refusal = start("--server.port=0", "--server.address=0.0.0.0");
        assertThat(refusal).isInstanceOf(IllegalStateException.class).hasMessageContainingAll("Refusing to start",
                "metadiv.security.keys-enabled=false", "server.address=0.0.0.0, not a loopback address",
                "METADIV_KEYS_ENABLED=true", "METADIV_BOOTSTRAP_ADMIN_KEY");
        assertThat(start("--server.port=0", "--server.address=", "--metadiv.roles=api"))
                .hasMessageContaining("every network interface (server.address is not set)");
    }

    @Test
    void apiWithoutKeysOnAnExternalDatabaseRefusesToStartWithoutRepeatingItsUrl() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MetadivApplication.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://db.example:5432/metadiv?password=hunter2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an external database (spring.datasource.url is set)")
                .message().doesNotContain("hunter2");
    }

    @Test
    void workerOnlyProcessRunsWithoutKeysOnEveryInterface() throws Exception {
        try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(MetadivApplication.class)
                .run("--metadiv.roles=worker", "--server.port=0", "--server.address=0.0.0.0")) {
            String port = worker.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        }
    }
}
