package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.diversity.api.NoiseDatasets;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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

    private static final JsonMapper JSON = StudyClient.JSON;

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

    @Test
    void aStudyScoresAndTrainsEveryDatasetAnalysesThemAndReusesFinishedWork() throws Exception {
        List<String> ids = api.noiseDatasets(71, 72, 73);
        String body = StudyClient.request("three noise sets", ids);

        HttpResponse<String> accepted = post(body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode submitted = JSON.readTree(accepted.body());
        String id = submitted.get("id").asString();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/studies/" + id);
        assertThat(submitted.get("progress").get("jobs").asInt()).isEqualTo(3 + 3 * 2);

        assertThat(submitted.get("links").get("report").asString()).isEqualTo("/studies/" + id);
        JsonNode study = api.awaitEnded(id);
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
        assertThat(again.get("progress").get("reused").asInt()).isEqualTo(9);
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
    void everyInvalidStudyIsA400NamingTheFieldAndNothingIsQueued() throws Exception {
        String a = NoiseDatasets.upload(http, url("/datasets"), 74);
        String b = NoiseDatasets.upload(http, url("/datasets"), 75);
        long studies = jdbc.queryForObject("SELECT count(*) FROM study", Long.class);
        long jobs = jdbc.queryForObject("SELECT count(*) FROM job", Long.class);
        String two = "\"datasetIds\": [\"" + a + "\", \"" + b + "\"]";
        String[][] cases = {
            {"{\"datasetIds\": [\"" + a + "\"]}", "datasetIds"},
            {"{" + two + ", \"seeds\": [1, 1]}", "seeds"},
            {"{" + two + ", \"training\": {\"ways\": 50}}", "training.ways"},
            {"{" + two + ", \"training\": {\"method\": \"PT\"}}", "training"},
            {"{" + two + ", \"criteria\": {\"minGapPoints\": -1}}", "criteria.minGapPoints"},
            {"{\"datasetIds\": [\"" + a + "\", \"" + java.util.UUID.randomUUID() + "\"]}", "datasetIds[1]"},
            {"{" + two + ", \"methods\": [\"SGD\"]}", "methods"},
        };
        for (String[] c : cases) {
            HttpResponse<String> refused = post(c[0]);
            assertThat(refused.statusCode()).as(c[0] + " -> " + refused.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(refused.body());
            List<String> fields = new java.util.ArrayList<>(List.of(problem.get("field").asString()));
            if (problem.has("errors")) {
                problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            }
            assertThat(fields).as(refused.body()).anySatisfy(f -> assertThat(f).startsWith(c[1]));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM study", Long.class)).isEqualTo(studies);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Long.class)).isEqualTo(jobs);
        assertThat(send("GET", "/studies/" + java.util.UUID.randomUUID()).statusCode()).isEqualTo(404);
    }
}
