package io.metadiv.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metadiv.dataset.DatasetApi;
import io.metadiv.dataset.format.TestArchives;
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

/**
 * The service as separate JVMs on one embedded PostgreSQL data directory: {@code kill -9} of the JVM leaves its
 * postmaster running, and the next start stops that orphan and comes up healthy on the same data, with a durable
 * server configuration. Real processes throughout.
 */
class EmbeddedPostgresCrashTests {

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "embedded-postgres-crash-tests");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ProcessHandle> started = new ArrayList<>();
    private int postgresPort;

    private record Service(Process process, int port, Path log) {
        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return "\n--- last lines of " + log + " ---\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
            } catch (IOException e) {
                return "\n(no log at " + log + ": " + e + ")";
            }
        }
    }

    @Test
    void killedServiceRestartsAtOnceOnItsDataWithADurableServer() throws Exception {
        postgresPort = freePort();
        Service first = start("first");
        awaitHealthy(first);
        assertDurable(first);

        byte[] zip = TestArchives.zip(TestArchives.imageFolder("", 2, 3, 71));
        HttpResponse<String> upload = new DatasetApi(first.port()).uploadZip("survivor", zip);
        assertThat(upload.statusCode()).as("upload: %s%s", upload.body(), first.logTail()).isEqualTo(201);
        JsonNode created = DatasetApi.json(upload);

        long orphan = postmasterPid();
        long killedAt = System.nanoTime();
        first.process().destroyForcibly();
        first.process().waitFor();
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("kill -9 of the service leaves its postmaster running").isPresent();

        Service second = start("second");
        awaitHealthy(second);
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
        assertThat(Files.readString(second.log()))
                .as("the restart says it stopped the orphan%s", second.logTail())
                .contains("Stopped an orphaned PostgreSQL postmaster (pid " + orphan + ", port " + postgresPort);
        assertDurable(second);
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
    private void assertDurable(Service service) throws SQLException {
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

    private Service start(String name) throws IOException {
        Files.createDirectories(LOGS);
        int port = freePort();
        Path log = LOGS.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-Dai.djl.offline=true", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.metadiv.MetadivApplication",
                "--metadiv.embedded-postgres.data-dir=" + dataDir,
                "--metadiv.embedded-postgres.port=" + postgresPort,
                "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process.toHandle());
        return new Service(process, port, log);
    }

    private void awaitHealthy(Service service) throws InterruptedException {
        URI uri = URI.create("http://localhost:" + service.port() + "/actuator/health");
        HttpRequest health = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!service.process().isAlive()) {
                fail("the service exited with " + service.process().exitValue() + service.logTail());
            }
            try {
                lastStatus = http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // retried until the deadline
            }
            Thread.sleep(200);
        }
        fail("no healthy service within " + HEALTHY_WITHIN + " (last status " + lastStatus + ")" + service.logTail());
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/postgres")).orElse(false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** No service JVM, pg_ctl or postgres started here outlives the test. */
    @AfterEach
    void stopEverything() throws Exception {
        for (ProcessHandle service : started) {
            List<ProcessHandle> children = service.descendants().toList(); // pg_ctl and postmaster while starting
            service.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            service.onExit().get(30, TimeUnit.SECONDS);
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
