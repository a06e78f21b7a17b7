package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded models run on workers only, over real HTTP: the submission does not load the model (a model that does not
 * fit the dataset is accepted with 202, and its job fails naming why, without retries), and a score under one is
 * limited to {@code metadiv.probe.max-seconds} of wall time, here 1 s: under the fixture slow_cnn.pt (some 5 s a
 * forward pass on 28x28 images) the score fails from the watchdog while that pass still runs, naming the limit, and
 * the same worker computes another score once the pass is over. (The probe's own refusal of passes past the limit
 * is {@code TorchScriptProbeTest}'s.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metadiv.probe.max-seconds=1")
class ProbeScoreLimitsApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private ProbeApi api;

    @BeforeEach
    void client() {
        api = new ProbeApi(port);
    }

    private String uploadModel(String name, byte[] content) throws Exception {
        HttpResponse<String> created = api.upload(name, content);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    /** Submits (202 expected) and waits for the score to end. */
    private JsonNode score(String datasetId, String request) throws Exception {
        String scores = "/datasets/" + datasetId + "/diversity";
        HttpResponse<String> accepted = api.send("POST", scores, request);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String path = scores + "/" + JSON.readTree(accepted.body()).get("id").asString();
        JsonNode score = JSON.readTree(api.send("GET", path, null).body());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!score.get("status").asString().matches("SUCCEEDED|FAILED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            score = JSON.readTree(api.send("GET", path, null).body());
        }
        return score;
    }

    private static String torchScript(String modelId) {
        return "{\"tasks\": 6, \"ways\": 2, \"shots\": 2, \"queries\": 2, \"seed\": 1, \"headSteps\": 10,"
                + " \"probe\": {\"kind\": \"TORCHSCRIPT\", \"modelId\": \"" + modelId + "\"}}";
    }

    private JsonNode jobOf(JsonNode score) throws Exception {
        return JSON.readTree(api.send("GET", "/jobs/" + score.get("jobId").asString(), null).body());
    }

    @Test
    void aModelThatDoesNotFitIsAcceptedAndItsJobFailsOnTheWorkerNamingWhy() throws Exception {
        String modelId = uploadModel("unused_conv.pt", ProbeApi.fixture("unused_conv.pt"));
        String datasetId = NoiseDatasets.upload(api.http, api.base + "/datasets", 51);
        JsonNode failed = score(datasetId, torchScript(modelId));
        assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).startsWith("ProbeMismatch: ")
                .contains("unused.weight does not influence");
        assertThat(jobOf(failed).get("attempts").asInt()).as("not retried").isEqualTo(1);
    }

    @Test
    void aScorePastTheTimeLimitFailsNamingItAndTheWorkerGoesOn() throws Exception {
        String modelId = uploadModel("slow_cnn.pt", ProbeApi.fixture("safety/slow_cnn.pt"));
        String datasetId = NoiseDatasets.upload(api.http, api.base + "/datasets", 52);
        Instant start = Instant.now();
        JsonNode failed = score(datasetId, torchScript(modelId));
        assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).startsWith("TimeLimit: ")
                .contains("metadiv.probe.max-seconds (1 s)", "after 0 of 6 tasks", "inside one forward pass");
        assertThat(Duration.between(start, Instant.now())).as("failed near the limit, not after 6 tasks")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(jobOf(failed).get("attempts").asInt()).as("not retried").isEqualTo(1);

        JsonNode next = score(datasetId, NoiseDatasets.TINY_REQUEST);
        assertThat(next.get("status").asString()).as(next.toString()).isEqualTo("SUCCEEDED");
    }
}
