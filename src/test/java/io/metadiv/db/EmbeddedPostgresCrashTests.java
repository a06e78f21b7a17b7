package io.metadiv.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metadiv.dataset.DatasetApi;
import io.metadiv.dataset.format.TestArchives;
import io.metadiv.diversity.api.NoiseDatasets;
import io.metadiv.process.ServiceProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as separate JVMs on one embedded PostgreSQL data directory: {@code kill -9} of the JVM leaves its
 * postmaster running, and the next start stops that orphan and comes up healthy on the same data, with a durable
 * server configuration. Real processes throughout.
 */
class EmbeddedPostgresCrashTests {

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "embedded-postgres-crash-tests");
    /** Heartbeats are 2 s here: the killed service's running job is revived about 8-12 s after the restart. */
    private static final Duration JOBS_WITHIN = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A score of a few seconds, so it is still running when the service is killed. */
    private static final String RUNNING_WHEN_KILLED = """
            {"tasks": 150, "ways": 2, "shots": 2, "queries": 2, "seed": 9, "headSteps": 10,
             "probe": {"kind": "RANDOM_CONV4", "seed": 3, "hidden": 64}}""";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ServiceProcess> started = new ArrayList<>();
    private int postgresPort;

    @Test
    void killedServiceRestartsAtOnceOnItsDataWithADurableServerAndFinishesItsJobs() throws Exception {
        postgresPort = ServiceProcess.freePort();
        ServiceProcess first = start("first");
        first.awaitHealthy(HEALTHY_WITHIN);
        assertDurable(first);

        byte[] zip = TestArchives.zip(TestArchives.imageFolder("", 2, 3, 71));
        HttpResponse<String> upload = new DatasetApi(first.port()).uploadZip("survivor", zip);
        assertThat(upload.statusCode()).as("upload: %s%s", upload.body(), first.logTail()).isEqualTo(201);
        JsonNode created = DatasetApi.json(upload);
        // One score running when the service dies, two more queued behind it.
        String datasetsUrl = first.url("/api/v1/datasets");
        String noise = NoiseDatasets.upload(http, datasetsUrl, 72);
        List<String> scores = new ArrayList<>();
        for (String body : List.of(RUNNING_WHEN_KILLED, NoiseDatasets.TINY_REQUEST, NoiseDatasets.TINY_REQUEST)) {
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(datasetsUrl + "/" + noise
                    + "/diversity")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            scores.add("/" + noise + "/diversity/" + JSON.readTree(accepted.body()).get("id").asString());
        }
        awaitScore(first, scores.get(0), "RUNNING");

        long orphan = postmasterPid();
        long killedAt = System.nanoTime();
        first.kill();
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("kill -9 of the service leaves its postmaster running").isPresent();

        ServiceProcess second = start("second");
        second.awaitHealthy(HEALTHY_WITHIN);
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.printf("EmbeddedPostgresCrashTests: healthy again %d ms after kill -9%n", restartMillis);

        HttpResponse<String> again = new DatasetApi(second.port()).get("/" + created.get("id").asString());
        assertThat(again.statusCode()).as("dataset after the restart: %s%s", again.body(), second.logTail())
                .isEqualTo(200);
        assertThat(DatasetApi.json(again).get("name").asString()).isEqualTo("survivor");
        assertThat(DatasetApi.json(again).get("checksum")).isEqualTo(created.get("checksum"));
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the orphaned postmaster %d is stopped", orphan).isEmpty();
        assertThat(postmasterPid()).isNotEqualTo(orphan);
        assertThat(second.logText())
                .as("the restart says it stopped the orphan%s", second.logTail())
                .contains("Stopped an orphaned PostgreSQL postmaster (pid " + orphan + ", port " + postgresPort);
        assertDurable(second);
        for (String score : scores) {
            JsonNode done = awaitScore(second, score, "SUCCEEDED");
            assertThat(done.get("coefficient").isNumber()).as("%s", done).isTrue();
        }
    }

    /** Polls a score of {@code service} until its status is {@code wanted} (or it ended otherwise). */
    private JsonNode awaitScore(ServiceProcess service, String score, String wanted) throws Exception {
        long deadline = System.nanoTime() + JOBS_WITHIN.toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            current = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(service.url("/api/v1/datasets"
                    + score))).build(), HttpResponse.BodyHandlers.ofString()).body());
            String status = current.get("status").asString();
            if (status.equals(wanted)) {
                return current;
            }
            if (status.matches("SUCCEEDED|FAILED|CANCELLED")) {
                break;
            }
            Thread.sleep(100);
        }
        return fail("score " + score + " not " + wanted + ": " + current + service.logTail());
    }

    @Test
    void aLockFileNamingALiveProcessThatIsNoPostgresIsDeleted() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = writePidFile(sleeper.pid());
            OrphanedPostmaster.stopIfRunning(dataDir);
            assertThat(pidFile).doesNotExist();
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void aLockFileNamingADeadProcessIsLeftToPostgres() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path pidFile = writePidFile(gone.pid());
        OrphanedPostmaster.stopIfRunning(dataDir);
        assertThat(pidFile).exists();
    }

    private Path writePidFile(long pid) throws IOException {
        return Files.write(dataDir.resolve("postmaster.pid"),
                List.of(Long.toString(pid), dataDir.toString(), "1700000000", "5432", "/tmp", "localhost"));
    }

    /** fsync and synchronous_commit on (zonky's test defaults have both off), full-page writes kept on. */
    private void assertDurable(ServiceProcess service) throws SQLException {
        Properties user = new Properties();
        user.setProperty("user", "postgres");
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + postgresPort + "/postgres", user);
                Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).as("SHOW %s%s", setting, service.logTail()).isEqualTo("on");
                }
            }
        }
    }

    private ServiceProcess start(String name) throws IOException {
        ServiceProcess service = ServiceProcess.start(name, LOGS, List.of(
                "--metadiv.embedded-postgres.data-dir=" + dataDir,
                "--metadiv.embedded-postgres.port=" + postgresPort,
                "--db-scheduler.heartbeat-interval=2s", "--db-scheduler.polling-interval=1s"));
        started.add(service);
        return service;
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/postgres")).orElse(false);
    }

    /** No service JVM, pg_ctl or postgres started here outlives the test. */
    @AfterEach
    void stopEverything() throws Exception {
        for (ServiceProcess service : started) {
            service.close();
        }
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster = Files.exists(pidFile)
                ? ProcessHandle.of(postmasterPid()).filter(ProcessHandle::isAlive)
                        .filter(EmbeddedPostgresCrashTests::isPostgres)
                : Optional.empty();
        if (postmaster.isPresent()) {
            postmaster.get().destroy(); // SIGTERM: smart shutdown, its clients died with the JVM
            try {
                postmaster.get().onExit().get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                postmaster.get().destroyForcibly();
                postmaster.get().onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
