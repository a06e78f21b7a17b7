package io.metadiv.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.RandomConv4Probe;
import io.metadiv.nn.Conv4;
import io.metadiv.training.RunSpec;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result rows and the experiment list on 100,000 seeded runs (the load seed, bench/load): every page's plan
 * reaches training_run and experiment through indexes (plan shape, not timing), and the pages are right over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metadiv.roles=api")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListPlanTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();
    private UUID seededDataset;

    @BeforeAll
    void seed() {
        new ResourceDatabasePopulator(new ClassPathResource("io/metadiv/bench/results-seed.sql")).execute(dataSource);
        jdbc.execute("VACUUM ANALYZE"); // the steady state autovacuum keeps: visibility maps for index-only scans
        seededDataset = jdbc.queryForObject("SELECT id FROM dataset WHERE name = 'load-3'", UUID.class);
    }

    @Test
    void everyResultPageReachesRunsThroughIndexes() {
        List<Results.Filter> filters = List.of(new Results.Filter(null, null, null, null),
                new Results.Filter(seededDataset, null, null, null),
                new Results.Filter(null, RunSpec.Method.PT, null, null),
                new Results.Filter(null, null, RunSpec.Arch.RESNET12, null),
                new Results.Filter(null, null, null, 3),
                new Results.Filter(seededDataset, RunSpec.Method.FO_MAML, RunSpec.Arch.CONV4, 2));
        for (Results.Filter filter : filters) {
            for (String sort : List.of("finishedAt", "accuracy", "trainSeconds")) {
                for (boolean ascending : List.of(false, true)) {
                    List<Object> args = new ArrayList<>();
                    String sql = Results.pageQuery(filter, Results.SORTABLE.get(sort), ascending, 0, 100, args);
                    String what = filter + " by " + sort + (ascending ? " asc" : " desc");
                    assertIndexed(what, sql, args);
                    assertCachedPlanIndexed(what, sql, args);
                }
            }
        }
    }

    @Test
    void everyExperimentPageReachesExperimentsThroughIndexes() {
        // The statements Experiments.list issues (Hibernate's, in SQL): the page, its count, the page's runs.
        String select = "SELECT e.id, e.created_at, e.dataset_id, e.method, e.settings FROM experiment e";
        String withStatus = " e.id IN (SELECT r.experiment_id FROM training_run r JOIN job j ON j.id = r.job_id "
                + "WHERE j.status = ?)";
        Instant from = jdbc.queryForObject("SELECT max(created_at) - interval '1 day' FROM experiment",
                Instant.class);
        assertIndexed("newest", select + " ORDER BY e.created_at DESC OFFSET 0 LIMIT 20", List.of());
        assertIndexed("oldest", select + " ORDER BY e.created_at ASC OFFSET 0 LIMIT 20", List.of());
        assertIndexed("dataset", select + " WHERE e.dataset_id = ? ORDER BY e.created_at DESC LIMIT 20",
                List.of(seededDataset));
        assertIndexed("method", select + " WHERE e.method = ? ORDER BY e.created_at DESC LIMIT 20", List.of("PT"));
        assertIndexed("created", select + " WHERE e.created_at >= ? ORDER BY e.created_at DESC LIMIT 20",
                List.of(java.sql.Timestamp.from(from)));
        assertIndexed("running", select + " WHERE" + withStatus + " ORDER BY e.created_at DESC LIMIT 20",
                List.of("RUNNING"));
        assertIndexed("succeeded", select + " WHERE" + withStatus + " ORDER BY e.created_at DESC LIMIT 20",
                List.of("SUCCEEDED"));
        assertIndexed("count by dataset", "SELECT count(e.id) FROM experiment e WHERE e.dataset_id = ?",
                List.of(seededDataset));
        assertIndexed("count running", "SELECT count(e.id) FROM experiment e WHERE" + withStatus,
                List.of("RUNNING"));
        List<UUID> page = jdbc.queryForList("SELECT id FROM experiment ORDER BY created_at DESC LIMIT 20",
                UUID.class);
        assertIndexed("runs of a page", "SELECT r.*, j.* FROM training_run r JOIN job j ON j.id = r.job_id "
                + "WHERE r.experiment_id IN (" + String.join(",", java.util.Collections.nCopies(page.size(), "?"))
                + ")", List.copyOf(page));
    }

    @Test
    void resultPagesAreOrderedAndCountedOverHttp() throws Exception {
        JsonNode first = get("/results?size=100");
        JsonNode second = get("/results?size=100&page=1");
        assertThat(first.get("totalElements").asLong()).isEqualTo(100_000);
        List<Instant> finished = new ArrayList<>();
        for (JsonNode page : List.of(first, second)) {
            assertThat(page.get("content")).hasSize(100);
            page.get("content").forEach(row -> finished.add(Instant.parse(row.get("finishedAt").asString())));
        }
        assertThat(finished).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(finished.get(0)).isEqualTo(jdbc.queryForObject(
                "SELECT max(finished_at) FROM job WHERE kind = 'TRAINING' AND status = 'SUCCEEDED'", Instant.class));

        int shots = jdbc.queryForObject("SELECT max((settings::jsonb ->> 'shots')::int) FROM experiment "
                + "WHERE dataset_id = ? AND method = 'PT'", Integer.class, seededDataset);
        JsonNode pt = get("/results?method=PT&shots=" + shots + "&datasetId=" + seededDataset
                + "&sort=accuracy,asc&size=1000");
        long truth = jdbc.queryForObject("""
                SELECT count(*) FROM training_run r JOIN job j ON j.id = r.job_id AND j.status = 'SUCCEEDED'
                JOIN experiment e ON e.id = r.experiment_id
                WHERE e.method = 'PT' AND e.dataset_id = ? AND (e.settings::jsonb ->> 'shots')::int = ?""",
                Long.class, seededDataset, shots);
        assertThat(truth).isPositive();
        assertThat(pt.get("totalElements").asLong()).isEqualTo(truth);
        assertThat(pt.get("content")).hasSize((int) Math.min(truth, 1000));
        List<Double> accuracies = new ArrayList<>();
        pt.get("content").forEach(row -> {
            assertThat(row.get("method").asString()).isEqualTo("PT");
            assertThat(row.get("shots").asInt()).isEqualTo(shots);
            assertThat(row.get("diversity").isNull()).isFalse();
            accuracies.add(row.get("accuracy").asDouble());
        });
        assertThat(accuracies).isSorted();
    }

    @Test
    void resultsSortByTheDatasetsDefaultDiversity() throws Exception {
        // V23 keeps each dataset's latest default-probe coefficient on the dataset: the probe is the code's default
        String refresh = jdbc.queryForObject("SELECT prosrc FROM pg_proc WHERE proname = "
                + "'dataset_default_diversity_refresh'", String.class);
        assertThat(refresh).contains("probe_kind = '" + ProbeKind.RANDOM_CONV4.name() + "'")
                .contains("probe_seed = " + RandomConv4Probe.DEFAULT_SEED)
                .contains("probe_hidden = " + Conv4.DEFAULT_HIDDEN);
        List<String> plan = jdbc.queryForList("EXPLAIN ANALYZE " + Results.pageQuery(new Results.Filter(null, null,
                null, null), Results.SORTABLE.get("diversity"), false, 0, 100, new ArrayList<>()), String.class);
        System.out.println("sort=diversity page: " + plan.get(plan.size() - 1));

        JsonNode page = get("/results?sort=diversity,desc&size=1000");
        List<Double> diversity = new ArrayList<>();
        page.get("content").forEach(row -> diversity.add(row.get("diversity").asDouble()));
        assertThat(diversity).hasSize(1000).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(diversity.get(0)).isEqualTo(jdbc.queryForObject(
                "SELECT max(coefficient) FROM diversity_score WHERE probe_kind = 'RANDOM_CONV4'", Double.class));
    }

    @Test
    void totalsFollowSucceededJobsAndDeletedExperiments() throws Exception {
        long before = get("/results?size=1").get("totalElements").asLong();
        UUID running = jdbc.queryForObject("""
                SELECT r.job_id FROM training_run r JOIN job j ON j.id = r.job_id WHERE j.status = 'RUNNING'
                ORDER BY r.id LIMIT 1""", UUID.class);
        jdbc.update("UPDATE training_run SET accuracy = 0.5, ci95 = 0.1, train_seconds = 1, eval_seconds = 1 "
                + "WHERE job_id = ?", running);
        jdbc.update("UPDATE job SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?", running);
        assertThat(get("/results?size=1").get("totalElements").asLong()).isEqualTo(before + 1);
        assertThat(get("/results?size=1").get("content").get(0).get("jobId").asString())
                .isEqualTo(running.toString());

        UUID fiveRuns = jdbc.queryForObject("SELECT experiment_id FROM training_run GROUP BY experiment_id "
                + "HAVING count(*) = 5 ORDER BY experiment_id LIMIT 1", UUID.class);
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(base() + "/experiments/"
                + fiveRuns)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get("/results?size=1").get("totalElements").asLong()).isEqualTo(before + 1 - 5);

        // a new coefficient of the newest row's dataset shows at once (the page cache's version moved)
        JsonNode newest = get("/results?size=1").get("content").get(0);
        UUID score = jdbc.queryForObject("""
                SELECT s.id FROM diversity_score s JOIN job j ON j.id = s.job_id WHERE s.dataset_id = ?::uuid
                AND j.status = 'SUCCEEDED' AND s.probe_kind = 'RANDOM_CONV4' ORDER BY j.finished_at DESC LIMIT 1""",
                UUID.class, newest.get("datasetId").asString());
        jdbc.update("UPDATE diversity_score SET coefficient = 0.987 WHERE id = ?", score);
        assertThat(get("/results?size=1").get("content").get(0).get("diversity").asDouble()).isEqualTo(0.987);
    }

    @Test
    void experimentPagesAreNewestFirstWithTheirRuns() throws Exception {
        JsonNode page = get("/experiments?size=50");
        assertThat(page.get("totalElements").asLong()).isEqualTo(
                jdbc.queryForObject("SELECT count(*) FROM experiment", Long.class));
        List<Instant> created = new ArrayList<>();
        page.get("content").forEach(e -> {
            created.add(Instant.parse(e.get("createdAt").asString()));
            assertThat(e.get("jobs")).hasSize(jdbc.queryForObject(
                    "SELECT count(*) FROM training_run WHERE experiment_id = ?::uuid", Integer.class,
                    e.get("id").asString()));
        });
        assertThat(created).hasSize(50).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(get("/experiments?status=RUNNING&size=1").get("totalElements").asLong()).isEqualTo(1000);
        JsonNode succeeded = get("/experiments?status=SUCCEEDED&size=5");
        succeeded.get("content").forEach(e -> assertThat(e.get("jobs")).hasSize(5));
    }

    private void assertIndexed(String what, String sql, List<Object> args) {
        String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + sql, String.class, args.toArray()));
        assertThat(plan).as(what + ":\n" + plan).doesNotContain("Seq Scan on training_run")
                .doesNotContain("Seq Scan on experiment").doesNotContain("Seq Scan on job ").contains("Index");
    }

    /**
     * The plan a prepared statement keeps after its first executions (the generic plan, forced here): the one each
     * request runs once the driver and PostgreSQL cache the statement.
     */
    private void assertCachedPlanIndexed(String what, String sql, List<Object> args) {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        String literals = args.stream().map(a -> "'" + a + "'").collect(Collectors.joining(","));
        String plan = jdbc.execute((Connection c) -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET plan_cache_mode = force_generic_plan");
                st.execute("PREPARE page AS " + numbered);
                StringBuilder lines = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE page" + (args.isEmpty() ? ""
                        : "(" + literals + ")"))) {
                    while (rs.next()) {
                        lines.append(rs.getString(1)).append('\n');
                    }
                } finally {
                    st.execute("DEALLOCATE page");
                    st.execute("RESET plan_cache_mode");
                }
                return lines.toString();
            }
        });
        assertThat(plan).as(what + ", cached plan:\n" + plan).doesNotContain("Seq Scan on training_run")
                .doesNotContain("Seq Scan on job ").doesNotContain("Parallel").contains("Index");
    }

    private String base() {
        return "http://127.0.0.1:" + port + "/api/v1";
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
