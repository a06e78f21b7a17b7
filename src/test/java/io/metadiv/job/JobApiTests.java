package io.metadiv.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.MetadivApplication;
import io.metadiv.dataset.DatasetApi;
import io.metadiv.dataset.format.TestArchives;
import io.metadiv.diversity.api.NoiseDatasets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.NestedTestConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs over real HTTP: the job resource and cancel, the queue cap, roles, the degenerate-request check and the job
 * metrics. The outer class runs in the default (api,worker) context, shared with the other API tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM_JSON = "application/problem+json";
    /** About 50 ms per task on a 2-core machine (100 tasks took 5.3 s), so ~20 s in all: long enough to cancel. */
    private static final String SLOW_REQUEST = """
            {"tasks": 400, "ways": 2, "shots": 2, "queries": 3, "headSteps": 300,
             "probe": {"kind": "RANDOM_CONV4", "hidden": 64}}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** A real HTTP client of one running application. */
    record Api(HttpClient http, String root) {

        Api(int port) {
            this(HttpClient.newHttpClient(), "http://localhost:" + port);
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(root + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode getJson(String path) throws Exception {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        }

        String upload(long seed) throws Exception {
            return NoiseDatasets.upload(http, root + "/api/v1/datasets", seed);
        }

        /** Requests a score (202 expected) and returns its response. */
        JsonNode score(String datasetId, String request) throws Exception {
            HttpResponse<String> accepted = post("/api/v1/datasets/" + datasetId + "/diversity", request);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            return JSON.readTree(accepted.body());
        }

        JsonNode await(String path, Duration patience, Predicate<JsonNode> done) throws Exception {
            Instant deadline = Instant.now().plus(patience);
            JsonNode node = getJson(path);
            while (!done.test(node) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                node = getJson(path);
            }
            return node;
        }

        /** The value of the first Prometheus sample of {@code name} whose labels contain all of {@code labels}. */
        Double metric(String name, String... labels) throws Exception {
            HttpResponse<String> scrape = get("/actuator/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$")
                    .matcher(scrape.body());
            while (m.find()) {
                String found = m.group(1);
                if (List.of(labels).stream().allMatch(found::contains)) {
                    return Double.valueOf(m.group(2));
                }
            }
            return null;
        }

        /** Polls the metric until it has {@code expected} (gauges backed by the database are cached a few seconds). */
        Double awaitMetric(double expected, Duration patience, String name, String... labels) throws Exception {
            Instant deadline = Instant.now().plus(patience);
            Double value = metric(name, labels);
            while ((value == null || value != expected) && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                value = metric(name, labels);
            }
            return value;
        }
    }

    private static List<String> history(JsonNode job) {
        List<String> lines = new ArrayList<>();
        job.get("history").forEach(e -> lines.add(e.get("from").asString("") + "->" + e.get("to").asString() + " "
                + e.get("message").asString()));
        return lines;
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private static void assertProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(JSON.readTree(answer.body()).get("status").asInt()).isEqualTo(status);
    }

    @Test
    void requestWhoseTasksWouldAllHoldTheSameImagesIs400SayingWhatWouldWorkAndStoresNothing() throws Exception {
        Api api = new Api(port);
        // 4 classes of 5: with split [1, 0, 0] all 4 are meta-train, and 4-way 2+3 takes every image of every class.
        HttpResponse<String> created = new DatasetApi(port).uploadZip("four-by-five",
                TestArchives.zip(TestArchives.imageFolder("", 4, 5, 44)));
        assertThat(created.statusCode()).isEqualTo(201);
        String datasetId = DatasetApi.json(created).get("id").asString();
        long scores = rows("diversity_score");
        long jobs = rows("job");

        HttpResponse<String> answer = api.post("/api/v1/datasets/" + datasetId + "/diversity",
                "{\"ways\": 4, \"shots\": 2, \"queries\": 3, \"split\": [1, 0, 0], \"tasks\": 3}");
        assertProblem(answer, 400);
        String detail = JSON.readTree(answer.body()).get("detail").asString();
        assertThat(detail).contains("same 20 images", "distance is 0", "shots + queries < 5", "ways < 4",
                "4 meta-train classes");
        assertThat(rows("diversity_score")).isEqualTo(scores);
        assertThat(rows("job")).isEqualTo(jobs);

        // One image fewer per task and it is a fine request.
        JsonNode fine = api.score(datasetId, "{\"ways\": 4, \"shots\": 2, \"queries\": 2, \"split\": [1, 0, 0], "
                + "\"tasks\": 3, \"headSteps\": 10, \"probe\": {\"hidden\": 8}}");
        assertThat(fine.get("status").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
    }

    @Test
    void runningJobIsCancelledBetweenTasks() throws Exception {
        Api api = new Api(port);
        String datasetId = api.upload(61);
        JsonNode score = api.score(datasetId, SLOW_REQUEST);
        String jobPath = "/api/v1/jobs/" + score.get("jobId").asString();
        assertThat(score.get("job").asString()).isEqualTo(jobPath);

        JsonNode running = api.await(jobPath, Duration.ofSeconds(60),
                j -> !j.get("status").asString().equals("QUEUED"));
        assertThat(running.get("status").asString()).as(running.toString()).isEqualTo("RUNNING");
        assertThat(running.get("attempts").asInt()).isEqualTo(1);
        assertThat(running.get("worker").asString()).isNotBlank();

        HttpResponse<String> cancel = api.post(jobPath + "/cancel", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(cancel.body());
        assertThat(accepted.get("status").asString()).isIn("CANCELLING", "CANCELLED");

        JsonNode cancelled = api.await(jobPath, Duration.ofSeconds(10),
                j -> !j.get("status").asString().equals("CANCELLING"));
        assertThat(cancelled.get("status").asString()).as(cancelled.toString()).isEqualTo("CANCELLED");
        JsonNode progress = cancelled.get("progress");
        assertThat(progress.get("of").asInt()).isEqualTo(400);
        assertThat(progress.get("step").asInt()).as("stopped before the last task").isLessThan(400);
        List<String> history = history(cancelled);
        assertThat(history).as(cancelled.toPrettyString()).containsSubsequence(
                "->QUEUED submitted", "QUEUED->RUNNING claimed", "RUNNING->CANCELLING cancel requested",
                "CANCELLING->CANCELLED cancelled between tasks");

        JsonNode scoreNow = api.getJson("/api/v1/datasets/" + datasetId + "/diversity/" + score.get("id").asString());
        assertThat(scoreNow.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(scoreNow.get("coefficient").isNull()).isTrue();
        assertThat(scoreNow.get("heatmap").isNull()).isTrue();
        assertThat(api.metric("metadiv_jobs_duration_seconds_count", "kind=\"DIVERSITY\"", "status=\"CANCELLED\""))
                .isNotNull().isGreaterThanOrEqualTo(1.0);
        assertProblem(api.post(jobPath + "/cancel", ""), 409);
    }

    @Test
    void succeededScoreIsCountedInTheDurationTimer() throws Exception {
        Api api = new Api(port);
        String[] labels = {"kind=\"DIVERSITY\"", "status=\"SUCCEEDED\""};
        Double before = api.metric("metadiv_jobs_duration_seconds_count", labels);
        double expected = (before == null ? 0 : before) + 1;
        JsonNode score = api.score(api.upload(62), NoiseDatasets.TINY_REQUEST);
        JsonNode job = api.await("/api/v1/jobs/" + score.get("jobId").asString(), Duration.ofSeconds(90),
                j -> !j.get("status").asString().matches("QUEUED|RUNNING"));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("progress").get("step").asInt()).isEqualTo(3);
        assertThat(history(job).get(history(job).size() - 1)).isEqualTo("RUNNING->SUCCEEDED succeeded");
        // Other tests of this shared context may end jobs meanwhile: at least ours is counted.
        assertThat(api.metric("metadiv_jobs_duration_seconds_count", labels)).isGreaterThanOrEqualTo(expected);
        assertThat(api.metric("metadiv_jobs_duration_seconds_sum", labels)).isPositive();
    }

    @Test
    void workerOnlyProcessServesOnlyActuator() throws Exception {
        try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(MetadivApplication.class)
                .run("--metadiv.roles=worker", "--server.port=0")) {
            Api api = new Api(Integer.parseInt(worker.getEnvironment().getProperty("local.server.port")));
            for (String path : List.of("/api/v1/datasets", "/api/v1/jobs/" + UUID.randomUUID(), "/v3/api-docs",
                    "/studies/" + UUID.randomUUID())) {
                HttpResponse<String> answer = api.get(path);
                assertProblem(answer, 404);
                assertThat(JSON.readTree(answer.body()).get("detail").asString())
                        .contains("metadiv.roles=worker", "api role");
                assertThat(JSON.readTree(answer.body()).get("instance").asString()).isEqualTo(path);
            }
            assertProblem(api.post("/api/v1/datasets/" + UUID.randomUUID() + "/diversity", "{}"), 404);
            HttpResponse<String> health = api.get("/actuator/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
            assertThat(api.get("/actuator/prometheus").body()).contains("metadiv_jobs_running{");
        }
    }

    /** A process with the api role only: it accepts and cancels jobs but never claims one. */
    @Nested
    @NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"metadiv.roles=api", "metadiv.jobs.queue-capacity=2"})
    @DirtiesContext
    class ApiOnly {

        @LocalServerPort
        int apiPort;

        @Autowired
        JdbcTemplate apiJdbc;

        private long count(String sql, Object... args) {
            return apiJdbc.queryForObject(sql, Long.class, args);
        }

        private long executions(String jobId) {
            return count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'job' AND task_instance = ?", jobId);
        }

        @Test
        void fullQueueIs503WithRetryAfterAndQueuedJobsStayQueuedUntilCancelled() throws Exception {
            Api api = new Api(apiPort);
            String datasetId = api.upload(71);
            JsonNode first = api.score(datasetId, NoiseDatasets.TINY_REQUEST);
            JsonNode second = api.score(datasetId, NoiseDatasets.TINY_REQUEST);
            assertThat(first.get("status").asString()).isEqualTo("QUEUED");
            String firstJob = first.get("jobId").asString();
            String secondJob = second.get("jobId").asString();
            long scores = count("SELECT count(*) FROM diversity_score");
            long jobs = count("SELECT count(*) FROM job");
            long events = count("SELECT count(*) FROM job_event");
            long executions = count("SELECT count(*) FROM scheduled_tasks");

            HttpResponse<String> full = api.post("/api/v1/datasets/" + datasetId + "/diversity",
                    NoiseDatasets.TINY_REQUEST);
            assertProblem(full, 503);
            assertThat(full.headers().firstValue("Retry-After")).hasValue("30");
            JsonNode problem = JSON.readTree(full.body());
            assertThat(problem.get("detail").asString()).contains("DIVERSITY queue is full", "2 jobs waiting",
                    "nothing was stored");
            assertThat(problem.get("queued").asInt()).isEqualTo(2);
            assertThat(count("SELECT count(*) FROM diversity_score")).isEqualTo(scores);
            assertThat(count("SELECT count(*) FROM job")).isEqualTo(jobs);
            assertThat(count("SELECT count(*) FROM job_event")).isEqualTo(events);
            assertThat(count("SELECT count(*) FROM scheduled_tasks")).isEqualTo(executions);

            JsonNode job = api.getJson("/api/v1/jobs/" + firstJob);
            assertThat(job.get("id").asString()).isEqualTo(firstJob);
            assertThat(job.get("kind").asString()).isEqualTo("DIVERSITY");
            assertThat(job.get("subjectId").asString()).isEqualTo(first.get("id").asString());
            assertThat(job.get("status").asString()).isEqualTo("QUEUED");
            assertThat(job.get("attempts").asInt()).isZero();
            assertThat(job.get("worker").isNull()).isTrue();
            assertThat(history(job)).containsExactly("->QUEUED submitted");
            assertThat(executions(firstJob)).isEqualTo(1);
            assertThat(api.awaitMetric(2, Duration.ofSeconds(10), "metadiv_jobs_queued", "kind=\"DIVERSITY\""))
                    .isEqualTo(2.0);

            HttpResponse<String> cancel = api.post("/api/v1/jobs/" + firstJob + "/cancel", "");
            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
            JsonNode cancelled = JSON.readTree(cancel.body());
            assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("finishedAt").isNull()).isFalse();
            assertThat(history(cancelled)).containsExactly("->QUEUED submitted",
                    "QUEUED->CANCELLED cancelled before it ran");
            assertThat(api.getJson("/api/v1/datasets/" + datasetId + "/diversity/" + first.get("id").asString())
                    .get("status").asString()).isEqualTo("CANCELLED");
            assertThat(executions(firstJob)).as("the cancelled job's execution is removed").isZero();
            assertThat(executions(secondJob)).isEqualTo(1);

            HttpResponse<String> again = api.post("/api/v1/jobs/" + firstJob + "/cancel", "");
            assertProblem(again, 409);
            JsonNode ended = JSON.readTree(again.body());
            assertThat(ended.get("detail").asString()).contains("already ended CANCELLED");
            assertThat(ended.get("jobStatus").asString()).isEqualTo("CANCELLED");

            // The gauge refreshes from the database every few seconds; meanwhile no process claims the other job.
            assertThat(api.awaitMetric(1, Duration.ofSeconds(15), "metadiv_jobs_queued", "kind=\"DIVERSITY\""))
                    .isEqualTo(1.0);
            JsonNode waiting = api.getJson("/api/v1/jobs/" + secondJob);
            assertThat(waiting.get("status").asString()).isEqualTo("QUEUED");
            assertThat(waiting.get("attempts").asInt()).isZero();
            assertThat(executions(secondJob)).isEqualTo(1);
            // A cancelled job frees its place in the queue.
            assertThat(api.score(datasetId, NoiseDatasets.TINY_REQUEST).get("status").asString()).isEqualTo("QUEUED");
        }

        @Test
        void unknownJobIs404() throws Exception {
            Api api = new Api(apiPort);
            String path = "/api/v1/jobs/" + UUID.randomUUID();
            assertProblem(api.get(path), 404);
            assertProblem(api.post(path + "/cancel", ""), 404);
            assertThat(JSON.readTree(api.get(path).body()).get("detail").asString()).startsWith("No job ");
            assertProblem(api.get("/api/v1/jobs/not-a-uuid"), 400);
        }
    }
}
