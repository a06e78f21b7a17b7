package io.metadiv.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metadiv.diversity.api.NoiseDatasets;
import io.metadiv.security.KeyedHttpClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job engine across processes: separate service JVMs on one PostgreSQL, killed, frozen and cut off from the
 * database as in production. Worker A runs {@code api,worker}, worker B {@code worker}; every request goes to C, an
 * {@code api}-only process, which must never claim a job. Heartbeats are 3 s here (dead after 4 missed, 12 s) so the
 * revivals fit a CI run; production uses 20 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerProcessTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path LOGS = Path.of("target", "worker-process-tests");
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(120);
    /** {@code -Dworker.tests.heartbeat=20s} measures revival under the production heartbeat. */
    private static final Duration HEARTBEAT = Duration.parse("PT" + System.getProperty("worker.tests.heartbeat", "3s"));
    /** A score of several seconds, long enough to kill or freeze its worker in the middle. */
    private static final String LONG_REQUEST = """
            {"tasks": 200, "ways": 2, "shots": 2, "queries": 2, "seed": 7, "headSteps": 10,
             "probe": {"kind": "RANDOM_CONV4", "seed": 3, "hidden": 64}}""";

    /** On an external database the API needs keys: every process bootstraps this one, and every request sends it. */
    private static final String ADMIN_KEY = "worker-process-tests-admin-key-5b0d2c9e71f4a3";

    private final HttpClient http = KeyedHttpClient.with(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), ADMIN_KEY);
    private final List<ServiceProcess> processes = new ArrayList<>();
    private Path dataDir;
    private int dbPort;
    private EmbeddedPostgres db;
    private JdbcTemplate jdbc;
    private ServiceProcess workerA;
    private ServiceProcess workerB;
    private ServiceProcess api;
    private String datasetId;
    private Double uninterrupted;

    @BeforeAll
    void startDatabaseAndProcesses() throws Exception {
        dataDir = Files.createTempDirectory("metadiv-worker-tests");
        dbPort = ServiceProcess.freePort();
        startDatabase();
        DriverManagerDataSource source = new DriverManagerDataSource(
                "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "");
        jdbc = new JdbcTemplate(source);
        workerA = service("worker-a", "api,worker");
        workerB = service("worker-b", "worker");
        api = service("api-c", "api");
        for (ServiceProcess p : List.of(workerA, workerB, api)) {
            p.awaitHealthy(HEALTHY_WITHIN);
        }
        datasetId = NoiseDatasets.upload(http, api.url("/api/v1/datasets"), 51);
    }

    private void startDatabase() throws IOException {
        db = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(dbPort)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
    }

    private ServiceProcess service(String id, String roles) throws IOException {
        ServiceProcess p = ServiceProcess.start(id, LOGS, List.of(
                "--spring.datasource.url=jdbc:postgresql://localhost:" + dbPort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--metadiv.security.keys-enabled=true", "--metadiv.security.bootstrap-admin-key=" + ADMIN_KEY,
                "--metadiv.roles=" + roles, "--metadiv.worker.id=" + id, "--metadiv.worker.torch-threads=1",
                "--db-scheduler.heartbeat-interval=" + HEARTBEAT.toSeconds() + "s",
                "--db-scheduler.polling-interval=1s", "--metadiv.jobs.retry-delay=2s",
                "--metadiv.training.checkpoint-every=50"));
        processes.add(p);
        return p;
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (ServiceProcess p : processes) {
            p.close();
        }
        if (db != null) {
            db.close();
        }
    }

    // ---- HTTP and database helpers --------------------------------------------------------------------------

    /** Submits a score through the api-only process; returns [scoreId, jobId]. */
    private String[] submit(String body) throws Exception {
        return submit(api, body);
    }

    private String[] submit(ServiceProcess to, String body) throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                URI.create(to.url("/api/v1/datasets/" + datasetId + "/diversity")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body() + api.logTail()).isEqualTo(202);
        JsonNode score = JSON.readTree(accepted.body());
        return new String[] {score.get("id").asString(), score.get("jobId").asString()};
    }

    /** The job's row; retried while the database is away. */
    private Map<String, Object> job(String jobId) throws InterruptedException {
        for (int i = 0; ; i++) {
            try {
                return jdbc.queryForMap("SELECT * FROM job WHERE id = ?::uuid", jobId);
            } catch (RuntimeException e) {
                if (i > 600) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private Map<String, Object> awaitJob(String jobId, Predicate<Map<String, Object>> until, Duration within,
            String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Object> row = job(jobId);
        while (!until.test(row)) {
            if (System.nanoTime() > deadline) {
                fail("job " + jobId + " not " + what + " within " + within + ": " + row + "\nhistory: "
                        + history(jobId) + workerA.logTail() + workerB.logTail());
            }
            Thread.sleep(100);
            row = job(jobId);
        }
        return row;
    }

    private static Predicate<Map<String, Object>> status(String status) {
        return row -> status.equals(row.get("status"));
    }

    private static Predicate<Map<String, Object>> runningOn(ServiceProcess worker) {
        return row -> "RUNNING".equals(row.get("status")) && worker.name().equals(row.get("worker_id"));
    }

    private List<Map<String, Object>> history(String jobId) {
        return jdbc.queryForList("SELECT at, from_status, to_status, worker_id, attempt, message FROM job_event "
                + "WHERE job_id = ?::uuid ORDER BY id", jobId);
    }

    private int events(String jobId, String toStatus) {
        return jdbc.queryForObject("SELECT count(*) FROM job_event WHERE job_id = ?::uuid AND to_status = ?",
                Integer.class, jobId, toStatus);
    }

    private Double coefficient(String scoreId) {
        return jdbc.queryForObject("SELECT coefficient FROM diversity_score WHERE id = ?::uuid", Double.class,
                scoreId);
    }

    private ServiceProcess holder(Map<String, Object> row) {
        return workerA.name().equals(row.get("worker_id")) ? workerA : workerB;
    }

    private ServiceProcess other(ServiceProcess worker) {
        return worker == workerA ? workerB : workerA;
    }

    /** Waits until the long job runs with some progress, so it is stopped in the middle. */
    private Map<String, Object> awaitRunningMidway(String jobId) throws InterruptedException {
        return awaitJob(jobId, row -> "RUNNING".equals(row.get("status")) && row.get("progress_done") != null
                && (Integer) row.get("progress_done") >= 3, Duration.ofSeconds(60), "RUNNING with progress");
    }

    // ---- the tests ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aBatchOfTwentyRunsEachJobOnceOnBothWorkersAndNeverOnTheApiProcess() throws Exception {
        List<String[]> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(submit(NoiseDatasets.TINY_REQUEST.replace("\"seed\": 1", "\"seed\": " + (100 + i))));
        }
        Set<String> workers = new TreeSet<>();
        List<Long> latencies = new ArrayList<>();
        for (String[] s : batch) {
            Map<String, Object> row = awaitJob(s[1], status("SUCCEEDED"), Duration.ofSeconds(180), "SUCCEEDED");
            workers.add((String) row.get("worker_id"));
            assertThat(events(s[1], "SUCCEEDED")).as("job %s completes once: %s", s[1], history(s[1])).isEqualTo(1);
            assertThat(events(s[1], "RUNNING")).as("job %s runs once: %s", s[1], history(s[1])).isEqualTo(1);
            assertThat(coefficient(s[0])).isNotNull();
        }
        assertThat(workers).as("both workers take some of the batch").containsExactly("worker-a", "worker-b");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job_event WHERE worker_id = 'api-c'", Integer.class))
                .as("the api-only process claims nothing").isZero();
        assertThat(api.logText()).contains("roles=api: this process claims no jobs");

        // Submit -> RUNNING on idle workers (database clock on both ends): through the api-only process (found at
        // the workers' next poll), and through worker A itself (woken when the submitting transaction commits).
        List<Long> local = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String[] s = submit(i % 2 == 0 ? api : workerA, NoiseDatasets.TINY_REQUEST);
            awaitJob(s[1], status("SUCCEEDED"), Duration.ofSeconds(60), "SUCCEEDED");
            (i % 2 == 0 ? latencies : local).add(jdbc.queryForObject("SELECT (EXTRACT(EPOCH FROM (e.at - "
                    + "j.created_at)) * 1000)::bigint FROM job j JOIN job_event e ON e.job_id = j.id AND e.to_status "
                    + "= 'RUNNING' WHERE j.id = ?::uuid", Long.class, s[1]));
        }
        System.out.println("WorkerProcessTests: submit -> RUNNING on idle workers (ms, polling 1 s): via the api-only "
                + "process " + latencies + ", via an api,worker process " + local);
        assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(5000));
        assertThat(local).allSatisfy(ms -> assertThat(ms).isLessThan(5000));
    }

    /** The coefficient of the long score run once without interruption (computed on first use). */
    private double uninterrupted() throws Exception {
        if (uninterrupted == null) {
            String[] reference = submit(LONG_REQUEST);
            Map<String, Object> done = awaitJob(reference[1], status("SUCCEEDED"), Duration.ofSeconds(180),
                    "SUCCEEDED");
            uninterrupted = coefficient(reference[0]);
            System.out.println("WorkerProcessTests: uninterrupted long score took "
                    + Duration.between(((java.sql.Timestamp) done.get("started_at")).toInstant(),
                            ((java.sql.Timestamp) done.get("finished_at")).toInstant()).toMillis() + " ms");
        }
        return uninterrupted;
    }

    @Test
    @Order(2)
    void aWorkerFrozenPastItsLeaseCannotOverwriteTheWorkerThatTookItsJob() throws Exception {
        double reference = uninterrupted();
        String[] s = submit(LONG_REQUEST);
        ServiceProcess frozen = holder(awaitRunningMidway(s[1]));
        ServiceProcess survivor = other(frozen);
        long pausedAt = System.nanoTime();
        frozen.pause();
        try {
            awaitJob(s[1], runningOn(survivor),
                    HEARTBEAT.multipliedBy(4 + 2 + 3).plusSeconds(30), "taken over by " + survivor.name());
            System.out.printf("WorkerProcessTests: job of the frozen worker taken over after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - pausedAt).toMillis());
        } finally {
            frozen.resume();
        }
        Map<String, Object> row = awaitJob(s[1], status("SUCCEEDED"), Duration.ofSeconds(180), "SUCCEEDED");
        assertThat(row.get("worker_id")).isEqualTo(survivor.name());
        assertThat(row.get("attempts")).isEqualTo(2);
        // The resumed worker finds at its next progress report that its lease is gone and drops its work.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!frozen.logText().contains("job " + s[1] + ": worker " + frozen.name() + " lost its lease")) {
            if (System.nanoTime() > deadline) {
                fail("the resumed worker never noticed it lost the lease" + frozen.logTail());
            }
            Thread.sleep(200);
        }
        List<Map<String, Object>> history = history(s[1]);
        assertThat(events(s[1], "SUCCEEDED")).as("%s", history).isEqualTo(1);
        assertThat(history).as("the survivor revived it").anySatisfy(e ->
                assertThat((String) e.get("message")).contains(frozen.name() + " stopped heartbeating"));
        assertThat(job(s[1]).get("worker_id")).as("the frozen worker wrote nothing after resuming")
                .isEqualTo(survivor.name());
        assertThat(coefficient(s[0])).as("same coefficient as the uninterrupted run").isEqualTo(reference);
    }

    @Test
    @Order(3)
    void aKilledWorkersJobIsRevivedOnTheOtherAndEndsWithTheSameCoefficient() throws Exception {
        double reference = uninterrupted();
        String[] s = submit(LONG_REQUEST);
        ServiceProcess victim = holder(awaitRunningMidway(s[1]));
        ServiceProcess survivor = other(victim);
        long killedAt = System.nanoTime();
        victim.kill();
        awaitJob(s[1], runningOn(survivor),
                HEARTBEAT.multipliedBy(4 + 2 + 3).plusSeconds(30), "revived on " + survivor.name());
        long revivalMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        System.out.printf("WorkerProcessTests: job of the killed worker running again after %d ms (heartbeat %s)%n",
                revivalMs, HEARTBEAT);
        Map<String, Object> row = awaitJob(s[1], status("SUCCEEDED"), Duration.ofSeconds(180), "SUCCEEDED");
        assertThat(row.get("worker_id")).isEqualTo(survivor.name());
        assertThat(events(s[1], "SUCCEEDED")).isEqualTo(1);
        assertThat(coefficient(s[0])).as("same coefficient as the uninterrupted run").isEqualTo(reference);
        // 4 missed heartbeats, then at most 2 more until the next dead-execution check.
        assertThat(revivalMs).isLessThan(HEARTBEAT.multipliedBy(4 + 2 + 3).toMillis());
    }

    @Test
    @Order(4)
    void theDatabaseStoppedForTwentySecondsWhileJobsRunLosesNothing() throws Exception {
        List<String[]> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(submit(LONG_REQUEST.replace("\"tasks\": 200", "\"tasks\": 100").replace("\"seed\": 7",
                    "\"seed\": " + (200 + i))));
        }
        awaitJob(jobs.get(0)[1], status("RUNNING"), Duration.ofSeconds(60), "RUNNING");
        db.close();
        Thread.sleep(20_000);
        startDatabase();
        for (String[] s : jobs) {
            Map<String, Object> row = awaitJob(s[1], status("SUCCEEDED"), Duration.ofSeconds(240), "SUCCEEDED");
            assertThat(events(s[1], "SUCCEEDED")).as("%s", history(s[1])).isEqualTo(1);
            assertThat(coefficient(s[0])).as("result of %s kept", row).isNotNull();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job WHERE status NOT IN ('SUCCEEDED')", Integer.class))
                .as("nothing left queued, running or failed").isZero();
    }

    /** A training run of several seconds: FO-MAML on the noise classes, checkpointed every 50 steps. */
    private String trainingRequest(long seed) {
        return "{\"datasetId\": \"" + datasetId + "\", \"method\": \"FO_MAML\", \"hidden\": 16, \"ways\": 2, "
                + "\"shots\": 1, \"queries\": 3, \"iterations\": 1500, \"metaBatch\": 2, \"evalEpisodes\": 20, "
                + "\"split\": [0.5, 0, 0.5], \"seeds\": [" + seed + "]}";
    }

    /** Submits an experiment through the api-only process; returns [experimentId, runId, jobId]. */
    private String[] submitExperiment(String body) throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/experiments")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body() + api.logTail()).isEqualTo(202);
        JsonNode experiment = JSON.readTree(accepted.body());
        JsonNode job = experiment.get("jobs").get(0);
        return new String[] {experiment.get("id").asString(), job.get("runId").asString(), job.get("id").asString()};
    }

    private Map<String, Object> run(String runId) {
        return jdbc.queryForMap("SELECT * FROM training_run WHERE id = ?::uuid", runId);
    }

    @Test
    @Order(5)
    void aKilledWorkersTrainingJobResumesOnTheOtherFromItsCheckpointWithTheSameAccuracy() throws Exception {
        ServiceProcess survivor = aliveWorker();
        ServiceProcess secondWorker = service("worker-d", "worker");
        secondWorker.awaitHealthy(HEALTHY_WITHIN);
        String[] reference = submitExperiment(trainingRequest(5));
        awaitJob(reference[2], status("SUCCEEDED"), Duration.ofSeconds(240), "SUCCEEDED");
        double uninterruptedAccuracy = (Double) run(reference[1]).get("accuracy");

        String[] s = submitExperiment(trainingRequest(5));
        Map<String, Object> midway = awaitJob(s[2], row -> "RUNNING".equals(row.get("status"))
                && row.get("progress_done") != null && (Integer) row.get("progress_done") >= 300,
                Duration.ofSeconds(120), "RUNNING past step 300");
        ServiceProcess victim = secondWorker.name().equals(midway.get("worker_id")) ? secondWorker : survivor;
        ServiceProcess other = victim == secondWorker ? survivor : secondWorker;
        int checkpointed = jdbc.queryForObject("SELECT step FROM training_checkpoint WHERE run_id = ?::uuid",
                Integer.class, s[1]);
        int reportedAtKill = (Integer) job(s[2]).get("progress_done");
        victim.kill();
        Map<String, Object> done = awaitJob(s[2], status("SUCCEEDED"), Duration.ofSeconds(240), "SUCCEEDED");
        assertThat(done.get("worker_id")).isEqualTo(other.name());
        Map<String, Object> result = run(s[1]);
        int resumedFrom = (Integer) result.get("resumed_from_step");
        System.out.printf("WorkerProcessTests: training killed at step >= %d (last progress written) with its "
                + "checkpoint at step %d; resumed on %s from step %d: %d+ of 1500 steps redone (at most the 50 of a "
                + "checkpoint interval plus a second of progress)%n", reportedAtKill, checkpointed, other.name(),
                resumedFrom, Math.max(0, reportedAtKill - resumedFrom));
        assertThat(resumedFrom).as("resumed from a checkpoint, not from the start").isGreaterThanOrEqualTo(checkpointed)
                .isPositive();
        assertThat(history(s[2])).anySatisfy(e -> assertThat((String) e.get("message"))
                .isEqualTo("resumed from the checkpoint at step " + resumedFrom));
        assertThat(result.get("accuracy")).as("same accuracy as the uninterrupted run of the same seed")
                .isEqualTo(uninterruptedAccuracy);
    }

    /** A worker process still alive. */
    private ServiceProcess aliveWorker() {
        return processes.stream().filter(p -> p != api && p.alive()).findFirst().orElseThrow();
    }

    @Test
    @Order(6)
    void aStoppingWorkerHandsItsRunningJobBackAtOnce() throws Exception {
        ServiceProcess survivor = aliveWorker();
        ServiceProcess fresh = service("worker-e", "worker");
        fresh.awaitHealthy(HEALTHY_WITHIN);
        ServiceProcess stopping = null;
        String[] s = null;
        // Whichever worker takes the long score is stopped (SIGTERM) while it runs.
        for (int i = 0; i < 5 && stopping == null; i++) {
            s = submit(LONG_REQUEST.replace("\"seed\": 7", "\"seed\": " + (300 + i)));
            Map<String, Object> row = awaitRunningMidway(s[1]);
            stopping = fresh.name().equals(row.get("worker_id")) ? fresh
                    : survivor.name().equals(row.get("worker_id")) ? survivor : null;
        }
        assertThat(stopping).isNotNull();
        ServiceProcess stopped = stopping;
        ServiceProcess other = stopped == fresh ? survivor : fresh;
        long stoppedAt = System.nanoTime();
        stopped.stop();
        String jobId = s[1];
        awaitJob(jobId, runningOn(other),
                HEARTBEAT.multipliedBy(3), "handed to " + other.name() + " before a heartbeat could expire");
        System.out.printf("WorkerProcessTests: job of a stopping worker running again after %d ms%n",
                Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
        awaitJob(jobId, status("SUCCEEDED"), Duration.ofSeconds(180), "SUCCEEDED");
        assertThat(history(jobId)).anySatisfy(e -> assertThat((String) e.get("message"))
                .contains(stopped.name() + " is stopping; back in the queue"));
        assertThat(job(jobId).get("attempts")).as("a graceful stop gives its attempt back").isEqualTo(1);
        assertThat(stopped.exitCode()).as("a clean exit%s", stopped.logTail()).isEqualTo(143);
    }
}
