package io.metadiv.study.analysis;

/**
 * Whether a statistic could be computed, so that a thin study reads as "not enough data" instead of failing or
 * printing NaN. Every result with a status also carries a {@code note} saying why in words.
 */
public enum Status {
    /** Estimate, confidence interval and p-value all computed. */
    COMPUTED,
    /** An estimate without uncertainty: two datasets fix a line but leave nothing to measure its error. */
    ESTIMATE_ONLY,
    /** Too few datasets for any estimate. */
    TOO_FEW_DATASETS,
    /** Every dataset has the same diversity, so no slope on diversity exists. */
    NO_DIVERSITY_SPREAD,
    /** The method it is compared with (PT) has no runs on these datasets. */
    NO_BASELINE
}
