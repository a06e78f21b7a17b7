package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probe models over real HTTP: upload checks, and a diversity score computed under an uploaded TorchScript model
 * (the fixture of {@code tools/make_probe_fixtures.py}: two convs of 8 and 6 filters, any image size).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TorchScriptProbeApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ProbeApi api;

    @BeforeEach
    void client() {
        api = new ProbeApi(port);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private static String scoreRequest(String modelId, int tasks) {
        return "{\"tasks\": " + tasks + ", \"ways\": 2, \"shots\": 2, \"queries\": 2, \"seed\": 1, \"headSteps\": 10,"
                + " \"probe\": {\"kind\": \"TORCHSCRIPT\", \"modelId\": \"" + modelId + "\"}}";
    }

    private JsonNode awaitFinished(String scorePath) throws Exception {
        JsonNode score = JSON.readTree(api.send("GET", scorePath, null).body());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!score.get("status").asString().matches("SUCCEEDED|FAILED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            score = JSON.readTree(api.send("GET", scorePath, null).body());
        }
        return score;
    }

    @Test
    void uploadedModelScoresADatasetAndCannotBeDeletedWhileInUse() throws Exception {
        HttpResponse<String> created = api.upload("small_cnn.pt", ProbeApi.fixture("small_cnn.pt"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode model = JSON.readTree(created.body());
        String modelId = model.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith("/probes/" + modelId));
        assertThat(model.get("name").asString()).isEqualTo("small_cnn.pt");
        assertThat(model.get("embeddingDimension").asInt()).isEqualTo(14);
        assertThat(model.get("convWeights").get(1).get("name").asString()).isEqualTo("conv2.weight");
        assertThat(model.get("convWeights").get(1).get("shape").toString()).isEqualTo("[6,8,3,3]");
        HttpResponse<String> again = api.upload("copy.pt", ProbeApi.fixture("small_cnn.pt"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asString()).isEqualTo(modelId);
        assertThat(api.send("GET", "/probes/" + modelId, null).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(api.send("GET", "/probes", null).body()).findValuesAsString("id")).contains(modelId);

        String datasetId = NoiseDatasets.upload(api.http, api.base + "/datasets", 31);
        String scores = "/datasets/" + datasetId + "/diversity";
        HttpResponse<String> accepted = api.send("POST", scores, scoreRequest(modelId, 12));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String firstId = JSON.readTree(accepted.body()).get("id").asString();
        // the executor runs one score at a time, so this one waits behind the first: the model is in use
        String secondId = JSON.readTree(api.send("POST", scores, scoreRequest(modelId, 12)).body()).get("id")
                .asString();
        HttpResponse<String> busy = api.send("DELETE", "/probes/" + modelId, null);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(JSON.readTree(busy.body()).get("references").toString()).contains(secondId);

        JsonNode done = awaitFinished(scores + "/" + firstId);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("coefficient").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        JsonNode probe = done.get("probe");
        assertThat(probe.get("kind").asString()).isEqualTo("TORCHSCRIPT");
        assertThat(probe.get("modelId").asString()).isEqualTo(modelId);
        assertThat(probe.get("seed").isNull()).isTrue();
        assertThat(probe.get("description").asString()).contains("small_cnn.pt", model.get("sha256").asString()
                .substring(0, 12), "14 filters");
        String embeddings = jdbc.queryForObject("SELECT embeddings FROM diversity_score WHERE id = ?::uuid",
                String.class, firstId);
        assertThat(JSON.readTree(embeddings).get(0).size()).isEqualTo(14);
        JsonNode second = awaitFinished(scores + "/" + secondId);
        assertThat(second.get("coefficient").asDouble()).as("same seed, same model").isEqualTo(
                done.get("coefficient").asDouble());

        assertThat(api.send("DELETE", "/probes/" + modelId, null).statusCode()).isEqualTo(204);
        assertThat(api.send("GET", "/probes/" + modelId, null).statusCode()).isEqualTo(404);
        JsonNode kept = JSON.readTree(api.send("GET", scores + "/" + firstId, null).body());
        assertThat(kept.get("coefficient").asDouble()).isEqualTo(done.get("coefficient").asDouble());
        assertThat(kept.get("probe").get("modelId").isNull()).isTrue();
        assertThat(kept.get("probe").get("description").asString()).contains("small_cnn.pt");
    }

    @Test
    void unusableUploadsAndBadProbeRequestsAreRefusedAndStoreNothing() throws Exception {
        long models = count("probe_model");
        HttpResponse<String> text = api.upload("notes.pt", "not a model".getBytes());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> noConv = api.upload("linear_only.pt", ProbeApi.fixture("linear_only.pt"));
        assertThat(noConv.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(noConv.body()).get("detail").asString()).contains("no convolution weight");
        byte[] truncated = Arrays.copyOf(ProbeApi.fixture("small_cnn.pt"), 4000);
        assertThat(api.upload("broken.pt", truncated).statusCode()).isEqualTo(422);
        assertThat(count("probe_model")).isEqualTo(models);
        assertThat(api.send("GET", "/probes/00000000-0000-0000-0000-000000000000", null).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", "/probes/00000000-0000-0000-0000-000000000000", null).statusCode())
                .isEqualTo(404);

        String modelId = JSON.readTree(api.upload("small_cnn.pt", ProbeApi.fixture("small_cnn.pt")).body()).get("id")
                .asString();
        String datasetId = NoiseDatasets.upload(api.http, api.base + "/datasets", 32);
        long scores = count("diversity_score");
        String[] bad = {
            scoreRequest("00000000-0000-0000-0000-000000000000", 3),
            "{\"ways\": 2, \"shots\": 2, \"queries\": 2, \"probe\": {\"kind\": \"RANDOM_CONV4\", \"modelId\": \""
                    + modelId + "\"}}",
            "{\"ways\": 2, \"shots\": 2, \"queries\": 2, \"probe\": {\"kind\": \"TORCHSCRIPT\", \"hidden\": 8, "
                    + "\"modelId\": \"" + modelId + "\"}}",
            "{\"ways\": 2, \"shots\": 2, \"queries\": 2, \"probe\": {\"kind\": \"PT_BACKBONE\"}}"};
        for (String body : bad) {
            HttpResponse<String> answer = api.send("POST", "/datasets/" + datasetId + "/diversity", body);
            assertThat(answer.statusCode()).as(body + " -> " + answer.body()).isEqualTo(400);
        }
        assertThat(count("diversity_score")).isEqualTo(scores);
        assertThat(api.send("DELETE", "/probes/" + modelId, null).statusCode()).as("unused").isEqualTo(204);
    }
}
