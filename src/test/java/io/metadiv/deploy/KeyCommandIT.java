package io.metadiv.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metadiv.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's key commands, each a JVM of its own on one embedded PostgreSQL data directory: the key that
 * {@code create-admin-key} prints is the whole of its stdout and works in the service started on that directory
 * afterwards; {@code revoke-key} revokes one but not the last admin key; no secret reaches a log; wrong arguments
 * exit 2 at once. Run by failsafe after {@code package}.
 */
class KeyCommandIT {

    private static final String KEY_LINE = "mdk_[A-Za-z0-9_-]{43}\n";

    @TempDir
    Path dir;

    private Path jar;
    private Map<String, String> database;

    @BeforeEach
    void jarAndDatabase() throws Exception {
        jar = Path.of(System.getProperty("metadiv.jar", "target/metadiv.jar"));
        assertThat(jar).as("run by failsafe after package").exists();
        database = Map.of("METADIV_EMBEDDED_POSTGRES_DATA_DIR", dir.resolve("pg").toString(),
                "METADIV_EMBEDDED_POSTGRES_PORT", Integer.toString(ServiceProcess.freePort()));
    }

    @Test
    void thePrintedKeyIsAnAdminKeyOfTheService() throws Exception {
        Result first = run("create-admin-key", "--name", "ops");
        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(first.stdout()).matches(KEY_LINE);
        String key = first.stdout().strip();
        assertThat(first.stderr()).contains("'ops'", key.substring(0, 12)).doesNotContain(key);
        // A second admin key is allowed (replacing a key, a lost key): the first one can then be revoked.
        Result second = run("create-admin-key", "--name=ops-2");
        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stdout()).matches(KEY_LINE);
        String other = second.stdout().strip();
        assertThat(other).isNotEqualTo(key);
        assertThat(second.stderr()).doesNotContain(other).contains("Valid ADMIN keys before it: 1");
        Result revoked = run("revoke-key", "--prefix", key.substring(0, 12));
        assertThat(revoked.exit()).as(revoked.stderr()).isZero();
        assertThat(revoked.stderr()).contains("Revoked API key").doesNotContain(key);
        assertThat(revoked.stdout()).isEmpty();

        try (ServiceProcess service = ServiceProcess.startJar("key-command", Path.of("target/process-logs"), jar,
                List.of("--metadiv.embedded-postgres.data-dir=" + database.get("METADIV_EMBEDDED_POSTGRES_DATA_DIR"),
                        "--metadiv.embedded-postgres.port=" + database.get("METADIV_EMBEDDED_POSTGRES_PORT"),
                        "--metadiv.security.keys-enabled=true"))) {
            service.awaitHealthy(Duration.ofMinutes(3));
            HttpClient http = HttpClient.newHttpClient();
            URI keys = URI.create(service.url("/api/v1/keys"));
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(keys)
                    .header("Authorization", "Bearer " + other).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).as(listed.body() + service.logTail()).isEqualTo(200);
            assertThat(listed.body()).contains("\"ops\"", "\"ops-2\"", "\"ADMIN\"").doesNotContain(key, other);
            assertThat(status(http, HttpRequest.newBuilder(keys).header("X-API-Key", key))).as("revoked")
                    .isEqualTo(401);
            assertThat(status(http, HttpRequest.newBuilder(keys))).as("no key").isEqualTo(401);
            service.stop();
            assertThat(service.logText()).doesNotContain(key, other);
        }

        Result last = run("revoke-key", "--prefix", other.substring(0, 12));
        assertThat(last.exit()).as(last.stderr()).isEqualTo(1);
        assertThat(last.stderr()).contains("is the last valid ADMIN key").doesNotContain(other);
    }

    @Test
    void wrongArgumentsExitTwoBeforeAnythingStarts() throws Exception {
        for (List<String> args : List.of(List.of("create-admin-key"), List.of("create-admin-key", "--name", " "),
                List.of("create-admin-key", "--name", "ops", "--role", "READER"), List.of("revoke-key"),
                List.of("revoke-key", "--id", "not-a-uuid"))) {
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exit()).as(args + ": " + result.stderr()).isEqualTo(2);
            assertThat(result.stdout()).as(args.toString()).isEmpty();
            assertThat(result.stderr()).as(args.toString()).startsWith("error: ").contains("usage:");
        }
        assertThat(run("create-admin-key", "--name", "ops", "--role", "READER").stderr())
                .contains("unknown option '--role'");
        assertThat(dir.resolve("pg")).as("no database was started").doesNotExist();
    }

    private static int status(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code java -jar <jar> <args>} on the test's database, to its exit, with stdout and stderr apart. */
    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(ServiceProcess.java());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(database);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(String.join(" ", args) + " did not exit within 3 minutes: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exit, String stdout, String stderr) {
    }
}
