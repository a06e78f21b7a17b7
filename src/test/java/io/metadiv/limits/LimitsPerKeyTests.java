package io.metadiv.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.metadiv.dataset.Multipart;
import io.metadiv.diversity.api.NoiseDatasets;
import io.metadiv.security.KeyedHttpClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits per key over real HTTP with keys enabled: the upload rate (with a clock the test advances instead of
 * waiting a window out), the concurrent jobs (api role only, so jobs stay QUEUED until cancelled) and the JSON body
 * limit; each test uses its own keys, and one key's limits never touch another's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "metadiv.security.keys-enabled=true",
        "metadiv.security.bootstrap-admin-key=" + LimitsPerKeyTests.BOOTSTRAP,
        "metadiv.roles=api",
        "metadiv.limits.uploads-per-window=2",
        "metadiv.limits.upload-window=1m",
        "metadiv.limits.concurrent-jobs-per-key=3",
        "metadiv.limits.json-body-max=16KB"})
@Import(LimitsPerKeyTests.Clock.class)
class LimitsPerKeyTests {

    static final String BOOTSTRAP = "test-bootstrap-admin-key-limits-7c1e9a4b2d8f6e3a";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Two FO-MAML runs (seeds 1 and 2) on a noise dataset: two TRAINING jobs. */
    private static final String TWO_RUNS = """
            {"datasetId": "%s", "method": "FO_MAML", "arch": "CONV4", "hidden": 8, "ways": 2, "shots": 1,
             "queries": 3, "iterations": 60, "metaBatch": 2, "evalEpisodes": 8, "split": [0.5, 0, 0.5],
             "seeds": [1, 2]}""";

    /** Bucket4j's clock, ahead of the system's by what the test advanced it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Clock {
        @Bean
        AdvancingClock advancingClock() {
            return new AdvancingClock();
        }
    }

    static final class AdvancingClock implements TimeMeter {
        private volatile long aheadNanos;

        void advance(Duration by) {
            aheadNanos += by.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return System.currentTimeMillis() * 1_000_000L + aheadNanos;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AdvancingClock clock;

    private final HttpClient plain = HttpClient.newHttpClient();

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    /** A new OPERATOR key: its id and secret. */
    private Map.Entry<UUID, String> key() throws Exception {
        HttpResponse<String> created = plain.send(HttpRequest.newBuilder(URI.create(url("/api/v1/keys")))
                .header("Authorization", "Bearer " + BOOTSTRAP).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"limits-" + UUID.randomUUID()
                        + "\", \"role\": \"OPERATOR\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        return Map.entry(UUID.fromString(key.get("id").asString()), key.get("key").asString());
    }

    private HttpResponse<String> upload(HttpClient http, long seed) throws Exception {
        byte[] zip = io.metadiv.dataset.format.TestArchives.zip(
                io.metadiv.dataset.format.TestArchives.imageFolder("noise/", 6, 5, seed));
        return http.send(new Multipart().field("name", "limits-" + seed).file("file", "noise.zip", zip)
                .post(URI.create(url("/api/v1/datasets"))), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(HttpClient http, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("instance").asString()).isEqualTo(answer.uri().getRawPath());
        assertThat(problem.get("timestamp").asString()).isNotBlank();
        return problem;
    }

    private static long retryAfter(HttpResponse<String> answer) {
        String value = answer.headers().firstValue("Retry-After").orElseThrow();
        assertThat(value).matches("[0-9]+");
        return Long.parseLong(value);
    }

    /** The upload operations the service describes: POSTs under /api/ whose body is a file. */
    private List<String> uploadPaths() throws Exception {
        JsonNode paths = JSON.readTree(plain.send(HttpRequest.newBuilder(URI.create(url("/v3/api-docs"))).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("paths");
        List<String> uploads = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            JsonNode post = path.getValue().get("post");
            if (post != null && post.has("requestBody") && post.get("requestBody").get("content").propertyNames()
                    .stream().anyMatch(type -> Uploads.isUpload("POST", path.getKey(), type))) {
                assertThat(post.get("responses").has("429")).as(path.getKey() + " declares its 429").isTrue();
                uploads.add(path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString()));
            }
        }
        return uploads;
    }

    @Test
    void uploadsOverTheRateAre429WithAComputedRetryAfterBeforeTheBodyIsReadAndAllowedAgainAfterTheWindow()
            throws Exception {
        HttpClient a = KeyedHttpClient.with(plain, key().getValue());
        HttpClient b = KeyedHttpClient.with(plain, key().getValue());
        assertThat(upload(a, 1).statusCode()).isEqualTo(201);
        assertThat(upload(a, 2).statusCode()).isEqualTo(201);
        long datasets = count("dataset");

        HttpResponse<String> refused = upload(a, 3);
        JsonNode problem = problem(refused, 429);
        assertThat(problem.get("limit").asString()).isEqualTo("metadiv.limits.uploads-per-window");
        assertThat(problem.get("value").asInt()).isEqualTo(2);
        assertThat(problem.get("windowSeconds").asInt()).isEqualTo(60);
        long wait = retryAfter(refused);
        assertThat(wait).isBetween(1L, 60L);
        assertThat(problem.get("detail").asString()).contains("2 uploads per 60 s", "try again in " + wait + " s");
        assertThat(count("dataset")).as("nothing stored").isEqualTo(datasets);

        // Every upload endpoint counts, and refuses before it reads the body: garbage that would be a 400 or 404.
        List<String> uploads = uploadPaths();
        assertThat(uploads).contains("/api/v1/datasets", "/api/v1/datasets/idx", "/api/v1/probes")
                .anyMatch(p -> p.matches("/api/v1/datasets/[0-9a-f-]+/versions"));
        for (String path : uploads) {
            HttpResponse<String> garbage = a.send(new Multipart().field("name", "x").file("file", "x.zip",
                    "not a zip".getBytes(StandardCharsets.UTF_8)).post(URI.create(url(path))),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(problem(garbage, 429).get("limit").asString()).as(path).contains("uploads-per-window");
        }
        assertThat(count("dataset")).isEqualTo(datasets);
        assertThat(count("probe_model")).isZero();

        assertThat(upload(b, 4).statusCode()).as("another key's allowance is its own").isEqualTo(201);

        clock.advance(Duration.ofSeconds(10));
        long later = retryAfter(upload(a, 5));
        assertThat(later).as("the wait counts down by the 10 s advanced, and the seconds that passed")
                .isBetween(1L, wait - 10);
        clock.advance(Duration.ofSeconds(later));
        assertThat(upload(a, 6).statusCode()).as("allowed again after the window").isEqualTo(201);
    }

    @Test
    void submissionsOverTheKeysConcurrentJobsAre429UntilJobsAreCancelled() throws Exception {
        Map.Entry<UUID, String> keyA = key();
        HttpClient a = KeyedHttpClient.with(plain, keyA.getValue());
        HttpClient b = KeyedHttpClient.with(plain, key().getValue());
        String dataset = NoiseDatasets.upload(a, url("/api/v1/datasets"), 11);
        String scores = "/api/v1/datasets/" + dataset + "/diversity";
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> accepted = postJson(a, scores, NoiseDatasets.TINY_REQUEST);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            jobs.add(JSON.readTree(accepted.body()).get("jobId").asString());
        }
        assertThat(jdbc.queryForList("SELECT submitted_by_key FROM job WHERE id = ?::uuid", UUID.class,
                jobs.get(0))).as("the job records its key's id").containsExactly(keyA.getKey());
        long jobRows = count("job");
        long scoreRows = count("diversity_score");

        HttpResponse<String> refused = postJson(a, scores, NoiseDatasets.TINY_REQUEST);
        JsonNode problem = problem(refused, 429);
        assertThat(problem.get("limit").asString()).isEqualTo("metadiv.limits.concurrent-jobs-per-key");
        assertThat(problem.get("value").asInt()).isEqualTo(3);
        assertThat(problem.get("active").asInt()).isEqualTo(3);
        assertThat(problem.get("requested").asInt()).isEqualTo(1);
        assertThat(retryAfter(refused)).isPositive();
        assertThat(count("job")).as("nothing stored").isEqualTo(jobRows);
        assertThat(count("diversity_score")).isEqualTo(scoreRows);

        assertThat(postJson(b, scores, NoiseDatasets.TINY_REQUEST).statusCode()).as("another key's jobs are its own")
                .isEqualTo(202);

        assertThat(postJson(a, "/api/v1/jobs/" + jobs.get(0) + "/cancel", "").statusCode()).isEqualTo(202);
        HttpResponse<String> twoRuns = postJson(a, "/api/v1/experiments", TWO_RUNS.formatted(dataset));
        JsonNode needsTwo = problem(twoRuns, 429);
        assertThat(needsTwo.get("active").asInt()).isEqualTo(2);
        assertThat(needsTwo.get("requested").asInt()).as("a request counts all its jobs").isEqualTo(2);
        assertThat(count("experiment")).isZero();

        assertThat(postJson(a, "/api/v1/jobs/" + jobs.get(1) + "/cancel", "").statusCode()).isEqualTo(202);
        HttpResponse<String> accepted = postJson(a, "/api/v1/experiments", TWO_RUNS.formatted(dataset));
        assertThat(accepted.statusCode()).as("allowed again once jobs are cancelled: " + accepted.body())
                .isEqualTo(202);
        assertThat(problem(postJson(a, scores, NoiseDatasets.TINY_REQUEST), 429).get("active").asInt())
                .isEqualTo(3);
    }

    @Test
    void aJsonBodyOverTheLimitIs413UnreadWhetherItsLengthIsDeclaredOrChunked() throws Exception {
        HttpClient a = KeyedHttpClient.with(plain, key().getValue());
        String big = "{\"name\": \"" + "x".repeat(20_000) + "\", \"datasetIds\": []}";
        JsonNode declared = problem(postJson(a, "/api/v1/studies", big), 413);
        assertThat(declared.get("limit").asString()).isEqualTo("metadiv.limits.json-body-max");
        assertThat(declared.get("value").asInt()).isEqualTo(16 * 1024);

        HttpResponse<String> chunked = a.send(HttpRequest.newBuilder(URI.create(url("/api/v1/studies")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(chunked, 413).get("detail").asString()).contains("at most 16384 bytes");
        assertThat(count("study")).isZero();

        assertThat(postJson(a, "/api/v1/studies", "{\"name\": \"small\", \"datasetIds\": []}").statusCode())
                .as("a small body is read as before").isEqualTo(400);
    }
}
