package io.metadiv.diversity.api;

import io.metadiv.diversity.ProbeKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A diversity score as served. Results are null until {@code status} is SUCCEEDED.
 *
 * @param id score id
 * @param datasetId dataset
 * @param status QUEUED, RUNNING, SUCCEEDED or FAILED
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
 * @param error failure message
 */
record DiversityScoreResponse(UUID id, UUID datasetId, ScoreStatus status, Double coefficient, Double ci95,
        Integer pairs, Double distMin, Double distMax, Double noiseFloor, Settings settings, Probe probe,
        Timings timings, double[][] distances, String heatmap, String error) {

    /** Settings part. */
    record Settings(int tasks, int ways, int shots, int queries, long seed, int fisherSamples, int noiseTasks,
            int headSteps, double headLearningRate, List<Double> split, long splitSeed) {
    }

    /**
     * Probe part.
     *
     * @param kind RANDOM_CONV4 or TORCHSCRIPT
     * @param seed initialisation seed (Conv4 probes; null otherwise)
     * @param hidden Conv4 width (Conv4 probes; null otherwise)
     * @param modelId the uploaded model (TORCHSCRIPT; null otherwise, and once the model is deleted)
     * @param description identity of the probe as computed, e.g. the model's name and checksum
     */
    record Probe(ProbeKind kind, Long seed, Integer hidden, UUID modelId, String description) {

        static Probe of(ScoreSettings c, String description) {
            boolean conv4 = c.probeKind() != ProbeKind.TORCHSCRIPT;
            return new Probe(c.probeKind(), conv4 ? c.probeSeed() : null, conv4 ? c.probeHidden() : null,
                    c.probeModelId(), description);
        }
    }

    /**
     * Timings part.
     *
     * @param embedMsMedian median per-task embedding time in ms
     * @param embedMsMean mean per-task embedding time in ms
     * @param computeSeconds whole computation in s
     * @param createdAt accepted
     * @param startedAt started
     * @param finishedAt finished
     */
    record Timings(Double embedMsMedian, Double embedMsMean, Double computeSeconds, Instant createdAt,
            Instant startedAt, Instant finishedAt) {
    }

    static DiversityScoreResponse of(DiversityScore s) {
        ScoreSettings c = s.settings();
        String base = "/api/v1/datasets/" + s.getDatasetId() + "/diversity/" + s.getId();
        return new DiversityScoreResponse(s.getId(), s.getDatasetId(), s.getStatus(), s.getCoefficient(), s.getCi95(),
                s.getPairs(), s.getDistMin(), s.getDistMax(), s.getNoiseFloor(),
                new Settings(c.tasks(), c.ways(), c.shots(), c.queries(), c.seed(), c.fisherSamples(), c.noiseTasks(),
                        c.headSteps(), c.headLearningRate(), c.splitList(), c.splitSeed()),
                Probe.of(c, s.getProbeDescription()),
                new Timings(s.getEmbedMsMedian(), s.getEmbedMsMean(), s.getComputeSeconds(), s.getCreatedAt(),
                        s.getStartedAt(), s.getFinishedAt()),
                s.getDistances(), s.getStatus() == ScoreStatus.SUCCEEDED ? base + "/heatmap.png" : null,
                s.getError());
    }
}
