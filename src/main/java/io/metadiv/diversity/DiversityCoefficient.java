package io.metadiv.diversity;

import java.util.List;

/**
 * The diversity coefficient of a set of task embeddings: the mean {@link TaskDistance} over the
 * {@code P = T(T−1)/2} pairs of distinct tasks, its 95% CI {@code 1.96·σ/√P} (σ the population standard deviation,
 * as the reference), and the symmetric T×T distance matrix (zero diagonal).
 *
 * @param coefficient mean pairwise distance, in [0, 1]
 * @param ci95 half-width of the 95% confidence interval
 * @param pairs P
 * @param min smallest pairwise distance
 * @param max largest pairwise distance
 * @param distances T×T matrix, {@code distances[i][j]} the distance of tasks i and j
 */
public record DiversityCoefficient(double coefficient, double ci95, int pairs, double min, double max,
        double[][] distances) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.96;

    /**
     * Computes the coefficient.
     *
     * @param embeddings T ≥ 2 embeddings of equal length
     * @return the coefficient with its matrix
     * @throws IllegalArgumentException when fewer than two embeddings are given
     */
    public static DiversityCoefficient of(List<float[]> embeddings) {
        int t = embeddings.size();
        if (t < 2) {
            throw new IllegalArgumentException("the diversity coefficient needs at least 2 tasks, got " + t);
        }
        double[][] d = new double[t][t];
        int pairs = t * (t - 1) / 2;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                double v = TaskDistance.between(embeddings.get(i), embeddings.get(j));
                d[i][j] = v;
                d[j][i] = v;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double mean = sum / pairs;
        double sq = 0;
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                sq += (d[i][j] - mean) * (d[i][j] - mean);
            }
        }
        double ci = Z95 * Math.sqrt(sq / pairs) / Math.sqrt(pairs);
        return new DiversityCoefficient(mean, ci, pairs, min, max, d);
    }
}
