package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.episode.ClassSplit;
import io.metadiv.episode.Episode;
import io.metadiv.episode.EpisodeSampler;
import io.metadiv.episode.ImageSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    @Autowired
    TaskLabels taskLabels;

    @Autowired
    DiversityScores scoreReader;

    @Autowired
    DatasetTensors tensors;

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

        String heatmap = "/" + id + "/diversity/" + scoreId + "/heatmap.png";
        assertThat(done.get("heatmap").asString()).isEqualTo("/api/v1/datasets" + heatmap);
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(datasets + heatmap + "?size=500"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).as("the requested size, not the old 3×16 px matrix").isEqualTo(500);
        assertThat(image.getHeight()).isEqualTo(500);
        Path sample = Path.of("target", "diversity-heatmap-sample.png");
        Files.createDirectories(sample.getParent());
        Files.write(sample, png.body()); // to look at
        HttpResponse<byte[]> standard = http.send(HttpRequest.newBuilder(URI.create(datasets + heatmap)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ImageIO.read(new ByteArrayInputStream(standard.body())).getWidth()).isEqualTo(800);
        for (String size : new String[] {"299", "2001", "big"}) {
            HttpResponse<String> bad = get(heatmap + "?size=" + size);
            assertThat(bad.statusCode()).as(size + " -> " + bad.body()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("size");
        }
        assertThat(get(heatmap + "?size=2001").body()).contains("[300, 2000]");
        assertThat(taskLabels.of(scoreReader.get(UUID.fromString(id), UUID.fromString(scoreId))))
                .as("labels from the class metadata name the classes the job's sampler drew")
                .isEqualTo(labelsDrawnFromTheImages(id));

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

    /** The TINY request's tasks as its job draws them, from the dataset's images. */
    private List<String> labelsDrawnFromTheImages(String datasetId) {
        ImageSet images = tensors.load(UUID.fromString(datasetId));
        List<Integer> train = ClassSplit.of(images.numClasses(), new double[] {0.6, 0.2, 0.2}, 0).train();
        EpisodeSampler sampler = EpisodeSampler.builder().setImages(images).setClasses(train).setShape(2, 2, 2)
                .optSeed(1).build();
        List<String> labels = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int t = 1; t <= 3; t++) {
                try (Episode episode = sampler.sample(manager)) {
                    labels.add(TaskLabels.label(t, episode.classes(), images.classNames()));
                }
            }
        }
        return labels;
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
