package io.metadiv.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The embedded default (keys disabled, loopback only; the context the other API tests share): every caller may do
 * everything, with the same security headers, and no cross-origin access.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAccessTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyCallerIsAnAdminWithoutAKey() throws Exception {
        HttpResponse<String> keys = send("GET", "/api/v1/keys");
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/keys", "Authorization", "Bearer whatever").statusCode())
                .as("keys are not looked at").isEqualTo(200);
        assertThat(send("GET", "/actuator/health").body()).contains("\"components\"");
        assertThat(keys.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(keys.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void corsIsOffUnlessOriginsAreConfigured() throws Exception {
        HttpResponse<String> preflight = send("OPTIONS", "/api/v1/datasets", "Origin", "https://dash.example",
                "Access-Control-Request-Method", "GET");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> cross = send("GET", "/api/v1/datasets", "Origin", "https://dash.example");
        assertThat(cross.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
