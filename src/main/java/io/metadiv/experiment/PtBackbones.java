package io.metadiv.experiment;

import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.ProbeSpec;
import io.metadiv.job.Job;
import io.metadiv.job.JobKind;
import io.metadiv.job.JobStatus;
import io.metadiv.training.RunSpec;
import io.metadiv.web.BadRequestException;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The backbone of a finished PT run, as a diversity probe ({@code "probe": {"kind": "PT_BACKBONE", "jobId": …}}). */
@Component
public class PtBackbones {

    private static final String FIELD = "probe.jobId";

    private final TrainingRunRepository runs;
    private final ExperimentRepository experiments;
    private final CheckpointStore store;
    private final JdbcTemplate jdbc;

    PtBackbones(TrainingRunRepository runs, ExperimentRepository experiments, CheckpointStore store,
            JdbcTemplate jdbc) {
        this.runs = runs;
        this.experiments = experiments;
        this.store = store;
        this.jdbc = jdbc;
    }

    /**
     * Locks the run of {@code jobId} against a concurrent experiment delete until the surrounding transaction ends;
     * call it in the transaction that inserts a row referencing the run.
     *
     * @throws BadRequestException when the run is gone (its experiment was deleted)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForUse(UUID jobId) {
        if (jdbc.queryForList("SELECT id FROM training_run WHERE job_id = ? FOR SHARE", UUID.class, jobId)
                .isEmpty()) {
            throw new BadRequestException("training job " + jobId + " no longer has a run (its experiment was "
                    + "deleted)", FIELD);
        }
    }

    /**
     * The probe specification of the PT run computed by {@code jobId}.
     *
     * @throws BadRequestException when there is no such job, or it is not a SUCCEEDED PT run of a Conv4
     */
    @Transactional(readOnly = true)
    public ProbeSpec backbone(UUID jobId) {
        TrainingRun run = runs.findByJobId(jobId).orElseThrow(() -> new BadRequestException("no training job "
                + jobId + " (a PT_BACKBONE probe takes the job id of a finished PT run)", FIELD));
        Job job = run.getJob();
        if (job.getKind() != JobKind.TRAINING || job.getStatus() != JobStatus.SUCCEEDED) {
            throw new BadRequestException("training job " + jobId + " is " + job.getStatus()
                    + "; its backbone can probe once it SUCCEEDED", FIELD);
        }
        RunSpec spec = experiments.findById(run.getExperimentId()).orElseThrow().getSettings();
        if (spec.method() != RunSpec.Method.PT || spec.arch() != RunSpec.Arch.CONV4) {
            throw new BadRequestException("training job " + jobId + " is a " + spec.method() + " run of a "
                    + spec.arch() + "; a PT_BACKBONE probe needs a PT run of a CONV4", FIELD);
        }
        byte[] model = store.model(run.getId());
        if (model == null) {
            throw new BadRequestException("training job " + jobId + " kept no trained parameters", FIELD);
        }
        return new ProbeSpec(ProbeKind.PT_BACKBONE, spec.hidden(), 0, model, "PT run (job " + jobId + ", seed "
                + run.getSeed() + ")");
    }
}
