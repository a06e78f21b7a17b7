package io.metadiv.dataset;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the dataset endpoints of a running application. */
public final class DatasetApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public DatasetApi(int port) {
        this.base = "http://localhost:" + port + "/api/v1/datasets";
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A ZIP upload: POST /api/v1/datasets. */
    public HttpResponse<String> upload(Multipart form) throws IOException, InterruptedException {
        return upload("", form);
    }

    /** {@code ""} for a ZIP, {@code "/idx"} for an IDX pair. */
    HttpResponse<String> upload(String path, Multipart form) throws IOException, InterruptedException {
        return http.send(form.post(uri(path)), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> uploadZip(String name, byte[] zip) throws IOException, InterruptedException {
        return upload(new Multipart().field("name", name).file("file", name + ".zip", zip));
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
