package io.metadiv.study;

import io.metadiv.diversity.api.NoiseDatasets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small study over real HTTP for the study tests: noise datasets, tiny settings, submit, wait until it ended. */
final class StudyClient {

    static final JsonMapper JSON = StudyRequests.JSON;
    static final String SETTINGS = StudyRequests.settings(8);

    final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    StudyClient(int port) {
        this.port = port;
    }

    /** An API URL: {@code /api/v1} + path. */
    String url(String path) {
        return root(path.startsWith("/api/") ? path : "/api/v1" + path);
    }

    /** A URL of this server as it is. */
    String root(String path) {
        return "http://localhost:" + port + path;
    }

    /** Uploads one noise dataset per seed; their ids. */
    List<String> noiseDatasets(long... seeds) throws Exception {
        List<String> ids = new ArrayList<>();
        for (long seed : seeds) {
            ids.add(NoiseDatasets.upload(http, url("/datasets"), seed));
        }
        return ids;
    }

    /** A study request over these datasets with {@link #SETTINGS}. */
    static String request(String name, List<String> datasetIds) {
        return "{\"name\": " + JSON.writeValueAsString(name) + ", \"datasetIds\": " + JSON.writeValueAsString(
                datasetIds) + ", " + SETTINGS + "}";
    }

    HttpResponse<String> post(String json) throws Exception {
        return StudyRequests.post(http, url("/studies"), json);
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).method(method,
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The study once it is no longer RUNNING (or after 180 s). */
    JsonNode awaitEnded(String id) throws Exception {
        return StudyRequests.awaitEnded(http, url("/studies/" + id), Duration.ofSeconds(180));
    }
}
