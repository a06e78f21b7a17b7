package io.metadiv.diversity;

import java.util.List;

/**
 * A dataset's diversity score with everything needed to judge and reproduce it.
 *
 * @param coefficient the coefficient, its CI, min/max and the T×T distance matrix
 * @param embeddings the T task embeddings, each {@code 4·hidden} floats
 * @param embedMillis wall time of each task's embedding in ms (episode sampling excluded)
 * @param noiseFloor mean distance between a task's embedding and its re-embedding with another Monte-Carlo seed,
 *     over {@code noiseTasks} tasks; {@code NaN} when not measured (noiseTasks 0)
 * @param noiseTasks tasks the noise floor was measured on
 * @param seconds wall time of the whole computation in seconds
 * @param probe the probe's description
 * @param probeKind the probe's kind
 */
public record DiversityResult(DiversityCoefficient coefficient, List<float[]> embeddings, double[] embedMillis,
        double noiseFloor, int noiseTasks, double seconds, String probe, ProbeKind probeKind) {

    /** Median per-task embedding time in ms. */
    public double embedMillisMedian() {
        double[] sorted = embedMillis.clone();
        java.util.Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** Mean per-task embedding time in ms. */
    public double embedMillisMean() {
        return java.util.Arrays.stream(embedMillis).average().orElse(Double.NaN);
    }
}
