package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.descriptive.rank.Percentile;
import org.hipparchus.stat.regression.OLSMultipleLinearRegression;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * Whether a MAML method turns diversity into accuracy faster than PT: the difference of their slopes of accuracy
 * (points) on diversity, over the datasets both ran on (per-dataset means over seeds).
 *
 * <p>The difference is b3 of one least-squares fit over both methods, accuracy = b0 + b1·div + b2·isMaml +
 * b3·div·isMaml, so its standard error pools the residual variance of both (2k − 4 degrees of freedom for k
 * datasets). As a check that needs no such assumption, a bootstrap resamples the datasets with replacement and
 * refits; its percentile interval should agree in sign.
 *
 * @param method the MAML method
 * @param status whether the difference could be computed
 * @param datasets datasets on which both the MAML method and PT ran
 * @param mamlSlope the MAML method's slope (b1 + b3), points per unit of diversity
 * @param ptSlope PT's slope (b1)
 * @param difference b3 = MAML slope − PT slope
 * @param differenceCiLow lower end of b3's 95% CI
 * @param differenceCiHigh upper end
 * @param pValue two-sided p-value of "b3 = 0"
 * @param bootstrap the bootstrap check; null when the difference was not computed
 * @param note why something is missing; null when nothing is
 */
public record SlopeComparison(Method method, Status status, int datasets, Double mamlSlope, Double ptSlope,
        Double difference, Double differenceCiLow, Double differenceCiHigh, Double pValue, Bootstrap bootstrap,
        String note) {

    /** Fewest datasets: 2k rows must exceed the 4 coefficients. */
    public static final int MIN_DATASETS = 3;
    /** Bootstrap resamples by default: enough for stable 2.5% and 97.5% percentiles. */
    public static final int DEFAULT_BOOTSTRAP_SAMPLES = 2000;

    /**
     * The bootstrap over datasets.
     *
     * @param samples resamples drawn
     * @param used resamples with at least two distinct diversities (the others have no slope and are skipped)
     * @param seed seed of this comparison's random stream
     * @param ciLow 2.5th percentile of the resampled differences; null when fewer than half the resamples were used
     * @param ciHigh 97.5th percentile
     * @param agreesInSign whether the bootstrap CI and the regression CI give the same answer about zero (both
     *     above, both below or both containing it); null without a bootstrap CI
     */
    public record Bootstrap(int samples, int used, long seed, Double ciLow, Double ciHigh, Boolean agreesInSign) {
    }

    /** Whether MAML's slope exceeds PT's: both 95% CIs of the difference lie above zero. */
    public boolean steeper() {
        return status == Status.COMPUTED && differenceCiLow > 0 && bootstrap.ciLow() != null
                && bootstrap.ciLow() > 0;
    }

    /**
     * Compares the slopes.
     *
     * @param method the MAML method
     * @param diversity per dataset, in the same order as the accuracies
     * @param maml the MAML method's accuracy per dataset, points
     * @param pt PT's accuracy per dataset, points
     * @param samples bootstrap resamples
     * @param seed bootstrap seed
     */
    static SlopeComparison of(Method method, double[] diversity, double[] maml, double[] pt, int samples,
            long seed) {
        int k = diversity.length;
        if (k < MIN_DATASETS) {
            return notComputed(method, Status.TOO_FEW_DATASETS, k, "comparing slopes needs at least "
                    + MIN_DATASETS + " datasets on which both " + StudyText.name(method) + " and PT ran, has " + k);
        }
        if (Regression.distinct(diversity) < 2) {
            return notComputed(method, Status.NO_DIVERSITY_SPREAD, k,
                    "every dataset has the same diversity, so there is no slope to compare");
        }
        double[] y = new double[2 * k];
        double[][] x = new double[2 * k][];
        for (int i = 0; i < k; i++) {
            y[i] = maml[i];
            x[i] = new double[] {diversity[i], 1, diversity[i]};
            y[k + i] = pt[i];
            x[k + i] = new double[] {diversity[i], 0, 0};
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] b = ols.estimateRegressionParameters();
        double se = ols.estimateRegressionParametersStandardErrors()[3];
        double d = b[3];
        double half;
        double p;
        if (se > 0) {
            TDistribution t = new TDistribution(2 * k - 4);
            half = t.inverseCumulativeProbability(0.975) * se;
            p = 2 * t.cumulativeProbability(-Math.abs(d) / se);
        } else {
            // An exact fit: the difference is known without error.
            half = 0;
            p = d == 0 ? 1 : 0;
        }
        double low = d - half;
        double high = d + half;
        Bootstrap boot = bootstrap(diversity, maml, pt, samples, seed, low, high);
        String note = boot.ciLow() == null ? "the bootstrap drew too few resamples with distinct diversities ("
                + boot.used() + " of " + samples + ") for an interval" : null;
        return new SlopeComparison(method, Status.COMPUTED, k, b[1] + d, b[1], d, low, high, p, boot, note);
    }

    private static Bootstrap bootstrap(double[] diversity, double[] maml, double[] pt, int samples, long seed,
            double low, double high) {
        SplittableRandom random = new SplittableRandom(seed);
        int k = diversity.length;
        double[] differences = new double[samples];
        int used = 0;
        double[] drawn = new double[k];
        for (int s = 0; s < samples; s++) {
            SimpleRegression m = new SimpleRegression();
            SimpleRegression p = new SimpleRegression();
            for (int j = 0; j < k; j++) {
                int i = random.nextInt(k);
                drawn[j] = diversity[i];
                m.addData(diversity[i], maml[i]);
                p.addData(diversity[i], pt[i]);
            }
            if (Regression.distinct(drawn) >= 2) {
                differences[used++] = m.getSlope() - p.getSlope();
            }
        }
        if (used * 2 < samples) {
            return new Bootstrap(samples, used, seed, null, null, null);
        }
        Percentile percentile = new Percentile();
        percentile.setData(differences, 0, used);
        double bootLow = percentile.evaluate(2.5);
        double bootHigh = percentile.evaluate(97.5);
        return new Bootstrap(samples, used, seed, bootLow, bootHigh, side(bootLow, bootHigh) == side(low, high));
    }

    /** +1 above zero, −1 below, 0 containing it. */
    private static int side(double low, double high) {
        return low > 0 ? 1 : high < 0 ? -1 : 0;
    }

    static SlopeComparison notComputed(Method method, Status status, int datasets, String note) {
        return new SlopeComparison(method, status, datasets, null, null, null, null, null, null, null, note);
    }
}
