package io.metadiv.training;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of per-step wall times, as the reference's {@code _timing}: the first {@code warmup} steps are
 * excluded when there are more steps than that.
 *
 * @param n steps summarised
 * @param medianMs median in milliseconds
 * @param meanMs mean in milliseconds
 * @param p90Ms 90th percentile (linear interpolation, numpy's default) in milliseconds
 * @param warmupExcluded steps left out at the start
 */
public record Timing(int n, double medianMs, double meanMs, double p90Ms, int warmupExcluded) {

    private static final double MEDIAN = 50;
    private static final double P90 = 90;

    /**
     * Summarises step times.
     *
     * @param millis per-step times in milliseconds, in order
     * @param warmup steps to exclude at the start
     * @return the summary ({@code n == 0} when there were no steps)
     */
    public static Timing of(List<Double> millis, int warmup) {
        List<Double> body = millis.size() > warmup ? millis.subList(warmup, millis.size()) : millis;
        if (body.isEmpty()) {
            return new Timing(0, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] sorted = body.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        return new Timing(sorted.length, percentile(sorted, MEDIAN), mean, percentile(sorted, P90),
                Math.min(warmup, millis.size()));
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
