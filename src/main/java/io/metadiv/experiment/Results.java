package io.metadiv.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import io.metadiv.training.RunSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * One flat row per finished training run, for dashboards: the dataset and its diversity coefficient under the
 * default probe (the latest such score, when there is one), the method and its main settings, the accuracy with its
 * CI, and the cost.
 */
@Service
class Results {

    /**
     * A sort: its column, then the unique column that breaks ties, both in the same direction so that one index
     * (V17) serves a page in either direction without sorting every row.
     *
     * @param column the SQL column
     * @param tieBreak a unique column beside it
     */
    record Order(String column, String tieBreak) {

        String sql(boolean ascending) {
            String direction = ascending ? " ASC" : " DESC";
            // Only diversity can be null (no score yet): those rows last either way, as before.
            String nulls = column.equals("d.default_diversity") ? " NULLS LAST" : "";
            return " ORDER BY " + column + direction + nulls + ", " + tieBreak + direction;
        }
    }

    /** Sortable columns: API name to SQL. A run's job and the run are one to one, so j.id is as unique as r.id. */
    static final Map<String, Order> SORTABLE = Map.of("finishedAt", new Order("j.finished_at", "j.id"),
            "accuracy", new Order("r.accuracy", "r.id"), "diversity", new Order("d.default_diversity", "r.id"),
            "datasetName", new Order("d.name", "r.id"), "trainSeconds", new Order("r.train_seconds", "r.id"));

    /**
     * One row.
     *
     * @param runId the training run
     * @param experimentId its experiment
     * @param jobId its job
     * @param datasetId the dataset
     * @param datasetName its name
     * @param diversity its diversity coefficient under the default probe (random Conv4-64, seed 0), or null
     * @param method HO_MAML, FO_MAML or PT
     * @param arch CONV4 or RESNET12
     * @param ways N
     * @param shots K
     * @param queries Q
     * @param iterations training steps
     * @param seed the run's seed
     * @param accuracy mean meta-test accuracy
     * @param ci95 its 95% CI half-width
     * @param trainSeconds training wall seconds
     * @param evalSeconds evaluation wall seconds
     * @param cpuSeconds CPU seconds of the worker process
     * @param finishedAt when its job ended
     */
    @Schema(name = "ResultRow")
    record Row(UUID runId, UUID experimentId, UUID jobId, UUID datasetId, String datasetName, Double diversity,
            RunSpec.Method method, RunSpec.Arch arch, int ways, int shots, int queries, int iterations, long seed,
            double accuracy, double ci95, double trainSeconds, double evalSeconds, Double cpuSeconds,
            Instant finishedAt) {
    }

    /** Filters; null means any. */
    record Filter(UUID datasetId, RunSpec.Method method, RunSpec.Arch arch, Integer shots) {
    }

    private final JdbcTemplate jdbc;
    private final ResultsCache cache;

    Results(JdbcTemplate jdbc, ResultsCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    /** A query as the cache keys it. */
    private record PageKey(Filter filter, Order order, boolean ascending, int page, int size) {
    }

    // The dataset's diversity under the default probe is kept on the dataset by triggers (V23).
    private static final String FROM = """
             FROM training_run r
             JOIN job j ON j.id = r.job_id AND j.kind = 'TRAINING' AND j.status = 'SUCCEEDED'
             JOIN experiment e ON e.id = r.experiment_id
             JOIN dataset d ON d.id = e.dataset_id
            """;

    /**
     * One page and the total of rows matching its filter.
     *
     * @param rows the page
     * @param total rows matching the filter
     */
    record Counted(List<Row> rows, long total) {
    }

    /** A page and its total, from the cache when the results have not changed since (one version read). */
    Counted page(Filter f, Order order, boolean ascending, int page, int size) {
        return cache.get(new PageKey(f, order, ascending, page, size),
                () -> new Counted(pageNow(f, order, ascending, page, size), countNow(f)));
    }

    /** Rows matching the filter: a sum over result_count (V17), a few rows, not a count over every run. */
    private long countNow(Filter f) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args, " WHERE TRUE", COUNT_COLUMNS);
        return jdbc.queryForObject("SELECT coalesce(sum(runs), 0) FROM result_count" + where, Long.class,
                args.toArray());
    }

    private List<Row> pageNow(Filter f, Order order, boolean ascending, int page, int size) {
        List<Object> args = new ArrayList<>();
        return List.copyOf(jdbc.query(pageQuery(f, order, ascending, page, size, args), Results::row, args.toArray()));
    }

    /**
     * The SQL of a page, its arguments added to args (package-private for the plan tests). The page bounds are
     * literals, not parameters: a prepared statement's generic plan does not know a parameter's
     * LIMIT, and took a parallel scan of every run (20 ms) where the index gives 100 rows (1 ms), so PostgreSQL
     * kept planning each request anew (1 ms of its 3). With literals the cached plan is the right one.
     */
    static String pageQuery(Filter f, Order order, boolean ascending, int page, int size, List<Object> args) {
        String where = where(f, args, " WHERE r.accuracy IS NOT NULL", ROW_COLUMNS);
        // The settings JSON parsed once per row (jsonb_to_record), not once per field: half the page's time.
        return "SELECT r.id, r.experiment_id, r.job_id, d.id AS dataset_id, d.name, d.default_diversity AS diversity, "
                + "e.method, spec.arch, spec.ways, spec.shots, spec.queries, spec.iterations, r.seed, r.accuracy, "
                + "r.ci95, r.train_seconds, r.eval_seconds, r.cpu_seconds, j.finished_at" + FROM
                + " CROSS JOIN LATERAL jsonb_to_record(e.settings::jsonb) AS spec(arch text, ways int, shots int, "
                + "queries int, iterations int)" + where + order.sql(ascending)
                + " LIMIT " + size + " OFFSET " + (long) page * size;
    }

    /** The filtered columns: dataset, method, arch, shots. */
    private record FilterColumns(String dataset, String method, String arch, String shots) {
    }

    // r.accuracy IS NOT NULL is implied by SUCCEEDED, and lets the planner use the partial run indexes (V17).
    private static final FilterColumns ROW_COLUMNS = new FilterColumns("e.dataset_id", "e.method",
            "e.settings::jsonb ->> 'arch'", "(e.settings::jsonb ->> 'shots')::int");
    private static final FilterColumns COUNT_COLUMNS = new FilterColumns("dataset_id", "method", "arch", "shots");

    private static String where(Filter f, List<Object> args, String first, FilterColumns c) {
        StringBuilder where = new StringBuilder(first);
        if (f.datasetId() != null) {
            where.append(" AND ").append(c.dataset()).append(" = ?");
            args.add(f.datasetId());
        }
        if (f.method() != null) {
            where.append(" AND ").append(c.method()).append(" = ?");
            args.add(f.method().name());
        }
        if (f.arch() != null) {
            where.append(" AND ").append(c.arch()).append(" = ?");
            args.add(f.arch().name());
        }
        if (f.shots() != null) {
            where.append(" AND ").append(c.shots()).append(" = ?");
            args.add(f.shots());
        }
        return where.toString();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                rs.getObject("job_id", UUID.class), rs.getObject("dataset_id", UUID.class), rs.getString("name"),
                (Double) rs.getObject("diversity"), RunSpec.Method.valueOf(rs.getString("method")),
                RunSpec.Arch.valueOf(rs.getString("arch")), rs.getInt("ways"), rs.getInt("shots"),
                rs.getInt("queries"), rs.getInt("iterations"), rs.getLong("seed"), rs.getDouble("accuracy"),
                rs.getDouble("ci95"), rs.getDouble("train_seconds"), rs.getDouble("eval_seconds"),
                (Double) rs.getObject("cpu_seconds"), rs.getTimestamp("finished_at").toInstant());
    }
}
