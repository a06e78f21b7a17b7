package io.metadiv.study;

import io.metadiv.diversity.api.DiversityRequest;
import io.metadiv.experiment.ExperimentRequest;
import io.metadiv.training.RunSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/studies}: every field but {@code datasetIds} optional.
 *
 * @param name display name [study of N datasets]
 * @param datasetIds the datasets, 2 to 50 (a regression needs at least 3 for a CI)
 * @param methods the methods trained on every dataset [HO_MAML, FO_MAML, PT]
 * @param seeds training seeds, one run per dataset × method × seed [0]
 * @param training the shared model, episode and training settings: the experiment request's fields, without
 *     datasetId, method and seeds [the core's defaults]
 * @param diversity the shared diversity settings and probe: every dataset is scored under the same one, or the
 *     scores would not be comparable [the score defaults: random Conv4]
 * @param robustnessProbe a second probe: every dataset is scored under it too and the analysis repeated, to show
 *     whether the verdict depends on the probe [none]
 * @param equalize train and score every dataset on the same number of classes and images per class: a seeded
 *     subset of each, down to the smallest dataset's classes and the smallest class's images [false]
 * @param equalizeSeed seed of those subsets [0]
 * @param criteria what counts as success [defaults below]
 * @param bootstrapSeed seed of the bootstrap over datasets [0]
 * @param design ACROSS_DATASETS: accuracy against diversity over the datasets given; QUANTITY_VS_VARIETY: one
 *     dataset cut into a grid of subsets, to tell whether more classes or more images per class pay more
 *     [ACROSS_DATASETS]
 * @param grid the subsets of a QUANTITY_VS_VARIETY study (required there, absent otherwise)
 */
@Schema(description = "Study request: datasets × methods × seeds under one setting and one diversity probe")
public record StudyRequest(
        @Schema(example = "fashion vs letters") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<UUID> datasetIds,
        @Schema(description = "omit or send [] for all three") List<RunSpec.Method> methods,
        @Schema(description = "omit or send [] for [0]", example = "[0, 1]") List<Long> seeds,
        @Schema(description = "the experiment request's settings; datasetId, method and seeds must be absent")
        ExperimentRequest training,
        @Schema(description = "one diversity setting and probe for all datasets") DiversityRequest diversity,
        @Schema(description = "optional second probe (same diversity settings otherwise): the analysis is repeated "
                + "under it and the answer says whether the verdict holds under both") DiversityRequest.ProbeRequest
        robustnessProbe,
        @Schema(description = "subsample every dataset to the same classes and images per class (removes the "
                + "dataset-size confound)") Boolean equalize,
        @Schema(example = "0") Long equalizeSeed,
        CriteriaRequest criteria,
        @Schema(example = "0") Long bootstrapSeed,
        @Schema(description = "omit for ACROSS_DATASETS") Design design,
        @Schema(description = "QUANTITY_VS_VARIETY only: the grid of subsets") Grid grid) {

    /** What a study compares. */
    public enum Design {
        /** Accuracy against diversity over several datasets (the paper's analysis). */
        ACROSS_DATASETS,
        /** One dataset: more classes (variety) against more images per class (quantity). */
        QUANTITY_VS_VARIETY
    }

    /**
     * The subsets of a quantity-vs-variety study: every number of classes × every number of images per class. The
     * held-out classes are the meta-test classes of every cell (all their images), so every cell is evaluated on the
     * same tasks; the training classes come from the rest, nested (a cell with more classes keeps the fewer ones).
     *
     * @param classes numbers of meta-train classes, 2 to 8 levels
     * @param imagesPerClass numbers of images per meta-train class, 2 to 8 levels
     * @param heldOutClasses classes held out for evaluation [training.ways]
     * @param seed which classes are held out, which train, and which images each cell keeps [0]
     */
    @Schema(name = "StudyGrid", description = "Quantity-vs-variety grid: classes × images per class")
    public record Grid(@Schema(example = "[2, 4, 6, 8]") List<Integer> classes,
            @Schema(example = "[50, 100, 200]") List<Integer> imagesPerClass,
            @Schema(example = "2") Integer heldOutClasses, @Schema(example = "0") Long seed) {

        /** Fewest and most levels per axis: a slope needs two, a study should stay affordable. */
        static final int MIN_LEVELS = 2;
        static final int MAX_LEVELS = 8;
    }

    /** Most datasets and seeds one study takes. */
    static final int MAX_DATASETS = 50;
    static final int MAX_SEEDS = 10;

    /**
     * Success criteria; null fields take the defaults.
     *
     * @param minGapPoints MAML must beat PT by at least this many accuracy points [1.0]
     * @param minDatasets on at least this many datasets [0 = more than half of those compared]
     * @param requireNonOverlappingCi the 95% CIs must not overlap [true]
     * @param requireSteeperSlope MAML's slope of accuracy on diversity must exceed PT's [true]
     */
    @Schema(description = "Success criteria; every field optional")
    public record CriteriaRequest(@Schema(example = "1.0") Double minGapPoints, @Schema(example = "0") Integer minDatasets,
            Boolean requireNonOverlappingCi, Boolean requireSteeperSlope) {
    }
}
