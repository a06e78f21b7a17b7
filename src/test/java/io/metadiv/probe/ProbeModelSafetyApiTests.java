package io.metadiv.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.db.Sha256;
import io.metadiv.diversity.api.NoiseDatasets;
import io.metadiv.diversity.api.ProbeApi;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded TorchScript models are code: over real HTTP, the hostile fixtures of
 * {@code tools/make_probe_safety_fixtures.py} are refused with 422 naming the operation and where it is, nothing is
 * stored and nothing runs (the canary fixture's __setstate__ would write its file the moment libtorch loaded it, as
 * {@code TorchScriptProbeTest} shows); an archive past {@code metadiv.probe.max-bytes} is 413; the allowed fixture
 * uploads and scores a dataset. The size limit is lowered here to 50,000 bytes so that a small upload exceeds it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metadiv.probe.max-bytes=50000")
class ProbeModelSafetyApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CANARY = Path.of("/tmp/metadiv-probe-canary");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ProbeApi api;

    @BeforeEach
    void client() {
        api = new ProbeApi(port);
    }

    private long models() {
        return jdbc.queryForObject("SELECT count(*) FROM probe_model", Long.class);
    }

    private List<String> listedIds() throws Exception {
        return JSON.readTree(api.send("GET", "/probes", null).body()).findValuesAsString("id");
    }

    @Test
    void hostileModelsAreRefusedNamingTheOpAndNothingIsStoredOrRun() throws Exception {
        byte[] blank = new byte[8];
        Files.write(CANARY, blank);
        try {
            long before = models();
            List<String> listed = listedIds();
            String[][] cases = {
                {"canary.pt", "torch.from_file", "canary/code/__torch__.py", "__torch__.Canary.__setstate__"},
                {"from_file.pt", "torch.from_file", "from_file/code/__torch__.py", "__torch__.FromFile.forward"},
                {"submodule_from_file.pt", "torch.from_file", "submodule_from_file/code/__torch__.py",
                    "__torch__.ReadsFile.forward"},
                {"helper_as_strided.pt", "torch.as_strided", "helper_as_strided/code/__torch__.py",
                    "__torch__.HelperAsStrided.centre"},
                {"profiler_op.pt", "ops.profiler._record_function_enter", "profiler_op/code/__torch__.py",
                    "custom operator"},
                {"fork.pt", "fork", "fork/code/__torch__.py", "__torch__.Fork.forward"},
                {"quantized.pt", "__torch__.torch.ao.nn.quantized.modules.conv.Conv2d",
                    "quantized/code/__torch__/torch/ao/nn/quantized/modules/conv.py", "quantized modules"},
                {"pickle_global.pt", "GLOBAL posix.system", "safe_cnn/data.pkl", "posix.system"}};
            for (String[] c : cases) {
                byte[] model = ProbeApi.fixture("safety/" + c[0]);
                HttpResponse<String> refused = api.upload(c[0], model);
                assertThat(refused.statusCode()).as(c[0] + ": " + refused.body()).isEqualTo(422);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                JsonNode problem = JSON.readTree(refused.body());
                assertThat(problem.get("title").asString()).isEqualTo("Unsafe probe model");
                assertThat(problem.get("op").asString()).as(c[0]).isEqualTo(c[1]);
                assertThat(problem.get("entry").asString()).as(c[0]).isEqualTo(c[2]);
                assertThat(problem.get("detail").asString()).as(c[0]).contains(c[3]);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM probe_model WHERE sha256 = ?", Long.class,
                        Sha256.hex(model))).as(c[0] + " stored").isZero();
            }
            assertThat(Files.readAllBytes(CANARY)).as("canary.pt never reached libtorch").isEqualTo(blank);
            assertThat(models()).isEqualTo(before);
            assertThat(listedIds()).isEqualTo(listed);
        } finally {
            Files.deleteIfExists(CANARY);
        }
    }

    @Test
    void anArchivePastTheSizeLimitIs413NamingTheLimit() throws Exception {
        long before = models();
        byte[] padded = Arrays.copyOf(ProbeApi.fixture("safety/safe_cnn.pt"), 50_001);
        HttpResponse<String> tooLarge = api.upload("big.pt", padded);
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(tooLarge.body()).get("detail").asString())
                .contains("50001 bytes", "the limit is 50000 bytes", "metadiv.probe.max-bytes");
        assertThat(models()).isEqualTo(before);
    }

    @Test
    void theAllowedFixtureUploadsAndScores() throws Exception {
        HttpResponse<String> created = api.upload("safe_cnn.pt", ProbeApi.fixture("safety/safe_cnn.pt"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode model = JSON.readTree(created.body());
        assertThat(model.get("embeddingDimension").asInt()).isEqualTo(40);
        assertThat(model.get("convWeights").size()).isEqualTo(5);

        String datasetId = NoiseDatasets.upload(api.http, api.base + "/datasets", 41);
        String scores = "/datasets/" + datasetId + "/diversity";
        HttpResponse<String> accepted = api.send("POST", scores, "{\"tasks\": 4, \"ways\": 2, \"shots\": 2, "
                + "\"queries\": 2, \"seed\": 1, \"headSteps\": 10, \"probe\": {\"kind\": \"TORCHSCRIPT\", "
                + "\"modelId\": \"" + model.get("id").asString() + "\"}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String path = scores + "/" + JSON.readTree(accepted.body()).get("id").asString();
        JsonNode score = JSON.readTree(api.send("GET", path, null).body());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!score.get("status").asString().matches("SUCCEEDED|FAILED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            score = JSON.readTree(api.send("GET", path, null).body());
        }
        assertThat(score.get("status").asString()).as(score.toString()).isEqualTo("SUCCEEDED");
        assertThat(score.get("coefficient").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        assertThat(score.get("probe").get("description").asString()).contains("safe_cnn.pt", "40 filters");
    }
}
