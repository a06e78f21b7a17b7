package io.metadiv.experiment;

import io.metadiv.job.Job;
import io.metadiv.job.JobStatus;
import io.metadiv.training.RunSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An experiment as served: its resolved settings and one entry per seed with its job's status and, once it
 * SUCCEEDED, the result.
 *
 * @param id experiment id
 * @param datasetId the dataset
 * @param method HO_MAML, FO_MAML or PT
 * @param settings every setting as resolved (defaults filled in); {@code seed} is each job's own
 * @param createdAt accepted
 * @param jobs one per seed
 */
record ExperimentResponse(UUID id, UUID datasetId, RunSpec.Method method, RunSpec settings, Instant createdAt,
        List<RunJob> jobs) {

    /**
     * One seed's run.
     *
     * @param id the job (progress, history, cancel under /api/v1/jobs/{id})
     * @param runId the training run
     * @param seed its seed
     * @param status its job's status
     * @param accuracy mean meta-test accuracy in [0, 1] (once SUCCEEDED)
     * @param ci95 half-width of its 95% CI
     * @param episodes meta-test episodes
     * @param steps training steps done
     * @param resumedFromStep the checkpoint step its last attempt resumed from (0 = from the start)
     * @param trainSeconds training wall seconds (last attempt)
     * @param evalSeconds evaluation wall seconds
     * @param cpuSeconds CPU seconds of the worker process during the attempt
     * @param lineage what produced it
     * @param error why its job failed (type: message), or null
     * @param episodeAccuracies per-episode accuracies (in GET of one experiment only)
     * @param lossCurve {@code [step, loss]} points, at most 200 (in GET of one experiment only)
     */
    @Schema(name = "ExperimentJob")
    record RunJob(UUID id, UUID runId, long seed, JobStatus status, Double accuracy, Double ci95, Integer episodes,
            Integer steps, Integer resumedFromStep, Double trainSeconds, Double evalSeconds, Double cpuSeconds,
            Lineage lineage, String error, double[] episodeAccuracies, double[][] lossCurve) {
    }

    /**
     * Lineage of a result.
     *
     * @param datasetChecksum SHA-256 of the dataset's tensors
     * @param codeVersion git commit of the build that trained it
     * @param libraries DJL and PyTorch versions
     */
    @Schema(name = "ExperimentLineage")
    record Lineage(String datasetChecksum, String codeVersion, String libraries) {
    }

    static ExperimentResponse of(Experiment e, List<TrainingRun> runs, boolean details) {
        return new ExperimentResponse(e.getId(), e.getDatasetId(), e.getMethod(), e.getSettings(), e.getCreatedAt(),
                runs.stream().map(r -> job(r, details)).toList());
    }

    private static RunJob job(TrainingRun r, boolean details) {
        Job job = r.getJob();
        boolean done = job.getStatus() == JobStatus.SUCCEEDED;
        return new RunJob(job.getId(), r.getId(), r.getSeed(), job.getStatus(), r.getAccuracy(), r.getCi95(),
                r.getEpisodes(), r.getSteps(), r.getResumedFromStep(), r.getTrainSeconds(), r.getEvalSeconds(),
                r.getCpuSeconds(), done ? new Lineage(r.getDatasetChecksum(), r.getCodeVersion(), r.getLibraries())
                        : null,
                done || job.getErrorType() == null ? null : job.getErrorType() + ": " + job.getErrorMessage(),
                details ? r.getEpisodeAccuracies() : null, details ? r.getLossCurve() : null);
    }
}
