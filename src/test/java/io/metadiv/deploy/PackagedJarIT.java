package io.metadiv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.dataset.Multipart;
import io.metadiv.dataset.format.TestArchives;
import io.metadiv.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar runs on its own runtime classpath (the tests run on the test classpath, which hides a library
 * that a test-scoped declaration took off the runtime one): it starts on the embedded PostgreSQL, reports UP,
 * serves its contract and ingests an upload. Run by failsafe after {@code package}.
 */
class PackagedJarIT {

    @TempDir
    Path dir;

    @Test
    void theJarStartsAndServesRequests() throws Exception {
        Path jar = Path.of(System.getProperty("metadiv.jar", "target/metadiv.jar"));
        assertThat(jar).as("run by failsafe after package").exists();
        try (ServiceProcess service = ServiceProcess.startJar("packaged-jar", Path.of("target/process-logs"), jar,
                List.of("--metadiv.embedded-postgres.data-dir=" + dir.resolve("pg"),
                        "--metadiv.embedded-postgres.port=" + ServiceProcess.freePort()))) {
            service.awaitHealthy(Duration.ofMinutes(3));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> docs = http.send(HttpRequest.newBuilder(URI.create(service.url("/v3/api-docs")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(docs.statusCode()).isEqualTo(200);
            assertThat(docs.body()).contains("uploadZipDataset");
            HttpResponse<String> created = http.send(new Multipart().field("name", "jar")
                    .file("file", "x.zip", TestArchives.zip(TestArchives.imageFolder("", 2, 2, 5)))
                    .post(URI.create(service.url("/api/v1/datasets"))), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body() + service.logTail()).isEqualTo(201);
            // The study report page's templates are in the jar: an unknown study is their HTML 404.
            HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(service.url("/studies/"
                    + java.util.UUID.randomUUID()))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(report.statusCode()).as(report.body() + service.logTail()).isEqualTo(404);
            assertThat(report.body()).contains("<title>404 Study not found");
            assertThat(Files.readString(service.log())).doesNotContain("ClassNotFoundException");
        }
    }
}
