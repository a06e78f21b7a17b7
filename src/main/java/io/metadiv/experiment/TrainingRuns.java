package io.metadiv.experiment;

import io.metadiv.dataset.DatasetTensors;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.job.JobStatus;
import io.metadiv.training.RunSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Training runs for other features (studies): settings from the experiment request's fields, a finished run with
 * identical settings, dataset content and code to reuse, new runs, and their outcomes.
 */
@Service
public class TrainingRuns {

    private final ExperimentSubmission submission;
    private final TrainingRunRepository runs;
    private final DatasetTensors tensors;
    private final DatasetUse datasets;
    private final CodeVersion code;
    private final JdbcTemplate jdbc;
    private final SpecJson json = new SpecJson();

    TrainingRuns(ExperimentSubmission submission, TrainingRunRepository runs, DatasetTensors tensors,
            DatasetUse datasets, CodeVersion code, JdbcTemplate jdbc) {
        this.submission = submission;
        this.runs = runs;
        this.tensors = tensors;
        this.datasets = datasets;
        this.code = code;
        this.jdbc = jdbc;
    }

    /**
     * What a run gave so far.
     *
     * @param accuracy mean meta-test accuracy (null until SUCCEEDED)
     * @param loss the last training loss recorded
     * @param wallSeconds training plus evaluation wall time
     */
    public record Outcome(UUID runId, UUID jobId, long seed, JobStatus status, Double accuracy, Double ci95,
            Double loss, Double cpuSeconds, Double wallSeconds, String error) {
    }

    /**
     * A SUCCEEDED run: its settings, its dataset's images and what it cost.
     *
     * @param steps training steps this run's last attempt made
     * @param episodes meta-test episodes
     * @param trainSeconds wall seconds of training
     * @param evalSeconds wall seconds of the meta-test evaluation
     * @param cpuSeconds the worker process's CPU seconds over the run
     * @param medianStepMs median of its recorded per-step wall times ({@code job_metric})
     * @param firstStepMs its first step's wall time (set-up included), or null when it resumed from a checkpoint
     */
    public record Measured(RunSpec spec, int imageSize, int channels, int steps, int episodes, double trainSeconds,
            double evalSeconds, double cpuSeconds, double medianStepMs, Double firstStepMs) {
    }

    /** The newest SUCCEEDED runs of these methods that recorded step times, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<Measured> measured(Collection<RunSpec.Method> methods, int limit) {
        if (methods.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT x.*, m.median_ms, m.first_ms FROM (
                    SELECT r.job_id, e.settings, d.image_size, d.channels, r.steps, r.episodes, r.train_seconds,
                           r.eval_seconds, r.cpu_seconds, COALESCE(r.resumed_from_step, 0) AS resumed, j.finished_at
                    FROM training_run r JOIN experiment e ON e.id = r.experiment_id
                    JOIN dataset d ON d.id = e.dataset_id JOIN job j ON j.id = r.job_id
                    WHERE j.status = 'SUCCEEDED' AND e.method = ANY (?) AND r.train_seconds IS NOT NULL
                      AND r.eval_seconds IS NOT NULL AND r.episodes > 0
                    ORDER BY j.finished_at DESC LIMIT ?) x
                JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY step_ms) AS median_ms,
                                     min(step_ms) FILTER (WHERE step = 1) AS first_ms
                              FROM job_metric WHERE job_id = x.job_id) m ON m.median_ms IS NOT NULL
                ORDER BY x.finished_at DESC""", (rs, n) -> new Measured(
                        json.convertToEntityAttribute(rs.getString("settings")), rs.getInt("image_size"),
                        rs.getInt("channels"), rs.getInt("steps"), rs.getInt("episodes"), rs.getDouble("train_seconds"),
                        rs.getDouble("eval_seconds"), rs.getDouble("cpu_seconds"), rs.getDouble("median_ms"),
                        rs.getInt("resumed") > 0 ? null : (Double) rs.getObject("first_ms")),
                methods.stream().map(Enum::name).toArray(String[]::new), limit);
    }

    /** The settings of {@code method} from an experiment request's fields (its datasetId, method and seeds unused). */
    public static RunSpec settings(ExperimentRequest fields, RunSpec.Method method) {
        return ExperimentSubmission.resolve(new ExperimentRequest(null, method, fields.arch(), fields.hidden(),
                fields.widths(), fields.ways(), fields.shots(), fields.queries(), fields.iterations(),
                fields.trainSeconds(), fields.metaBatch(), fields.innerSteps(), fields.innerStepsTest(),
                fields.innerLr(), fields.outerLr(), fields.ptBatch(), fields.ptLr(), fields.evalEpisodes(),
                fields.evalSeed(), fields.split(), fields.splitSeed(), fields.splitInOrder(), null));
    }

    /**
     * A SUCCEEDED run of the dataset with these settings and seed, trained by this code version on the dataset's
     * current content: its result would be the same, so it can stand in for a new one.
     */
    @Transactional(readOnly = true)
    public Optional<UUID> finished(UUID datasetId, RunSpec spec, long seed) {
        return jdbc.queryForList("""
                SELECT r.id FROM training_run r JOIN experiment e ON e.id = r.experiment_id JOIN job j ON j.id = r.job_id
                WHERE e.dataset_id = ? AND e.settings = ? AND r.seed = ? AND j.status = 'SUCCEEDED'
                  AND r.code_version = ? AND r.dataset_checksum = ?
                ORDER BY j.finished_at DESC LIMIT 1""", UUID.class, datasetId, json.convertToDatabaseColumn(spec),
                seed, code.value(), datasets.checksum(datasetId)).stream().findFirst();
    }

    /**
     * Queues one run per seed as one experiment, in the caller's transaction (settings checked by the caller).
     *
     * @return run ids by seed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, UUID> submit(UUID datasetId, RunSpec spec, List<Long> seeds) {
        Experiment experiment = submission.create(datasetId, spec, null, null, seeds);
        runs.flush(); // the caller's rows reference the runs by SQL
        Map<Long, UUID> bySeed = new LinkedHashMap<>();
        runs.findByExperimentIdOrderBySeedAsc(experiment.getId()).forEach(r -> bySeed.put(r.getSeed(), r.getId()));
        return bySeed;
    }

    /** The run's status and, when it SUCCEEDED, its result. */
    @Transactional(readOnly = true)
    public Outcome outcome(UUID runId) {
        TrainingRun r = runs.findById(runId).orElseThrow();
        double[][] curve = r.getLossCurve();
        Double loss = curve == null || curve.length == 0 ? null : curve[curve.length - 1][1];
        Double wall = r.getTrainSeconds() == null ? null
                : r.getTrainSeconds() + (r.getEvalSeconds() == null ? 0 : r.getEvalSeconds());
        return new Outcome(r.getId(), r.getJob().getId(), r.getSeed(), r.getJob().getStatus(), r.getAccuracy(),
                r.getCi95(), loss, r.getCpuSeconds(), wall, r.getJob().getErrorMessage());
    }
}
