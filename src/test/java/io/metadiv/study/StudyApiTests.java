package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.diversity.api.NoiseDatasets;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A study over real HTTP on the embedded PostgreSQL, its scores and runs computed by this process's worker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StudyApiTests {

    private static final JsonMapper JSON = StudyRequests.JSON;
    private static final String SETTINGS = StudyRequests.settings(8);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private StudyClient api;
    private HttpClient http;

    @BeforeEach
    void client() {
        api = new StudyClient(port);
        http = api.http;
    }

    private String url(String path) {
        return api.url(path);
    }

    private HttpResponse<String> post(String json) throws Exception {
        return api.post(json);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return api.send(method, path);
    }

    private JsonNode awaitEnded(String id) throws Exception {
        return api.awaitEnded(id);
    }

    @Test
    void aStudyScoresAndTrainsEveryDatasetAnalysesThemAndReusesFinishedWork() throws Exception {
        List<String> ids = api.noiseDatasets(71, 72, 73);
        String body = "{\"name\": \"three noise sets\", \"datasetIds\": " + JSON.writeValueAsString(ids) + ", "
                + SETTINGS + ", \"robustnessProbe\": {\"kind\": \"RANDOM_CONV4\", \"seed\": 9, \"hidden\": 8}}";

        HttpResponse<String> accepted = post(body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode submitted = JSON.readTree(accepted.body());
        String id = submitted.get("id").asString();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/studies/" + id);
        assertThat(submitted.get("progress").get("jobs").asInt()).as("3 scores, 3 under the second probe, 6 runs")
                .isEqualTo(3 + 3 + 3 * 2);

        assertThat(submitted.get("links").get("report").asString()).isEqualTo("/studies/" + id);
        JsonNode study = awaitEnded(id);
        assertThat(study.get("status").asString()).as("%s", study).isEqualTo("SUCCEEDED");
        JsonNode analysis = study.get("analysis");
        assertThat(analysis.get("runs").asInt()).isEqualTo(6);
        assertThat(analysis.get("datasets").asInt()).isEqualTo(3);
        assertThat(analysis.get("trends")).hasSize(2);
        for (JsonNode trend : analysis.get("trends")) {
            assertThat(trend.get("accuracy").get("n").asInt()).isEqualTo(3);
            assertThat(trend.get("accuracy").has("slope")).isTrue();
        }
        assertThat(analysis.get("gaps")).hasSize(3);
        assertThat(analysis.get("costs")).hasSize(2);
        assertThat(analysis.get("verdict").get("sentences").size()).isPositive();
        assertThat(analysis.get("verdict").get("met").isBoolean()).isTrue();
        // The same runs under the second probe: other coefficients, the same accuracies, and whether the verdict holds.
        JsonNode robustness = study.get("robustness");
        assertThat(robustness.get("datasets")).hasSize(3);
        assertThat(robustness.get("datasets").get(0).get("coefficient").asDouble())
                .isNotEqualTo(study.get("datasets").get(0).get("coefficient").asDouble());
        for (int i = 0; i < 3; i++) {
            assertThat(robustness.get("analysis").get("gaps").get(i).get("gapPoints"))
                    .isEqualTo(analysis.get("gaps").get(i).get("gapPoints"));
        }
        assertThat(robustness.get("agreement").get("verdictHolds").isBoolean()).isTrue();
        assertThat(robustness.get("agreement").get("sentences").get(0).asString()).contains("verdict");
        for (JsonNode run : study.get("runs")) {
            assertThat(run.get("reused").asBoolean()).isFalse();
            assertThat(run.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        }

        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(url("/studies/" + id
                + "/plot.png?width=800&height=500"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getWidth()).isEqualTo(800);
        java.nio.file.Files.write(java.nio.file.Path.of("target/study-plot.png"), png.body());
        HttpResponse<byte[]> svg = http.send(HttpRequest.newBuilder(URI.create(url("/studies/" + id + "/plot.svg")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertThat(xml.newDocumentBuilder().parse(new ByteArrayInputStream(svg.body())).getDocumentElement()
                .getTagName()).isEqualTo("svg");

        // The same study again: every score and run is reused, nothing is queued, the analysis is the same.
        long jobs = jdbc.queryForObject("SELECT count(*) FROM job", Long.class);
        JsonNode again = JSON.readTree(post(body).body());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Long.class)).isEqualTo(jobs);
        assertThat(again.get("progress").get("reused").asInt()).isEqualTo(12);
        assertThat(again.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(again.get("analysis").get("verdict")).isEqualTo(analysis.get("verdict"));

        // A dataset or run a study points at cannot be deleted; the study can.
        HttpResponse<String> used = send("DELETE", "/datasets/" + ids.get(0));
        assertThat(used.statusCode()).isEqualTo(409);
        assertThat(used.body()).contains("study " + id);
        HttpResponse<String> usedRun = send("DELETE", "/experiments/" + jdbc.queryForObject(
                "SELECT r.experiment_id FROM training_run r JOIN study_run s ON s.run_id = r.id WHERE s.study_id = ? "
                        + "LIMIT 1", java.util.UUID.class, java.util.UUID.fromString(id)));
        assertThat(usedRun.statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/studies/" + id).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/studies/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void onDatasetsOfDifferentDiversityTheRegressionEqualsOneComputedFromTheStoredRows() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int families : new int[] {1, 3, 6}) {
            HttpResponse<String> created = http.send(new io.metadiv.dataset.Multipart().field("name", families
                    + " families").field("imageSize", "16").file("file", "f.zip", FamilyDatasets.zip(families, 6, 6,
                    families)).post(URI.create(url("/datasets"))), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ids.add(JSON.readTree(created.body()).get("id").asString());
        }
        String body = "{\"name\": \"families\", \"datasetIds\": " + JSON.writeValueAsString(ids) + ", " + SETTINGS
                .replace("\"tasks\": 3", "\"tasks\": 6") + "}";
        JsonNode study = awaitEnded(JSON.readTree(post(body).body()).get("id").asString());
        assertThat(study.get("status").asString()).as("%s", study).isEqualTo("SUCCEEDED");
        java.util.UUID id = java.util.UUID.fromString(study.get("id").asString());

        // Independently, from the rows: per method, least squares of accuracy (points) on the coefficient.
        Map<String, Double> diversity = new java.util.HashMap<>();
        jdbc.query("SELECT s.dataset_id, d.coefficient FROM study_score s JOIN diversity_score d ON d.id = s.score_id "
                + "WHERE s.study_id = ? AND s.probe = 0", rs -> {
                    diversity.put(rs.getString(1), rs.getDouble(2));
                }, id);
        System.out.println("StudyApiTests: diversity by families 1, 3, 6: " + ids.stream().map(diversity::get).toList());
        for (JsonNode trend : study.get("analysis").get("trends")) {
            List<double[]> xy = jdbc.query("SELECT r.dataset_id, t.accuracy FROM study_run r JOIN training_run t "
                    + "ON t.id = r.run_id WHERE r.study_id = ? AND r.method = ?", (rs, n) -> new double[] {
                            diversity.get(rs.getString(1)), 100 * rs.getDouble(2)}, id,
                    trend.get("method").asString());
            double mx = xy.stream().mapToDouble(p -> p[0]).average().orElseThrow();
            double my = xy.stream().mapToDouble(p -> p[1]).average().orElseThrow();
            double sxy = xy.stream().mapToDouble(p -> (p[0] - mx) * (p[1] - my)).sum();
            double sxx = xy.stream().mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
            double syy = xy.stream().mapToDouble(p -> (p[1] - my) * (p[1] - my)).sum();
            JsonNode accuracy = trend.get("accuracy");
            assertThat(accuracy.get("n").asInt()).isEqualTo(3);
            assertThat(accuracy.get("slope").asDouble()).isCloseTo(sxy / sxx, org.assertj.core.api.Assertions
                    .within(1e-6));
            assertThat(accuracy.get("intercept").asDouble()).isCloseTo(my - sxy / sxx * mx,
                    org.assertj.core.api.Assertions.within(1e-6));
            if (syy > 0) {
                assertThat(accuracy.get("r2").asDouble()).isCloseTo(sxy * sxy / (sxx * syy),
                        org.assertj.core.api.Assertions.within(1e-9));
                assertThat(accuracy.get("pearsonR").asDouble()).isCloseTo(sxy / Math.sqrt(sxx * syy),
                        org.assertj.core.api.Assertions.within(1e-9));
            }
        }
        // Few datasets and wide CIs: the verdict says what is not shown, with numbers, never a bare R².
        assertThat(study.get("analysis").get("verdict").get("sentences").toString()).contains("p = ");
    }

    @Test
    void anEqualizedStudyTrainsAndScoresEveryDatasetOnTheSameNumberOfClassesAndImages() throws Exception {
        String small = NoiseDatasets.upload(http, url("/datasets"), 76); // 6 classes of 5
        HttpResponse<String> big = http.send(new io.metadiv.dataset.Multipart().field("name", "big").file("file",
                "big.zip", io.metadiv.dataset.format.TestArchives.zip(io.metadiv.dataset.format.TestArchives
                        .imageFolder("big/", 9, 8, 77))).post(URI.create(url("/datasets"))),
                HttpResponse.BodyHandlers.ofString());
        String large = JSON.readTree(big.body()).get("id").asString();
        String body = "{\"datasetIds\": [\"" + small + "\", \"" + large + "\"], " + SETTINGS.replace(
                "[\"FO_MAML\", \"PT\"]", "[\"PT\"]") + ", \"equalize\": true, \"equalizeSeed\": 5}";

        JsonNode study = awaitEnded(JSON.readTree(post(body).body()).get("id").asString());

        assertThat(study.get("status").asString()).as("%s", study).isEqualTo("SUCCEEDED");
        assertThat(study.get("request").get("equalize").asBoolean()).isTrue();
        for (JsonNode entry : study.get("datasets")) {
            JsonNode dataset = JSON.readTree(send("GET", "/datasets/" + entry.get("datasetId").asString()).body());
            assertThat(dataset.get("classes").asInt()).as("the smaller dataset's classes").isEqualTo(6);
            assertThat(dataset.get("imagesPerClass").get("max").asInt()).as("the smallest class").isEqualTo(5);
            assertThat(dataset.get("imagesPerClass").get("min").asInt()).isEqualTo(5);
        }
        // The smaller dataset's subset is all of it: identical content, so the dataset itself.
        assertThat(study.get("datasets").get(0).get("datasetId").asString()).isEqualTo(small);
        JsonNode cut = JSON.readTree(send("GET", "/datasets/" + study.get("datasets").get(1).get("datasetId")
                .asString()).body());
        assertThat(cut.get("format").asString()).isEqualTo("SUBSET");
        assertThat(cut.get("parentId").asString()).isEqualTo(large);
        assertThat(cut.get("selection").get("randomClasses").asInt()).isEqualTo(6);
        assertThat(cut.get("selection").get("seed").asLong()).isEqualTo(5);
        assertThat(study.get("analysis").get("runs").asInt()).isEqualTo(2);
    }

    @Test
    void everyInvalidStudyIsA400NamingTheFieldAndNothingIsQueued() throws Exception {
        String a = NoiseDatasets.upload(http, url("/datasets"), 74);
        String b = NoiseDatasets.upload(http, url("/datasets"), 75);
        long studies = jdbc.queryForObject("SELECT count(*) FROM study", Long.class);
        long jobs = jdbc.queryForObject("SELECT count(*) FROM job", Long.class);
        StudyRequests.assertEachRefused(http, url("/studies"), a, b);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM study", Long.class)).isEqualTo(studies);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Long.class)).isEqualTo(jobs);
        assertThat(send("GET", "/studies/" + java.util.UUID.randomUUID()).statusCode()).isEqualTo(404);
    }
}
