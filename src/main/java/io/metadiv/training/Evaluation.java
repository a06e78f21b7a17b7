package io.metadiv.training;

/**
 * Few-shot accuracy over meta-test episodes.
 *
 * @param accMean mean query accuracy in [0, 1]
 * @param accCi95 half-width of the 95% confidence interval: {@code 1.96 · σ / √E} (population σ, as numpy)
 * @param episodes E
 * @param evalSeconds wall time of the evaluation in seconds
 * @param accuracies the accuracy of each episode, in episode order
 */
public record Evaluation(double accMean, double accCi95, int episodes, double evalSeconds, double[] accuracies) {

    /** z-value of a two-sided 95% interval. */
    public static final double Z95 = 1.96;

    /**
     * Summarises per-episode accuracies.
     *
     * @param accuracies one per episode, at least one
     * @param seconds wall time in seconds
     * @return the evaluation
     */
    public static Evaluation of(double[] accuracies, double seconds) {
        if (accuracies.length == 0) {
            throw new IllegalArgumentException("evaluation needs at least one episode");
        }
        double mean = 0;
        for (double a : accuracies) {
            mean += a;
        }
        mean /= accuracies.length;
        double var = 0;
        for (double a : accuracies) {
            var += (a - mean) * (a - mean);
        }
        var /= accuracies.length;
        return new Evaluation(mean, Z95 * Math.sqrt(var) / Math.sqrt(accuracies.length), accuracies.length,
                seconds, accuracies.clone());
    }

    /** Milliseconds per episode. */
    public double msPerEpisode() {
        return evalSeconds * 1e3 / episodes;
    }
}
