package io.metadiv.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.diversity.api.NoiseDatasets;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.training.RunExecutor;
import io.metadiv.training.RunSpec;
import io.metadiv.dataset.Multipart;
import io.metadiv.dataset.format.TestArchives;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Experiments over real HTTP on the embedded PostgreSQL, trained by this process's worker with real DJL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "metadiv.training.checkpoint-every=5")
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class ExperimentApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** 2-way 1-shot runs on 6 noise classes (3 meta-train, 3 meta-test): a few seconds each. */
    private static final String SMALL = """
            "arch": "CONV4", "hidden": 8, "ways": 2, "shots": 1, "queries": 3, "iterations": 12, "metaBatch": 2,
            "ptBatch": 6, "evalEpisodes": 8, "split": [0.5, 0, 0.5]""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatasetTensors tensors;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String datasetId;

    @BeforeEach
    void dataset() throws Exception {
        base = "http://localhost:" + port + "/api/v1";
        if (datasetId == null) {
            datasetId = NoiseDatasets.upload(http, base + "/datasets", 61);
        }
    }

    private HttpResponse<String> post(String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/experiments"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private String body(String method, String more) {
        return "{\"datasetId\": \"" + datasetId + "\", \"method\": \"" + method + "\", " + SMALL + more + "}";
    }

    private JsonNode awaitEnded(String experimentId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode experiment = get("/experiments/" + experimentId);
        while (true) {
            boolean ended = true;
            for (JsonNode job : experiment.get("jobs")) {
                ended &= job.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED");
            }
            if (ended) {
                return experiment;
            }
            if (System.nanoTime() > deadline) {
                fail("experiment not finished: " + experiment);
            }
            Thread.sleep(200);
            experiment = get("/experiments/" + experimentId);
        }
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    @Test
    void eachMethodRunsToSucceededWithTheResultTheCoreGivesForTheSameSeed() throws Exception {
        for (String method : List.of("HO_MAML", "FO_MAML", "PT")) {
            HttpResponse<String> accepted = post(body(method, ", \"seeds\": [3, 4]"), null);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode queued = JSON.readTree(accepted.body());
            String id = queued.get("id").asString();
            assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/experiments/" + id);
            assertThat(queued.get("jobs")).hasSize(2);
            assertThat(queued.get("jobs").get(0).get("seed").asLong()).isEqualTo(3);
            assertThat(queued.get("settings").get("innerLr").asDouble()).as("core default").isEqualTo(0.4);

            JsonNode done = awaitEnded(id);
            for (JsonNode job : done.get("jobs")) {
                assertThat(job.get("status").asString()).as("%s: %s", method, done).isEqualTo("SUCCEEDED");
                double accuracy = job.get("accuracy").asDouble();
                assertThat(accuracy).isBetween(0.0, 1.0);
                assertThat(job.get("steps").asInt()).as("%s %s", method, job).isEqualTo(12);
                assertThat(job.get("episodes").asInt()).isEqualTo(8);
                assertThat(job.get("episodeAccuracies")).hasSize(8);
                assertThat(job.get("lossCurve").size()).isPositive();
                assertThat(job.get("lineage").get("datasetChecksum").asString()).hasSize(64);
                assertThat(job.get("lineage").get("libraries").asString()).contains("pytorch 2.7.1");
                assertThat(job.get("lineage").get("codeVersion").asString()).isNotBlank();
                // The same settings and seed straight through the ML core give the same accuracy.
                RunSpec spec = ExperimentSubmission.resolve(JSON.readValue(body(method, ""), ExperimentRequest.class))
                        .withSeed(job.get("seed").asLong());
                try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
                    RunExecutor.Outcome core = RunExecutor.run(spec, tensors.load(UUID.fromString(datasetId)),
                            manager, new NoCheckpoints(), 0, p -> io.metadiv.training.ProgressListener.Decision.CONTINUE);
                    assertThat(core.evaluation().accMean()).as(method).isEqualTo(accuracy);
                }
                JsonNode history = get("/jobs/" + job.get("id").asString()).get("history");
                assertThat(history.toString()).contains("claimed", "succeeded");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM training_checkpoint tc JOIN training_run r ON "
                    + "r.id = tc.run_id WHERE r.experiment_id = ?::uuid", Long.class, id))
                    .as("checkpoints are dropped with the result").isZero();
        }
        JsonNode page = get("/experiments?datasetId=" + datasetId + "&method=PT&status=SUCCEEDED&size=5");
        assertThat(page.get("content")).isNotEmpty();
        assertThat(page.get("content").get(0).get("method").asString()).isEqualTo("PT");
        assertThat(page.get("content").get(0).get("jobs").get(0).get("lossCurve").isNull()).isTrue();
    }

    @Test
    void everyInvalidRequestIsA400NamingEachFieldAndNothingIsQueued() throws Exception {
        long experiments = rows("experiment");
        long jobs = rows("job");
        String[][] bad = {
            {body("FO_MAML", ", \"ways\": 5, \"shots\": 0, \"iterations\": 0"), "ways", "shots", "iterations"},
            {body("FO_MAML", ", \"shots\": 3, \"queries\": 3"), "shots"},   // 5 images per class
            {body("PT", ", \"ptBatch\": 100"), "ptBatch"},                  // 15 meta-train images
            {body("HO_MAML", ", \"trainSeconds\": 10"), "trainSeconds"},
            {body("FO_MAML", ", \"seeds\": [1, 1]"), "seeds"},
            {body("FO_MAML", ", \"innerLr\": -1, \"split\": [1, 2]"), "innerLr", "split"},
            {"{\"datasetId\": \"" + datasetId + "\"}", "method"},
            {"{\"method\": \"PT\"}", "datasetId"},
            {body("SGD", ""), "method"},
            {body("PT", ", \"ways\": \"two\""), "ways"}};
        for (String[] c : bad) {
            HttpResponse<String> answer = post(c[0], null);
            assertThat(answer.statusCode()).as(c[0] + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            List<String> fields = new ArrayList<>();
            if (problem.has("errors")) {
                problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            } else {
                fields.add(problem.get("field").asString());
            }
            assertThat(fields).as(answer.body()).contains(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertThat(problem.get("detail").asString()).as("names the allowed range or values").containsAnyOf(
                    "must be", "needs", "is required", "one of", "applies to", "cannot be read");
        }
        assertThat(rows("experiment")).isEqualTo(experiments);
        assertThat(rows("job")).isEqualTo(jobs);
        HttpResponse<String> unknown = post(body("PT", "").replace(datasetId, UUID.randomUUID().toString()), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/experiments/" + UUID.randomUUID())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyReturnsTheFirstExperiment() throws Exception {
        String key = "retry-" + UUID.randomUUID();
        HttpResponse<String> first = post(body("PT", ", \"seeds\": [9]"), key);
        long experiments = rows("experiment");
        HttpResponse<String> again = post(body("PT", ", \"seeds\": [9]"), key);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).get("id")).isEqualTo(JSON.readTree(first.body()).get("id"));
        assertThat(rows("experiment")).isEqualTo(experiments);
        HttpResponse<String> other = post(body("PT", ", \"seeds\": [10]"), key);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        awaitEnded(JSON.readTree(first.body()).get("id").asString());
    }

    @Test
    void aRunningTrainingJobIsCancelledWithinSeconds() throws Exception {
        HttpResponse<String> accepted = post(body("FO_MAML", ", \"iterations\": 100000"), null);
        JsonNode job = JSON.readTree(accepted.body()).get("jobs").get(0);
        String jobId = job.get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get("/jobs/" + jobId).get("status").asString().equals("RUNNING")
                || get("/jobs/" + jobId).get("progress").get("step").isNull()) {
            assertThat(System.nanoTime()).as("job never ran").isLessThan(deadline);
            Thread.sleep(100);
        }
        long asked = System.nanoTime();
        HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).isEqualTo(202);
        while (!get("/jobs/" + jobId).get("status").asString().equals("CANCELLED")) {
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("CANCELLED within seconds")
                    .isLessThan(Duration.ofSeconds(10));
            Thread.sleep(100);
        }
        JsonNode cancelled = get("/jobs/" + jobId);
        assertThat(cancelled.get("progress").get("step").asInt()).isPositive().isLessThan(100000);
        assertThat(get("/jobs/" + jobId + "/metrics").get("steps").size()).as("the partial run keeps its metrics")
                .isPositive();
    }

    @Test
    void theEventStreamShowsProgressWithStepMetricsAndTheFinalStatus() throws Exception {
        HttpResponse<String> accepted = post(body("FO_MAML", ", \"iterations\": 400, \"seeds\": [21]"), null);
        String jobId = JSON.readTree(accepted.body()).get("jobs").get(0).get("id").asString();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base
                + "/jobs/" + jobId + "/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String event = null;
        java.util.Iterator<String> lines = stream.body().iterator();
        String finalStatus = null;
        while (finalStatus == null && System.nanoTime() < deadline && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                event = line.substring("event:".length()).trim();
                events.add(event);
            } else if (line.startsWith("data:")) {
                JsonNode data = JSON.readTree(line.substring("data:".length()));
                if ("progress".equals(event) && data.get("steps").size() > 0) {
                    JsonNode last = data.get("steps").get(data.get("steps").size() - 1);
                    latencies.add(Duration.between(java.time.Instant.parse(last.get("at").asString()),
                            java.time.Instant.now()).toMillis());
                }
                if ("status".equals(event) && data.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")) {
                    finalStatus = data.get("status").asString();
                }
            }
        }
        stream.body().close();
        assertThat(finalStatus).as("events %s", events).isEqualTo("SUCCEEDED");
        assertThat(events).contains("progress", "status");
        assertThat(latencies).as("progress events carry the new steps").isNotEmpty();
        System.out.println("ExperimentApiTests: SSE latency, step recorded -> event read (ms): " + latencies);
        JsonNode metrics = get("/jobs/" + jobId + "/metrics");
        assertThat(metrics.get("steps")).hasSize(400);
        assertThat(metrics.get("steps").get(399).get("step").asInt()).isEqualTo(400);
        assertThat(metrics.get("steps").get(0).get("stepMs").asDouble()).isPositive();
    }

    @Test
    void resultsAreFlatRowsWithTheDatasetsDiversityAsJsonAndAsCsv() throws Exception {
        HttpResponse<String> accepted = post(body("PT", ", \"seeds\": [30]"), null);
        JsonNode experiment = awaitEnded(JSON.readTree(accepted.body()).get("id").asString());
        String runId = experiment.get("jobs").get(0).get("runId").asString();
        HttpResponse<String> score = postScore("{\"tasks\": 3, \"ways\": 2, \"shots\": 2, \"queries\": 2, "
                + "\"headSteps\": 10, \"split\": [0.5, 0, 0.5]}");
        String scorePath = "/datasets/" + datasetId + "/diversity/" + JSON.readTree(score.body()).get("id").asString();
        JsonNode scored = get(scorePath);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!scored.get("status").asString().equals("SUCCEEDED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            scored = get(scorePath);
        }
        JsonNode page = get("/results?datasetId=" + datasetId + "&method=PT&sort=accuracy,desc&size=1000");
        JsonNode row = null;
        for (JsonNode r : page.get("content")) {
            row = r.get("runId").asString().equals(runId) ? r : row;
        }
        assertThat(row).as("%s", page).isNotNull();
        assertThat(row.get("diversity").asDouble()).as("the default probe's score").isEqualTo(
                scored.get("coefficient").asDouble());
        assertThat(row.get("accuracy").asDouble()).isEqualTo(experiment.get("jobs").get(0).get("accuracy")
                .asDouble());
        assertThat(row.get("shots").asInt()).isEqualTo(1);
        assertThat(row.get("arch").asString()).isEqualTo("CONV4");
        assertThat(page.get("totalElements").asLong()).isEqualTo(page.get("content").size());
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(base + "/results?datasetId="
                + datasetId + "&method=PT")).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("runId,experimentId,jobId,datasetId,datasetName,diversity,method");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(runId + ",").contains(",PT,CONV4,2,1,3,12,30,"));
        // The finished PT run's backbone as a diversity probe.
        String ptJob = experiment.get("jobs").get(0).get("id").asString();
        HttpResponse<String> backbone = postScore(backboneScore(ptJob));
        assertThat(backbone.statusCode()).as(backbone.body()).isEqualTo(202);
        String backbonePath = "/datasets/" + datasetId + "/diversity/"
                + JSON.readTree(backbone.body()).get("id").asString();
        JsonNode underPt = get(backbonePath);
        while (!underPt.get("status").asString().matches("SUCCEEDED|FAILED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            underPt = get(backbonePath);
        }
        assertThat(underPt.get("status").asString()).as("%s", underPt).isEqualTo("SUCCEEDED");
        assertThat(underPt.get("probe").get("jobId").asString()).isEqualTo(ptJob);
        assertThat(underPt.get("probe").get("description").asString()).contains(ptJob);
        assertThat(underPt.get("coefficient").asDouble()).isBetween(0.0, 1.0)
                .isNotEqualTo(scored.get("coefficient").asDouble());
        String fo = JSON.readTree(post(body("FO_MAML", ", \"seeds\": [31]"), null).body()).get("jobs").get(0)
                .get("id").asString();
        for (String jobId : List.of(fo, UUID.randomUUID().toString())) {
            HttpResponse<String> refused = postScore("{\"ways\": 2, \"shots\": 2, \"queries\": 2, \"split\": "
                    + "[0.5, 0, 0.5], \"probe\": {\"kind\": \"PT_BACKBONE\", \"jobId\": \"" + jobId + "\"}}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("probe.jobId");
        }
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/results?sort=colour"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("finishedAt");
    }

    @Test
    void anExperimentCannotBeDeletedWhileItsJobRunsOrAQueuedScoreUsesItsBackbone() throws Exception {
        JsonNode pt = awaitEnded(JSON.readTree(post(body("PT", ", \"seeds\": [40]"), null).body()).get("id")
                .asString());
        String ptId = pt.get("id").asString();
        String ptJob = pt.get("jobs").get(0).get("id").asString();
        // A long run holds the only worker slot, so the score below stays QUEUED.
        JsonNode busy = JSON.readTree(post(body("FO_MAML", ", \"iterations\": 100000, \"seeds\": [41]"), null)
                .body());
        String busyJob = busy.get("jobs").get(0).get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get("/jobs/" + busyJob).get("status").asString().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("job never ran").isLessThan(deadline);
            Thread.sleep(100);
        }
        HttpResponse<String> running = delete("/experiments/" + busy.get("id").asString());
        assertThat(running.statusCode()).as(running.body()).isEqualTo(409);
        assertThat(JSON.readTree(running.body()).get("references").toString()).contains(busyJob, "RUNNING");

        HttpResponse<String> score = postScore(backboneScore(ptJob));
        assertThat(score.statusCode()).as(score.body()).isEqualTo(202);
        String scorePath = "/datasets/" + datasetId + "/diversity/" + JSON.readTree(score.body()).get("id").asString();
        long runsBefore = rows("training_run");
        HttpResponse<String> used = delete("/experiments/" + ptId);
        assertThat(used.statusCode()).as(used.body()).isEqualTo(409);
        assertThat(JSON.readTree(used.body()).get("references").toString()).contains("diversity score", "QUEUED");
        assertThat(rows("training_run")).as("nothing deleted").isEqualTo(runsBefore);

        http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + busyJob + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode scored = get(scorePath);
        while (!scored.get("status").asString().matches("SUCCEEDED|FAILED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            scored = get(scorePath);
        }
        assertThat(scored.get("status").asString()).as("%s", scored).isEqualTo("SUCCEEDED");
        awaitEnded(busy.get("id").asString());

        assertThat(delete("/experiments/" + ptId).statusCode()).isEqualTo(204);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/experiments/" + ptId)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(get(scorePath).get("coefficient").asDouble()).as("a finished score keeps its coefficient")
                .isEqualTo(scored.get("coefficient").asDouble());
        assertThat(get("/jobs/" + ptJob).get("status").asString()).as("jobs stay as history").isEqualTo("SUCCEEDED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM training_model m JOIN training_run r ON r.id = m.run_id "
                + "WHERE r.job_id = ?", Long.class, UUID.fromString(ptJob))).isZero();
        assertThat(delete("/experiments/" + busy.get("id").asString()).statusCode()).isEqualTo(204);
        assertThat(delete("/experiments/" + ptId).statusCode()).isEqualTo(404);
    }

    @Test
    void aJobsAccuracyEqualsTheBenchCommandLinesForTheSameSettingsAndSeed(@TempDir Path dir) throws Exception {
        // Grey 28x28 images: both loaders read them as they are (no colour conversion, no resizing).
        Map<String, byte[]> entries = new TreeMap<>();
        Path root = dir.resolve("folders");
        for (int c = 0; c < 6; c++) {
            for (int i = 0; i < 6; i++) {
                BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                Random random = new Random(c * 100L + i);
                for (int p = 0; p < 28 * 28; p++) {
                    image.getRaster().setSample(p % 28, p / 28, 0, (c * 6 + random.nextInt(200)) % 256);
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                String name = "class" + c + "/img" + i + ".png";
                entries.put(name, png.toByteArray());
                Files.createDirectories(root.resolve(name).getParent());
                Files.write(root.resolve(name), png.toByteArray());
            }
        }
        HttpResponse<String> created = http.send(new Multipart().field("name", "bench-equality")
                .file("file", "folders.zip", TestArchives.zip(entries)).post(URI.create(base + "/datasets")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String folders = JSON.readTree(created.body()).get("id").asString();
        JsonNode experiment = awaitEnded(JSON.readTree(post("{\"datasetId\": \"" + folders + "\", \"method\": "
                + "\"FO_MAML\", " + SMALL + ", \"seeds\": [7]}", null).body()).get("id").asString());
        JsonNode job = experiment.get("jobs").get(0);
        assertThat(job.get("status").asString()).as("%s", job).isEqualTo("SUCCEEDED");

        // The same settings on the bench command line, in its own JVM, over the same images as folders.
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Process bench = new ProcessBuilder(javaCommand, "-Dai.djl.offline=true", "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), "io.metadiv.bench.Bench", "--dataset", root.toString(),
                "--method", "fo", "--arch", "conv4", "--hidden", "8", "--ways", "2", "--shots", "1", "--queries", "3",
                "--iters", "12", "--meta-batch", "2", "--eval-episodes", "8", "--split", "0.5,0,0.5", "--seed", "7",
                "--threads", String.valueOf(TorchRuntime.threads())).redirectError(dir.resolve("bench.log").toFile())
                .start();
        String line = new String(bench.getInputStream().readAllBytes()).strip();
        assertThat(bench.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bench.exitValue()).as(Files.readString(dir.resolve("bench.log"))).isZero();
        JsonNode cli = JSON.readTree(line);
        System.out.println("ExperimentApiTests: job accuracy " + job.get("accuracy").asDouble() + ", bench acc_mean "
                + cli.get("acc_mean").asDouble());
        assertThat(cli.get("num_classes").asInt()).isEqualTo(6);
        assertThat(cli.get("acc_mean").asDouble()).as("not saturated, so equality means something").isLessThan(0.95);
        assertThat(job.get("accuracy").asDouble()).isCloseTo(cli.get("acc_mean").asDouble(), within(1e-9));
        assertThat(job.get("ci95").asDouble()).isCloseTo(cli.get("acc_ci95").asDouble(), within(1e-9));
    }

    /** A tiny score request under the backbone of the PT run of {@code ptJob}. */
    private static String backboneScore(String ptJob) {
        return "{\"tasks\": 3, \"ways\": 2, \"shots\": 2, \"queries\": 2, \"headSteps\": 10, \"split\": [0.5, 0, "
                + "0.5], \"probe\": {\"kind\": \"PT_BACKBONE\", \"jobId\": \"" + ptJob + "\"}}";
    }

    private HttpResponse<String> postScore(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/datasets/" + datasetId + "/diversity"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** No checkpoint store (a plain run). */
    private static final class NoCheckpoints implements RunExecutor.Checkpoints {
        @Override
        public byte[] latest() {
            return null;
        }

        @Override
        public void save(int step, byte[] checkpoint) {
            throw new AssertionError("no checkpoints expected");
        }
    }
}
