package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Diversity scores over real HTTP, with a dataset uploaded into the embedded PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiversityApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TINY = NoiseDatasets.TINY_REQUEST;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private String datasets;

    @BeforeEach
    void base() {
        datasets = "http://localhost:" + port + "/api/v1/datasets";
    }

    private String upload(long seed) throws Exception {
        return NoiseDatasets.upload(http, datasets, seed);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(datasets + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(datasets + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long scores() {
        return jdbc.queryForObject("SELECT count(*) FROM diversity_score", Long.class);
    }

    @Test
    void requestedScoreRunsToSucceededWithCoefficientMatrixAndHeatmap() throws Exception {
        String id = upload(21);
        HttpResponse<String> accepted = post("/" + id + "/diversity", TINY);
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode queued = JSON.readTree(accepted.body());
        String scoreId = queued.get("id").asString();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + id + "/diversity/"
                + scoreId);
        assertThat(queued.get("settings").get("tasks").asInt()).isEqualTo(3);
        assertThat(queued.get("probe").get("kind").asString()).isEqualTo("RANDOM_CONV4");

        JsonNode done = queued;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!done.get("status").asString().matches("SUCCEEDED|FAILED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            done = JSON.readTree(get("/" + id + "/diversity/" + scoreId).body());
        }
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        double coefficient = done.get("coefficient").asDouble();
        assertThat(coefficient).isBetween(0.0, 1.0).isGreaterThan(0.0);
        assertThat(done.get("distances").size()).isEqualTo(3);
        assertThat(done.get("distances").get(0).get(0).asDouble()).isEqualTo(0.0);
        assertThat(done.get("pairs").asInt()).isEqualTo(3);
        assertThat(done.get("probe").get("description").asString()).contains("hidden=8", "seed=3");
        assertThat(done.get("timings").get("embedMsMedian").asDouble()).isPositive();
        String embeddings = jdbc.queryForObject("SELECT embeddings FROM diversity_score WHERE id = ?::uuid",
                String.class, scoreId);
        assertThat(JSON.readTree(embeddings).get(0).size()).isEqualTo(4 * 8);

        JsonNode list = JSON.readTree(get("/" + id + "/diversity").body());
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).get("id").asString()).isEqualTo(scoreId);

        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(datasets + "/" + id + "/diversity/"
                + scoreId + "/heatmap.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getWidth()).isEqualTo(3 * 16);

        HttpResponse<String> again = post("/" + id + "/diversity", TINY);
        String againId = JSON.readTree(again.body()).get("id").asString();
        JsonNode second = JSON.readTree(again.body());
        deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!second.get("status").asString().matches("SUCCEEDED|FAILED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            second = JSON.readTree(get("/" + id + "/diversity/" + againId).body());
        }
        assertThat(second.get("coefficient").asDouble()).as("same seed, same coefficient").isEqualTo(coefficient);
    }

    @Test
    void badSettingsAnswer400AndStoreNothing() throws Exception {
        String id = upload(22);
        long before = scores();
        String[] bad = {
            "{\"ways\": 5}",                                  // 6 classes, split 0.6/0.2/0.2 -> 4 meta-train classes
            "{\"ways\": 2, \"shots\": 3, \"queries\": 3}",    // 5 images per class
            "{\"tasks\": 1}",
            "{\"fisherSamples\": -1}",
            "{\"ways\": 2, \"shots\": 2, \"queries\": 2, \"probe\": {\"kind\": \"CRYSTAL_BALL\"}}",
            "{\"ways\": 2, \"shots\": 2, \"queries\": 2, \"probe\": {\"kind\": \"TORCHSCRIPT\"}}"};
        for (String body : bad) {
            HttpResponse<String> answer = post("/" + id + "/diversity", body);
            assertThat(answer.statusCode()).as(body + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(scores()).isEqualTo(before);
        assertThat(post("/00000000-0000-0000-0000-000000000000/diversity", "{}").statusCode()).isEqualTo(404);
        assertThat(get("/" + id + "/diversity/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
    }
}
