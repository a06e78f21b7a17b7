package io.metadiv.diversity.api;

import io.metadiv.diversity.ClassContributions.ClassRanking;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Which classes, and groups of classes, add to a score's diversity coefficient.
 *
 * @param scoreId the score
 * @param datasetId its dataset
 * @param resamples bootstrap resamples behind every interval
 * @param seed bootstrap seed
 * @param minTasks tasks needed with a class and without it for an estimate
 * @param nearDuplicateRatio two classes are near-duplicates when the mean distance between their tasks is below this
 *     × the coefficient
 * @param classes every meta-train class, most diversity-adding first
 * @param groups the same per group (folder holding the classes, e.g. {@code Latin} for {@code Latin/alpha}); null
 *     when the dataset has fewer than two groups
 * @param notDrawn classes outside the score's meta-train split: its tasks never contain them
 * @param advice plain sentences: which groups and classes add the most, which are near-duplicates
 */
@Schema(name = "DiversityClassContributions")
record ClassContributionsResponse(UUID scoreId, UUID datasetId, int resamples, long seed, int minTasks,
        double nearDuplicateRatio, ClassRanking classes, ClassRanking groups, List<String> notDrawn,
        List<String> advice) {
}
