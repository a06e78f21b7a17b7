package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.diversity.api.NoiseDatasets;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The study dry run over real HTTP on the embedded PostgreSQL, before and after a small study ran. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StudyPlanApiTests {

    private static final JsonMapper JSON = StudyRequests.JSON;
    /** Settings no other test trains (Conv4-6), so the first plan has nothing comparable. */
    private static final String SETTINGS = StudyRequests.settings(6);
    private static final List<String> TABLES = List.of("study", "study_score", "study_run", "job", "experiment",
            "training_run", "diversity_score", "scheduled_tasks");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private String url(String path) {
        return "http://localhost:" + port + "/api/v1" + path;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return StudyRequests.post(http, url(path), json);
    }

    private JsonNode plan(String body) throws Exception {
        HttpResponse<String> planned = post("/studies/plan", body);
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
        return JSON.readTree(planned.body());
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        TABLES.forEach(t -> counts.put(t, jdbc.queryForObject("SELECT count(*) FROM " + t, Long.class)));
        return counts;
    }

    private static String body(List<String> ids) {
        return "{\"datasetIds\": " + JSON.writeValueAsString(ids) + ", " + SETTINGS + "}";
    }

    private static List<JsonNode> estimates(JsonNode plan) {
        List<JsonNode> all = new ArrayList<>();
        plan.get("methods").forEach(m -> m.get("estimates").forEach(all::add));
        plan.get("diversity").get("estimates").forEach(all::add);
        return all;
    }

    private static void assertPositiveAndFinite(JsonNode plan) {
        for (JsonNode e : estimates(plan)) {
            assertThat(e.get("secondsPerJob").asDouble()).as("%s", e).isPositive().isFinite();
            assertThat(e.get("cpuSecondsPerJob").asDouble()).as("%s", e).isPositive().isFinite();
            assertThat(e.get("note").asString()).isNotBlank();
        }
        JsonNode totals = plan.get("totals");
        for (String f : List.of("jobSeconds", "cpuHours", "longestJobSeconds", "wallSeconds")) {
            assertThat(totals.get(f).asDouble()).as(f + " in %s", totals).isPositive().isFinite();
        }
        assertThat(totals.get("wallSeconds").asDouble()).isGreaterThanOrEqualTo(totals.get("longestJobSeconds")
                .asDouble()).isLessThanOrEqualTo(totals.get("jobSeconds").asDouble() + 1e-9);
        assertThat(plan.get("workers").get("workers").asInt()).isPositive();
    }

    @Test
    void aPlanEstimatesFromTheModelThenFromMeasuredRunsAndSeesWhatWouldBeReused() throws Exception {
        List<String> ids = List.of(NoiseDatasets.upload(http, url("/datasets"), 171),
                NoiseDatasets.upload(http, url("/datasets"), 172), NoiseDatasets.upload(http, url("/datasets"), 173));
        Map<String, Long> before = counts();

        // (1) Nothing comparable ran: every estimate is the model's, positive and finite; nothing is stored.
        JsonNode first = plan(body(ids));
        assertThat(counts()).isEqualTo(before);
        assertThat(first.get("totals").get("jobs").asInt()).isEqualTo(3 + 3 * 2);
        assertThat(first.get("totals").get("reused").asInt()).isZero();
        assertThat(first.get("methods")).hasSize(2);
        assertThat(first.get("diversity").get("toQueue").asInt()).isEqualTo(3);
        assertPositiveAndFinite(first);
        for (JsonNode e : estimates(first)) {
            assertThat(e.get("basis").asString()).as("%s", e).isEqualTo("model");
        }
        System.out.println("plan before any run: " + first.get("methods") + " " + first.get("diversity") + " "
                + first.get("totals") + " " + first.get("workers"));

        // A small study runs.
        HttpResponse<String> accepted = post("/studies", "{\"name\": \"plan me\", " + body(ids).substring(1));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String study = JSON.readTree(accepted.body()).get("id").asString();
        JsonNode ended = StudyRequests.awaitEnded(http, url("/studies/" + study), Duration.ofSeconds(120));
        assertThat(ended.get("status").asString()).as("%s", ended).isEqualTo("SUCCEEDED");

        // (2a) The finished study again: every job would be reused, none queued. Another worker heartbeats now
        // (it counts), a third stopped an hour ago (it does not).
        String insert = "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, "
                + "last_heartbeat, version) VALUES ('plan-test', ?, now(), TRUE, ?, now() - ?::interval, 1)";
        jdbc.update(insert, "a", "other-worker", "0 s");
        jdbc.update(insert, "b", "gone-worker", "1 hour");
        JsonNode again;
        try {
            again = plan(body(ids));
        } finally {
            jdbc.update("DELETE FROM scheduled_tasks WHERE task_name = 'plan-test'");
        }
        assertThat(again.get("workers").get("workers").asInt()).as("%s", again.get("workers")).isEqualTo(2);
        assertThat(again.get("totals").get("jobs").asInt()).as("%s", again.get("totals")).isZero();
        assertThat(again.get("totals").get("reused").asInt()).isEqualTo(9);
        assertThat(again.get("totals").get("wallSeconds").asDouble()).isZero();
        for (JsonNode d : again.get("datasets")) {
            assertThat(d.get("score").get("reused").asBoolean()).isTrue();
            assertThat(d.get("score").get("reusedScoreId").asString()).isNotBlank();
            d.get("runs").forEach(r -> assertThat(r.get("reused").asBoolean()).isTrue());
        }

        // (2b) The same settings on new datasets of the same images: measured, near the runs' actual seconds.
        List<String> fresh = List.of(NoiseDatasets.upload(http, url("/datasets"), 174),
                NoiseDatasets.upload(http, url("/datasets"), 175));
        JsonNode measured = plan(body(fresh));
        assertPositiveAndFinite(measured);
        assertThat(measured.get("totals").get("jobs").asInt()).isEqualTo(2 + 2 * 2);
        for (JsonNode e : estimates(measured)) {
            assertThat(e.get("basis").asString()).as("%s", e).isEqualTo("measured");
            assertThat(e.get("samples").asInt()).isPositive();
        }
        for (JsonNode m : measured.get("methods")) {
            List<Double> actual = jdbc.queryForList("""
                    SELECT r.train_seconds + r.eval_seconds FROM study_run s JOIN training_run r ON r.id = s.run_id
                    WHERE s.study_id = ? AND s.method = ?""", Double.class, UUID.fromString(study),
                    m.get("method").asString());
            double estimate = m.get("secondsPerRun").asDouble();
            System.out.println(m.get("method").asString() + ": estimate " + estimate + " s per run (model before: "
                    + first.get("methods").findValues("secondsPerRun") + "), actual train + eval " + actual + "; "
                    + m.get("estimates").get(0).get("note").asString());
            for (double a : actual) {
                assertThat(estimate / a).as("%s estimate %s vs actual %s", m.get("method"), estimate, a)
                        .isBetween(0.2, 5.0);
            }
        }
        System.out.println("diversity: " + measured.get("diversity") + "; totals " + measured.get("totals"));
    }

    @Test
    void aBadPlanIsA400NamingTheFieldAndNothingIsStored() throws Exception {
        String a = NoiseDatasets.upload(http, url("/datasets"), 176);
        String b = NoiseDatasets.upload(http, url("/datasets"), 177);
        Map<String, Long> before = counts();
        StudyRequests.assertEachRefused(http, url("/studies/plan"), a, b);
        assertThat(counts()).isEqualTo(before);
    }
}
