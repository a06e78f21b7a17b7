package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.MetadivApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A score whose process stopped mid-computation is computed again when the service restarts, to the same value. */
class DiversityRestartTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext start() {
        // Command-line arguments outrank the per-test random data directory in config/application.properties.
        return new SpringApplicationBuilder(MetadivApplication.class)
                .run("--metadiv.embedded-postgres.data-dir=" + dataDir, "--server.port=0");
    }

    private static String base(ConfigurableApplicationContext app) {
        return "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/api/v1/datasets";
    }

    private JsonNode awaitFinished(String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode score;
        do {
            Thread.sleep(200);
            score = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } while (!score.get("status").asString().matches("SUCCEEDED|FAILED") && Instant.now().isBefore(deadline));
        return score;
    }

    @Test
    void scoreLeftRunningByAStoppedProcessIsRecomputedAfterARestart() throws Exception {
        String scoreUrl;
        double coefficient;
        try (ConfigurableApplicationContext app = start()) {
            String datasets = base(app);
            String datasetId = NoiseDatasets.upload(http, datasets, 33);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(
                    datasets + "/" + datasetId + "/diversity")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(NoiseDatasets.TINY_REQUEST)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            String scoreId = JSON.readTree(accepted.body()).get("id").asString();
            scoreUrl = "/" + datasetId + "/diversity/" + scoreId;
            JsonNode done = awaitFinished(datasets + scoreUrl);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            coefficient = done.get("coefficient").asDouble();
            // What the row looks like when the process dies mid-computation.
            int rows = app.getBean(JdbcTemplate.class).update("UPDATE diversity_score SET status = 'RUNNING', "
                    + "coefficient = NULL, ci95 = NULL, finished_at = NULL WHERE id = ?::uuid", scoreId);
            assertThat(rows).isEqualTo(1);
        }
        try (ConfigurableApplicationContext app = start()) {
            JsonNode resumed = awaitFinished(base(app) + scoreUrl);
            assertThat(resumed.get("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
            assertThat(resumed.get("coefficient").asDouble()).isEqualTo(coefficient);
        }
    }
}
