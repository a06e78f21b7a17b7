package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;

/**
 * One method on one dataset, its seeds averaged: the unit of the regressions and of the plot, so that a dataset
 * trained with more seeds does not weigh more in a trend across datasets.
 *
 * @param datasetId the dataset
 * @param datasetName its name
 * @param method the method
 * @param diversity the dataset's diversity coefficient
 * @param diversityCi95 half-width of its 95% CI
 * @param seeds runs averaged
 * @param accuracyPoints mean accuracy over the seeds, percentage points
 * @param accuracyCi95Points half-width of the mean's 95% CI, points (see {@code ciSource})
 * @param ciSource where that CI comes from
 * @param meanLoss mean final training loss over the runs that recorded one; null when none did
 */
public record DatasetMean(String datasetId, String datasetName, Method method, double diversity,
        double diversityCi95, int seeds, double accuracyPoints, double accuracyCi95Points, CiSource ciSource,
        Double meanLoss) {

    /** How an accuracy CI was obtained. */
    public enum CiSource {
        /** One run: the CI over its evaluation episodes. */
        EVAL_EPISODES,
        /**
         * Two or more seeds: a t interval of the mean over the seeds; the spread between seeds already contains
         * the episode noise of each, and adds the training noise an episode CI leaves out.
         */
        SEEDS
    }
}
