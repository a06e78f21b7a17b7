package io.metadiv.study.analysis;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * A straight-line fit of one quantity (accuracy in points, or loss) on diversity, one point per dataset. Missing
 * values are null: the slope and intercept need two datasets with different diversities, their 95% CIs, R²,
 * Pearson's r and the p-value need at least three (with two, a line always fits exactly, so R² = 1 says nothing).
 *
 * @param status whether everything, only the line, or nothing could be computed
 * @param n points fitted (datasets)
 * @param runs training runs behind those points (datasets × seeds)
 * @param slope change per unit of diversity
 * @param slopeCi95 half-width of the slope's 95% CI (t with n − 2 degrees of freedom)
 * @param intercept value at diversity 0
 * @param interceptCi95 half-width of the intercept's 95% CI
 * @param r2 share of the variance explained by the line
 * @param pearsonR correlation of the quantity with diversity
 * @param pValue two-sided p-value of "slope = 0" (the same as of "r = 0")
 * @param note why something is missing; null when nothing is
 */
public record Regression(Status status, int n, int runs, Double slope, Double slopeCi95, Double intercept,
        Double interceptCi95, Double r2, Double pearsonR, Double pValue, String note) {

    /** Fewest points for a confidence interval (n − 2 ≥ 1 degrees of freedom). */
    public static final int MIN_POINTS_FOR_CI = 3;

    /**
     * Fits y on x with Hipparchus {@link SimpleRegression} (ordinary least squares with intercept).
     *
     * @param x diversities, one per dataset
     * @param y the quantity, one per dataset
     * @param runs runs behind the points (reported, not used in the fit)
     * @param what the quantity's name, for the note ("accuracy", "loss")
     */
    static Regression fit(double[] x, double[] y, int runs, String what) {
        int n = x.length;
        if (n < 2) {
            return empty(Status.TOO_FEW_DATASETS, n, runs, "a line needs at least 2 datasets, " + what + " has " + n);
        }
        if (distinct(x) < 2) {
            return empty(Status.NO_DIVERSITY_SPREAD, n, runs,
                    "every dataset has the same diversity (" + x[0] + "), so " + what + " has no slope on diversity");
        }
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < n; i++) {
            r.addData(x[i], y[i]);
        }
        if (n < MIN_POINTS_FOR_CI) {
            return new Regression(Status.ESTIMATE_ONLY, n, runs, r.getSlope(), null, r.getIntercept(), null, null,
                    null, null, "2 datasets fix a line exactly: no confidence interval, R² or p-value without a third");
        }
        if (distinct(y) < 2) {
            return new Regression(Status.COMPUTED, n, runs, r.getSlope(), 0.0, r.getIntercept(), 0.0, null, null,
                    null, what + " is the same on every dataset: a flat line, nothing left to explain or correlate");
        }
        double t = new TDistribution(n - 2).inverseCumulativeProbability(0.975);
        return new Regression(Status.COMPUTED, n, runs, r.getSlope(), finite(r.getSlopeConfidenceInterval(0.05)),
                r.getIntercept(), finite(r.getInterceptStdErr() * t), finite(r.getRSquare()),
                finite(new PearsonsCorrelation().correlation(x, y)), finite(r.getSignificance()), null);
    }

    private static Regression empty(Status status, int n, int runs, String note) {
        return new Regression(status, n, runs, null, null, null, null, null, null, null, note);
    }

    static long distinct(double[] values) {
        return Arrays.stream(values).distinct().count();
    }

    /** NaN and infinities (rounding at a perfect fit) become null: JSON has no NaN. */
    static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
