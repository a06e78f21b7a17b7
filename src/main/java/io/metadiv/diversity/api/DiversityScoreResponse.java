package io.metadiv.diversity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.job.Job;
import io.metadiv.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A diversity score as served. Results are null until {@code status} is SUCCEEDED.
 *
 * @param id score id
 * @param datasetId dataset
 * @param status its job's status: QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED or CANCELLED
 * @param jobId the job that computes it
 * @param job URL path of the job (progress, attempts, history, cancel)
 * @param coefficient mean normalised-cosine distance over pairs of distinct tasks, in [0, 1]
 * @param ci95 half-width of its 95% CI
 * @param pairs task pairs
 * @param distMin smallest pairwise distance
 * @param distMax largest pairwise distance
 * @param noiseFloor mean distance between a task and its re-embedding with another Monte-Carlo seed (null when not
 *     measured; 0 by construction with the exact Fisher)
 * @param settings resolved settings
 * @param probe the probe; scores are comparable only under the same probe
 * @param timings when and how long
 * @param distances T×T distance matrix
 * @param heatmap URL path of the heat-map PNG
 * @param error why its job failed (type: message), or null
 */
record DiversityScoreResponse(UUID id, UUID datasetId, JobStatus status, UUID jobId, String job, Double coefficient, Double ci95,
        Integer pairs, Double distMin, Double distMax, Double noiseFloor, Settings settings, Probe probe,
        Timings timings, double[][] distances, String heatmap, String error) {

    /** Settings part. */
    @Schema(name = "DiversitySettings")
    record Settings(int tasks, int ways, int shots, int queries, long seed, int fisherSamples, int noiseTasks,
            int headSteps, double headLearningRate, List<Double> split, long splitSeed) {

        static Settings of(ScoreSettings c) {
            return new Settings(c.tasks(), c.ways(), c.shots(), c.queries(), c.seed(), c.fisherSamples(),
                    c.noiseTasks(), c.headSteps(), c.headLearningRate(), c.splitList(), c.splitSeed());
        }
    }

    /**
     * Probe part.
     *
     * @param kind RANDOM_CONV4 or TORCHSCRIPT
     * @param seed initialisation seed (Conv4 probes; null otherwise)
     * @param hidden Conv4 width (Conv4 probes; null otherwise)
     * @param modelId the uploaded model (TORCHSCRIPT; null otherwise, and once the model is deleted)
     * @param jobId the PT run's TRAINING job (PT_BACKBONE; null otherwise)
     * @param description identity of the probe as computed, e.g. the model's name and checksum
     */
    @Schema(name = "DiversityProbe")
    record Probe(ProbeKind kind, Long seed, Integer hidden, UUID modelId, UUID jobId, String description) {

        static Probe of(ScoreSettings c, String description) {
            boolean random = c.probeKind() == ProbeKind.RANDOM_CONV4;
            return new Probe(c.probeKind(), random ? c.probeSeed() : null, random ? c.probeHidden() : null,
                    c.probeModelId(), c.probeJobId(), description);
        }
    }

    /**
     * Timings part.
     *
     * @param embedMsMedian median per-task embedding time in ms
     * @param embedMsMean mean per-task embedding time in ms
     * @param computeSeconds whole computation in s
     * @param createdAt accepted
     * @param startedAt its job's last attempt started
     * @param finishedAt its job ended
     */
    @Schema(name = "DiversityTimings")
    record Timings(Double embedMsMedian, Double embedMsMean, Double computeSeconds, Instant createdAt,
            Instant startedAt, Instant finishedAt) {
    }

    static DiversityScoreResponse of(DiversityScore s) {
        ScoreSettings c = s.settings();
        String base = "/api/v1/datasets/" + s.getDatasetId() + "/diversity/" + s.getId();
        Job job = s.getJob();
        return new DiversityScoreResponse(s.getId(), s.getDatasetId(), job.getStatus(), job.getId(),
                "/api/v1/jobs/" + job.getId(), s.getCoefficient(), s.getCi95(),
                s.getPairs(), s.getDistMin(), s.getDistMax(), s.getNoiseFloor(),
                Settings.of(c),
                Probe.of(c, s.getProbeDescription()),
                new Timings(s.getEmbedMsMedian(), s.getEmbedMsMean(), s.getComputeSeconds(), s.getCreatedAt(),
                        job.getStartedAt(), job.getFinishedAt()),
                s.getDistances(), job.getStatus() == JobStatus.SUCCEEDED ? base + "/heatmap.png" : null,
                job.getStatus() == JobStatus.SUCCEEDED || job.getErrorType() == null ? null : job.getErrorType() + ": " + job.getErrorMessage());
    }
}
