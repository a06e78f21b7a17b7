package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;

/**
 * How far a MAML method is ahead of PT on one dataset, with a 95% CI of the gap, and whether the two methods' own
 * CIs overlap (the per-dataset test of the success criteria).
 *
 * <p>The gap's CI is a Welch t interval over the seeds when both methods have at least two seeds on the dataset
 * (unequal variances, Welch–Satterthwaite degrees of freedom); otherwise the two sides' CI half-widths combined as
 * independent, √(a² + b²).
 *
 * @param datasetId the dataset
 * @param datasetName its name
 * @param diversity its diversity coefficient
 * @param method the MAML method compared with PT
 * @param mamlPoints MAML's mean accuracy, points
 * @param mamlCi95Points half-width of its 95% CI
 * @param ptPoints PT's mean accuracy, points
 * @param ptCi95Points half-width of its 95% CI
 * @param gapPoints MAML − PT, points (positive: MAML ahead)
 * @param gapCi95Points half-width of the gap's 95% CI
 * @param gapCiSource how that CI was obtained
 * @param ciOverlap whether MAML's and PT's 95% CIs overlap
 * @param win whether this dataset counts as won under the study's criteria
 */
public record DatasetGap(String datasetId, String datasetName, double diversity, Method method, double mamlPoints,
        double mamlCi95Points, double ptPoints, double ptCi95Points, double gapPoints, double gapCi95Points,
        GapCiSource gapCiSource, boolean ciOverlap, boolean win) {

    /** How a gap's CI was obtained. */
    public enum GapCiSource {
        /** Welch t interval over the seeds of both methods. */
        WELCH_OVER_SEEDS,
        /** √(a² + b²) of the two sides' half-widths (a side with one run has only its episode CI). */
        COMBINED_HALF_WIDTHS
    }

    /** Lower end of the gap's CI. */
    public double gapLow() {
        return gapPoints - gapCi95Points;
    }

    /** Upper end of the gap's CI. */
    public double gapHigh() {
        return gapPoints + gapCi95Points;
    }
}
