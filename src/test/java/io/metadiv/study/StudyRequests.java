package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bodies, requests and checks the study API tests share. */
final class StudyRequests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private StudyRequests() {
    }

    /**
     * The methods, seeds, training and diversity fields of a small study: 2-way runs and 3-task scores on 6 noise
     * classes (3 meta-train, 3 meta-test), on Conv4s of width {@code hidden}; seconds each.
     */
    static String settings(int hidden) {
        return """
                "methods": ["FO_MAML", "PT"], "seeds": [0],
                "training": {"hidden": %d, "ways": 2, "shots": 1, "queries": 3, "iterations": 12, "metaBatch": 2,
                             "ptBatch": 6, "evalEpisodes": 8, "split": [0.5, 0, 0.5]},
                "diversity": {"tasks": 3, "ways": 2, "shots": 2, "queries": 2, "headSteps": 10, "split": [0.5, 0, 0.5],
                              "probe": {"kind": "RANDOM_CONV4", "seed": 3, "hidden": %d}}""".formatted(hidden, hidden);
    }

    static HttpResponse<String> post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each body a study refuses, on datasets {@code a} and {@code b}, is a 400 from {@code url} naming its field. */
    static void assertEachRefused(HttpClient http, String url, String a, String b) throws Exception {
        String two = "\"datasetIds\": [\"" + a + "\", \"" + b + "\"]";
        String[][] cases = {
            {"{\"datasetIds\": [\"" + a + "\"]}", "datasetIds"},
            {"{" + two + ", \"seeds\": [1, 1]}", "seeds"},
            {"{" + two + ", \"training\": {\"ways\": 50}}", "training.ways"},
            {"{" + two + ", \"training\": {\"method\": \"PT\"}}", "training"},
            {"{" + two + ", \"criteria\": {\"minGapPoints\": -1}}", "criteria.minGapPoints"},
            {"{" + two + ", \"diversity\": {\"ways\": 50}}", "diversity"},
            {"{\"datasetIds\": [\"" + a + "\", \"" + UUID.randomUUID() + "\"]}", "datasetIds[1]"},
            {"{" + two + ", \"methods\": [\"SGD\"]}", "methods"},
            {"{" + two + ", \"diversity\": {\"probe\": {\"seed\": 4}}, \"robustnessProbe\": {\"seed\": 4}}",
                "robustnessProbe"},
        };
        for (String[] c : cases) {
            HttpResponse<String> refused = post(http, url, c[0]);
            assertThat(refused.statusCode()).as(c[0] + " -> " + refused.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(refused.body());
            List<String> fields = new ArrayList<>(List.of(problem.get("field").asString()));
            if (problem.has("errors")) {
                problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            }
            assertThat(fields).as(refused.body()).anySatisfy(f -> assertThat(f).startsWith(c[1]));
        }
    }

    /** The study at {@code url} once it is no longer RUNNING, or as it is after {@code timeout}. */
    static JsonNode awaitEnded(HttpClient http, String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).build();
        JsonNode study = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        while (study.get("status").asString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(300);
            study = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        }
        return study;
    }
}
