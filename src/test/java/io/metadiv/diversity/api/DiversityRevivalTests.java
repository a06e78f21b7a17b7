package io.metadiv.diversity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.MetadivApplication;
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
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A score whose worker died mid-computation (its db-scheduler execution picked, its heartbeat stale) is revived by a
 * live worker and computed again, to the same coefficient, as a second attempt.
 */
class DiversityRevivalTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEAD = "dead-worker";

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(url + " -> " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private JsonNode await(String url, Duration patience, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        JsonNode node = get(url);
        while (!done.test(node) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            node = get(url);
        }
        return node;
    }

    @Test
    void scoreOfAWorkerThatStoppedHeartbeatingIsRevivedAndComputedAgainToTheSameCoefficient() throws Exception {
        // A 1 s heartbeat (4 missed = dead) so the stale execution is found within seconds, not minutes.
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MetadivApplication.class)
                .run("--server.port=0", "--db-scheduler.heartbeat-interval=1s")) {
            String root = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            String datasets = root + "/api/v1/datasets";
            String datasetId = NoiseDatasets.upload(http, datasets, 33);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(
                    datasets + "/" + datasetId + "/diversity")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(NoiseDatasets.TINY_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode queued = JSON.readTree(accepted.body());
            String scoreId = queued.get("id").asString();
            String jobId = queued.get("jobId").asString();
            String scoreUrl = datasets + "/" + datasetId + "/diversity/" + scoreId;
            String jobUrl = root + "/api/v1/jobs/" + jobId;

            JsonNode first = await(scoreUrl, Duration.ofSeconds(90),
                    s -> s.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
            assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
            double coefficient = first.get("coefficient").asDouble();
            assertThat(get(jobUrl).get("attempts").asInt()).isEqualTo(1);

            // What the database looks like when a worker dies while it computes: no result yet, the job RUNNING
            // under the dead worker's lease, its execution picked by the dead worker whose last beat is an hour old.
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Instant tampered = Instant.now();
            app.getBean(TransactionTemplate.class).executeWithoutResult(tx -> {
                assertThat(jdbc.update("UPDATE diversity_score SET coefficient = NULL, ci95 = NULL, pairs = NULL, "
                        + "dist_min = NULL, dist_max = NULL, noise_floor = NULL, embed_ms_median = NULL, "
                        + "embed_ms_mean = NULL, compute_seconds = NULL, distances = NULL, embeddings = NULL, "
                        + "probe_description = NULL WHERE id = ?::uuid", scoreId)).isEqualTo(1);
                assertThat(jdbc.update("UPDATE job SET status = 'RUNNING', worker_id = ?, lease_id = ?, "
                        + "finished_at = NULL WHERE id = ?::uuid", DEAD, UUID.randomUUID(), jobId)).isEqualTo(1);
                assertThat(jdbc.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, "
                        + "picked_by, last_heartbeat, version, priority) VALUES ('job', ?, now(), true, ?, "
                        + "now() - interval '1 hour', 1, 10)", jobId, DEAD)).isEqualTo(1);
            });

            JsonNode job = await(jobUrl, Duration.ofSeconds(60),
                    j -> j.get("attempts").asInt() >= 2 && !j.get("status").asString().matches("QUEUED|RUNNING"));
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(job.get("worker").asString()).isNotEqualTo(DEAD);
            List<String> history = new ArrayList<>();
            job.get("history").forEach(e -> history.add(e.get("from").asString("") + "->" + e.get("to").asString()
                    + " " + e.get("message").asString()));
            assertThat(history).as(job.toPrettyString())
                    .anyMatch(line -> line.startsWith("RUNNING->QUEUED") && line.contains(DEAD)
                            && line.contains("revived"));
            assertThat(history.get(history.size() - 1)).startsWith("RUNNING->SUCCEEDED");

            JsonNode again = get(scoreUrl);
            assertThat(again.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(again.get("coefficient").asDouble()).as("seeded: the same coefficient").isEqualTo(coefficient);
            assertThat(again.get("distances").size()).isEqualTo(3);
            assertThat(Instant.parse(again.get("timings").get("finishedAt").asString())).isAfter(tampered);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?",
                    Long.class, jobId)).as("the revived execution is removed once the job succeeded").isZero();
        }
    }
}
