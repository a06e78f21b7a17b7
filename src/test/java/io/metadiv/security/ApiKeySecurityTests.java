package io.metadiv.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadiv.diversity.api.NoiseDatasets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys and roles over real HTTP, with keys enabled on every interface (as in a cluster) and verbose logging (so a key
 * that reached a log line would be caught). The contract walk covers every operation the running service describes,
 * so an endpoint added later is checked without a change here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "metadiv.security.keys-enabled=true",
        "metadiv.security.bootstrap-admin-key=" + ApiKeySecurityTests.BOOTSTRAP,
        "server.address=0.0.0.0",
        "metadiv.cors.allowed-origins=https://dash.example",
        "server.forward-headers-strategy=native",
        "logging.level.org.springframework.security=DEBUG",
        "logging.level.org.springframework.web=DEBUG",
        "logging.level.io.metadiv=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class ApiKeySecurityTests {

    static final String BOOTSTRAP = "test-bootstrap-admin-key-4f9c1e7a2b8d6e30a5c4";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]+}");
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "patch", "delete");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys keys;

    private final HttpClient http = HttpClient.newHttpClient();

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** {@code method path} with the given headers (name, value, …); a JSON {@code {}} body for POST, PUT, PATCH. */
    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        boolean body = Set.of("POST", "PUT", "PATCH").contains(method);
        request.method(method, body ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        if (body) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> as(String key, String method, String path) throws Exception {
        return send(method, path, "Authorization", "Bearer " + key);
    }

    private HttpResponse<String> createKey(String name, KeyRole role) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/keys")))
                .header("Authorization", "Bearer " + BOOTSTRAP).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new key of {@code role}: its secret. */
    private String key(KeyRole role) throws Exception {
        HttpResponse<String> created = createKey(role.name().toLowerCase() + "-" + UUID.randomUUID(), role);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("key").asString();
    }

    private static JsonNode assertProblem(HttpResponse<String> answer, int status, String what) {
        assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.get("title").asString()).as(what).isNotBlank();
        assertThat(problem.get("detail").asString()).as(what).isNotBlank();
        assertThat(problem.get("instance").asString()).as(what).isEqualTo(answer.uri().getRawPath());
        assertThat(problem.get("timestamp").asString()).as(what).isNotBlank();
        return problem;
    }

    private static boolean refused(HttpResponse<String> answer) {
        return answer.statusCode() == 401 || answer.statusCode() == 403;
    }

    /** One operation of the contract. */
    record Operation(String id, String method, String path) {
        boolean reads() {
            return method.equals("GET") || method.equals("HEAD");
        }

        boolean forAdmins() {
            return method.equals("DELETE") || path.startsWith("/api/v1/keys");
        }
    }

    private List<Operation> operations() throws Exception {
        HttpResponse<String> docs = send("GET", "/v3/api-docs");
        assertThat(docs.statusCode()).as("the OpenAPI document needs no key").isEqualTo(200);
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : JSON.readTree(docs.body()).get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    String filled = PLACEHOLDER.matcher(path.getKey()).replaceAll(m -> UUID.randomUUID().toString());
                    operations.add(new Operation(operation.getValue().get("operationId").asString(),
                            operation.getKey().toUpperCase(), filled));
                }
            }
        }
        return operations;
    }

    @Test
    void everyOperationOfTheContractRefusesNoKeyAWrongKeyAndTooWeakARole() throws Exception {
        String reader = key(KeyRole.READER);
        String operator = key(KeyRole.OPERATOR);
        String wrong = ApiKeys.KEY_START + "not-a-key-" + UUID.randomUUID();
        List<Operation> operations = operations();
        assertThat(operations).extracting(Operation::id).contains("createApiKey", "listApiKeys", "revokeApiKey",
                "uploadZipDataset", "deleteDataset", "streamJobEvents", "cancelJob", "submitStudy");
        assertThat(operations).hasSizeGreaterThanOrEqualTo(30);
        for (Operation op : operations) {
            String what = op.id() + " " + op.method() + " " + op.path();
            HttpResponse<String> anonymous = send(op.method(), op.path());
            assertProblem(anonymous, 401, what + " without a key");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
                    h -> assertThat(h).startsWith("Bearer"));
            assertProblem(as(wrong, op.method(), op.path()), 401, what + " with a wrong key");
            assertProblem(send(op.method(), op.path(), "X-API-Key", wrong), 401, what + " with a wrong X-API-Key");
            // the role that suffices gets past security (to a 404, 400 or 415 with these random ids and empty bodies)
            String enough = op.forAdmins() ? BOOTSTRAP : op.reads() ? reader : operator;
            HttpResponse<String> allowed = as(enough, op.method(), op.path());
            assertThat(refused(allowed)).as(what + " with the role it needs -> " + allowed.body()).isFalse();
            if (!op.reads()) {
                assertProblem(as(reader, op.method(), op.path()), 403, what + " as a reader");
            }
            if (op.forAdmins()) {
                assertProblem(as(operator, op.method(), op.path()), 403, what + " as an operator");
            }
        }
    }

    @Test
    void pagesAndActuatorOutsideTheContractNeedKeysToo() throws Exception {
        String reader = key(KeyRole.READER);
        String report = "/studies/" + UUID.randomUUID();
        assertProblem(send("GET", report), 401, "report page without a key");
        HttpResponse<String> page = send("GET", report, "X-API-Key", reader, "Accept", "text/html");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(404);
        assertThat(page.body()).contains("<title>404 Study not found");

        HttpResponse<String> health = send("GET", "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).properties()).extracting(Map.Entry::getKey)
                .as("status only, no details (disk paths, database) without a key: " + health.body())
                .containsOnly("status", "groups");
        assertThat(send("GET", "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness").statusCode()).isEqualTo(200);
        HttpResponse<String> details = as(reader, "GET", "/actuator/health");
        assertThat(details.body()).contains("\"components\"", "PostgreSQL", "diskSpace");

        assertProblem(send("GET", "/actuator/prometheus"), 401, "prometheus without a key");
        assertThat(as(reader, "GET", "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        assertThat(send("GET", "/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void aReaderChangesNothing() throws Exception {
        String reader = key(KeyRole.READER);
        String operator = key(KeyRole.OPERATOR);
        String datasetId = NoiseDatasets.upload(KeyedHttpClient.with(http, operator), url("/api/v1/datasets"), 71);
        long datasets = jdbc.queryForObject("SELECT count(*) FROM dataset", Long.class);

        HttpResponse<String> upload = KeyedHttpClient.with(http, reader).send(new io.metadiv.dataset.Multipart()
                .field("name", "by-a-reader").file("file", "x.zip", new byte[] {'P', 'K', 3, 4})
                .post(URI.create(url("/api/v1/datasets"))), HttpResponse.BodyHandlers.ofString());
        JsonNode problem = assertProblem(upload, 403, "a reader's upload");
        assertThat(problem.get("detail").asString()).contains("OPERATOR", "READER");
        assertProblem(as(reader, "DELETE", "/api/v1/datasets/" + datasetId), 403, "a reader's delete");
        assertProblem(as(operator, "DELETE", "/api/v1/datasets/" + datasetId), 403, "an operator's delete");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dataset", Long.class)).isEqualTo(datasets);
        assertThat(as(reader, "GET", "/api/v1/datasets/" + datasetId).statusCode()).isEqualTo(200);
        assertThat(as(BOOTSTRAP, "DELETE", "/api/v1/datasets/" + datasetId).statusCode()).isEqualTo(204);
    }

    @Test
    void aCreatedKeyIsShownOnceAndNeverLoggedListedOrCounted(CapturedOutput output) throws Exception {
        HttpResponse<String> created = createKey("grafana", KeyRole.READER);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String secret = body.get("key").asString();
        assertThat(secret).startsWith(ApiKeys.KEY_START).hasSize(47);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/keys/" + body.get("id").asString());
        assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(
                c -> assertThat(c).contains("no-store"));
        assertThat(body.get("prefix").asString()).isEqualTo(secret.substring(0, 12));

        assertThat(as(secret, "GET", "/api/v1/datasets").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/datasets", "X-API-Key", secret).statusCode()).isEqualTo(200);
        assertProblem(send("GET", "/api/v1/datasets", "X-API-Key", secret, "Authorization", "Bearer " + BOOTSTRAP),
                401, "two different keys");
        assertProblem(as(secret + "x", "GET", "/api/v1/datasets"), 401, "the key and one more character");
        assertProblem(as(secret, "POST", "/api/v1/jobs/" + UUID.randomUUID() + "/cancel"), 403, "a reader's cancel");

        HttpResponse<String> listed = as(BOOTSTRAP, "GET", "/api/v1/keys");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("grafana", body.get("id").asString()).doesNotContain(secret);
        JsonNode entry = JSON.readTree(listed.body()).valueStream()
                .filter(k -> k.get("id").asString().equals(body.get("id").asString())).findFirst().orElseThrow();
        assertThat(entry.get("role").asString()).isEqualTo("READER");
        assertThat(entry.get("lastUsedAt").isNull()).isFalse();
        assertThat(entry.has("key")).isFalse();
        assertThat(as(BOOTSTRAP, "GET", "/actuator/prometheus").body()).doesNotContain(secret.substring(12));

        assertThat(output.getAll()).as("DEBUG logs were captured").contains("Securing GET /api/v1/keys");
        assertThat(output.getAll()).doesNotContain(secret.substring(12)).doesNotContain(BOOTSTRAP.substring(12));
    }

    @Test
    void aRevokedKeyGets401() throws Exception {
        HttpResponse<String> created = createKey("to-revoke", KeyRole.OPERATOR);
        JsonNode body = JSON.readTree(created.body());
        String secret = body.get("key").asString();
        String path = "/api/v1/keys/" + body.get("id").asString();
        assertThat(as(secret, "GET", "/api/v1/datasets").statusCode()).isEqualTo(200);

        assertThat(as(BOOTSTRAP, "DELETE", path).statusCode()).isEqualTo(204);
        JsonNode problem = assertProblem(as(secret, "GET", "/api/v1/datasets"), 401, "a revoked key");
        assertThat(problem.get("detail").asString()).contains("revoked");
        assertThat(as(BOOTSTRAP, "DELETE", path).statusCode()).as("again: nothing changes").isEqualTo(204);
        assertThat(as(BOOTSTRAP, "GET", "/api/v1/keys").body()).contains("to-revoke");
        assertProblem(as(BOOTSTRAP, "DELETE", "/api/v1/keys/" + UUID.randomUUID()), 404, "an unknown key");
        assertProblem(as(BOOTSTRAP, "POST", "/api/v1/keys"), 400, "a key without name and role");
    }

    @Test
    void theBootstrapAdminKeyWorksAndTheLastAdminKeyStays() throws Exception {
        HttpResponse<String> listed = as(BOOTSTRAP, "GET", "/api/v1/keys");
        assertThat(listed.statusCode()).isEqualTo(200);
        List<JsonNode> admins = JSON.readTree(listed.body()).valueStream()
                .filter(k -> k.get("role").asString().equals("ADMIN") && k.get("revokedAt").isNull()).toList();
        JsonNode bootstrap = admins.stream().filter(k -> k.get("name").asString().equals(ApiKeys.BOOTSTRAP_NAME))
                .findFirst().orElseThrow();
        assertThat(bootstrap.get("prefix").asString()).isEqualTo(BOOTSTRAP.substring(0, 12));

        assertThat(keys.bootstrap(BOOTSTRAP)).as("a restart").isEqualTo(ApiKeys.Bootstrap.PRESENT);
        assertThat(keys.bootstrap(BOOTSTRAP + "-rotated")).isEqualTo(ApiKeys.Bootstrap.ADMIN_EXISTS);
        assertThatThrownBy(() -> keys.bootstrap("short")).hasMessageContaining("openssl rand");

        String second = key(KeyRole.ADMIN);
        for (JsonNode admin : JSON.readTree(as(second, "GET", "/api/v1/keys").body())) {
            if (admin.get("role").asString().equals("ADMIN") && admin.get("revokedAt").isNull()
                    && !admin.get("id").equals(bootstrap.get("id"))) {
                assertThat(as(BOOTSTRAP, "DELETE", "/api/v1/keys/" + admin.get("id").asString()).statusCode())
                        .isEqualTo(204);
            }
        }
        assertProblem(as(BOOTSTRAP, "DELETE", "/api/v1/keys/" + bootstrap.get("id").asString()), 409,
                "the last admin key");
        assertThat(as(BOOTSTRAP, "GET", "/api/v1/keys").statusCode()).isEqualTo(200);
    }

    @Test
    void aReaderReadsAJobsEventStreamToItsEnd() throws Exception {
        String operator = key(KeyRole.OPERATOR);
        String reader = key(KeyRole.READER);
        HttpClient operatorHttp = KeyedHttpClient.with(http, operator);
        String datasetId = NoiseDatasets.upload(operatorHttp, url("/api/v1/datasets"), 72);
        HttpResponse<String> accepted = operatorHttp.send(HttpRequest.newBuilder(
                URI.create(url("/api/v1/datasets/" + datasetId + "/diversity"))).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(NoiseDatasets.TINY_REQUEST)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("jobId").asString();

        HttpResponse<Stream<String>> stream = KeyedHttpClient.with(http, reader).send(HttpRequest.newBuilder(
                URI.create(url("/api/v1/jobs/" + jobId + "/events"))).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        // bounded: the stream ends after the job's final status (a few seconds), or the test fails here
        List<String> lines = CompletableFuture.supplyAsync(() -> stream.body().toList()).get(120, TimeUnit.SECONDS);
        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(lines).contains("event:status");
        assertThat(data).isNotEmpty();
        assertThat(data.get(data.size() - 1)).as(String.join("\n", lines)).contains("\"status\":\"SUCCEEDED\"");
        assertThat(lines).as("nothing refused on the async dispatch that ends the stream")
                .noneMatch(l -> l.contains("Unauthorized") || l.contains("Forbidden") || l.contains("\"status\":40"));
    }

    @Test
    void responsesCarrySecurityHeadersAndCorsAnswersOnlyConfiguredOrigins() throws Exception {
        String reader = key(KeyRole.READER);
        HttpResponse<String> answer = as(reader, "GET", "/api/v1/datasets");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(
                c -> assertThat(c).contains("no-store"));
        assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("plain http").isEmpty();
        HttpResponse<String> behindTls = send("GET", "/api/v1/datasets", "Authorization", "Bearer " + reader,
                "X-Forwarded-Proto", "https");
        assertThat(behindTls.headers().firstValue("Strict-Transport-Security")).as("https through a proxy")
                .hasValueSatisfying(h -> assertThat(h).contains("max-age="));

        HttpResponse<String> preflight = send("OPTIONS", "/api/v1/datasets", "Origin", "https://dash.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");
        HttpResponse<String> other = send("OPTIONS", "/api/v1/datasets", "Origin", "https://elsewhere.example",
                "Access-Control-Request-Method", "GET");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> cross = send("GET", "/api/v1/datasets", "Authorization", "Bearer " + reader, "Origin",
                "https://dash.example");
        assertThat(cross.statusCode()).isEqualTo(200);
        assertThat(cross.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");
    }

    @Test
    void errorsCarryNoStackTrace() throws Exception {
        String reader = key(KeyRole.READER);
        for (String path : List.of("/api/v1/datasets/not-a-uuid", "/api/v1/datasets/%2e%2e/x", "/api/v1/x/..;/keys",
                "/api/v1/datasets?page=-1")) {
            HttpResponse<String> answer = as(reader, "GET", path);
            assertThat(answer.statusCode()).as(path).isBetween(400, 499);
            assertThat(answer.body()).as(path).doesNotContain("Exception", "\tat ", "at org.", "at io.");
        }
    }
}
