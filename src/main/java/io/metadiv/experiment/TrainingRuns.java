package io.metadiv.experiment;

import io.metadiv.dataset.DatasetTensors;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.job.JobStatus;
import io.metadiv.training.RunSpec;
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

    /** The settings of {@code method} from an experiment request's fields (its datasetId, method and seeds unused). */
    public static RunSpec settings(ExperimentRequest fields, RunSpec.Method method) {
        return ExperimentSubmission.resolve(new ExperimentRequest(null, method, fields.arch(), fields.hidden(),
                fields.widths(), fields.ways(), fields.shots(), fields.queries(), fields.iterations(),
                fields.trainSeconds(), fields.metaBatch(), fields.innerSteps(), fields.innerStepsTest(),
                fields.innerLr(), fields.outerLr(), fields.ptBatch(), fields.ptLr(), fields.evalEpisodes(),
                fields.evalSeed(), fields.split(), fields.splitSeed(), null));
    }

    /** The settings' ranges and their fit to the dataset. */
    @Transactional(readOnly = true)
    public List<RunSpec.Violation> violations(UUID datasetId, RunSpec spec) {
        datasets.requireExists(datasetId);
        return spec.violations(tensors.load(datasetId));
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
