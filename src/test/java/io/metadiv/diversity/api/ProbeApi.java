package io.metadiv.diversity.api;

import io.metadiv.dataset.Multipart;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** HTTP calls the probe model tests share: fixture models, upload, and JSON requests under {@code /api/v1}. */
public final class ProbeApi {

    public final HttpClient http = HttpClient.newHttpClient();
    public final String base;

    public ProbeApi(int port) {
        base = "http://localhost:" + port + "/api/v1";
    }

    /** A model fixture under {@code src/test/resources/io/metadiv/diversity/}, e.g. {@code safety/safe_cnn.pt}. */
    public static byte[] fixture(String path) throws IOException {
        try (InputStream in = ProbeApi.class.getResourceAsStream("/io/metadiv/diversity/" + path)) {
            return in.readAllBytes();
        }
    }

    /** {@code POST /probes} with the model as part {@code file}. */
    public HttpResponse<String> upload(String filename, byte[] content) throws Exception {
        return http.send(new Multipart().file("file", filename, content).post(URI.create(base + "/probes")),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code base + path}, with a JSON body when {@code json} is not null. */
    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
