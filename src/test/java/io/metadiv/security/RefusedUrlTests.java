package io.metadiv.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * URLs that Spring Security's firewall refuses answer a 400 problem like every other error, not Boot's error page.
 * Sent over a raw socket: java.net.http normalises or refuses some of these paths itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusedUrlTests {

    @LocalServerPort
    int port;

    @Test
    void aRefusedUrlIsA400Problem() throws Exception {
        for (String path : new String[] {"/api/v1/datasets;jsessionid=x", "/api/v1//datasets",
                "/api/v1/%2e%2e/keys", "/api/v1/datasets/%25", "/api/v1/datasets%2Fx", "/api/v1/datasets%5Cx"}) {
            String response = get(path);
            assertThat(response).as(path).startsWith("HTTP/1.1 400 ");
            String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
            assertThat(head).as(path).contains("content-type: application/problem+json");
            assertThat(response).as(path).contains("\"status\":400", "\"detail\":\"The URL was refused: ",
                    "\"title\":\"Bad Request\"").doesNotContain("\"error\":");
        }
        assertThat(get("/api/v1/datasets")).as("an ordinary path").startsWith("HTTP/1.1 200 ");
    }

    private String get(String path) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
