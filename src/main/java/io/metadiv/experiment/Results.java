package io.metadiv.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.RandomConv4Probe;
import io.metadiv.nn.Conv4;
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

    /** Sortable columns: API name to SQL. */
    static final Map<String, String> SORTABLE = Map.of("finishedAt", "j.finished_at", "accuracy", "r.accuracy",
            "diversity", "diversity", "datasetName", "d.name", "trainSeconds", "r.train_seconds");

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

    Results(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FROM = """
             FROM training_run r
             JOIN job j ON j.id = r.job_id AND j.status = 'SUCCEEDED'
             JOIN experiment e ON e.id = r.experiment_id
             JOIN dataset d ON d.id = e.dataset_id
             LEFT JOIN LATERAL (SELECT s.coefficient FROM diversity_score s JOIN job sj ON sj.id = s.job_id
                                WHERE s.dataset_id = d.id AND sj.status = 'SUCCEEDED' AND s.probe_kind = ?
                                  AND s.probe_seed = ? AND s.probe_hidden = ?
                                ORDER BY sj.finished_at DESC LIMIT 1) div ON TRUE
            """;

    long count(Filter f) {
        List<Object> args = new ArrayList<>(defaultProbe());
        String where = where(f, args);
        return jdbc.queryForObject("SELECT count(*)" + FROM + where, Long.class, args.toArray());
    }

    List<Row> page(Filter f, String sortColumn, boolean ascending, int page, int size) {
        List<Object> args = new ArrayList<>(defaultProbe());
        String where = where(f, args);
        args.add(size);
        args.add((long) page * size);
        return jdbc.query("SELECT r.id, r.experiment_id, r.job_id, d.id AS dataset_id, d.name, div.coefficient AS "
                + "diversity, e.method, e.settings::jsonb ->> 'arch' AS arch, (e.settings::jsonb ->> 'ways')::int AS "
                + "ways, (e.settings::jsonb ->> 'shots')::int AS shots, (e.settings::jsonb ->> 'queries')::int AS "
                + "queries, (e.settings::jsonb ->> 'iterations')::int AS iterations, r.seed, r.accuracy, r.ci95, "
                + "r.train_seconds, r.eval_seconds, r.cpu_seconds, j.finished_at" + FROM + where + " ORDER BY "
                + sortColumn + (ascending ? " ASC" : " DESC") + " NULLS LAST, r.id LIMIT ? OFFSET ?",
                Results::row, args.toArray());
    }

    private static List<Object> defaultProbe() {
        return List.of(ProbeKind.RANDOM_CONV4.name(), RandomConv4Probe.DEFAULT_SEED, Conv4.DEFAULT_HIDDEN);
    }

    private static String where(Filter f, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (f.datasetId() != null) {
            where.append(" AND d.id = ?");
            args.add(f.datasetId());
        }
        if (f.method() != null) {
            where.append(" AND e.method = ?");
            args.add(f.method().name());
        }
        if (f.arch() != null) {
            where.append(" AND e.settings::jsonb ->> 'arch' = ?");
            args.add(f.arch().name());
        }
        if (f.shots() != null) {
            where.append(" AND (e.settings::jsonb ->> 'shots')::int = ?");
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
