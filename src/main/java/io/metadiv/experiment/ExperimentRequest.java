package io.metadiv.experiment;

import io.metadiv.training.RunSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/experiments}: every field but {@code datasetId} and {@code method} optional; the
 * defaults are the core's ({@link RunSpec.Builder}, the reference bench's values), shown in brackets.
 *
 * @param datasetId the dataset (required)
 * @param method HO_MAML, FO_MAML or PT (required)
 * @param arch CONV4 [default] or RESNET12
 * @param hidden Conv4 width [64]
 * @param widths ResNet-12 stage widths [64, 160, 320, 640]
 * @param ways N [5]
 * @param shots K [1]
 * @param queries Q [15]
 * @param iterations training steps: MAML outer steps or PT batches [300]
 * @param trainSeconds PT only: a wall-time budget instead of iterations [0 = none]
 * @param metaBatch MAML tasks per outer step [4]
 * @param innerSteps MAML inner steps in training [1]
 * @param innerStepsTest inner steps at meta-test [3]
 * @param innerLr MAML inner learning rate [0.4]
 * @param outerLr MAML outer Adam learning rate [0.001]
 * @param ptBatch PT batch size [64]
 * @param ptLr PT Adam learning rate [0.001]
 * @param evalEpisodes meta-test episodes [200]
 * @param evalSeed seed of the meta-test episodes [12345]
 * @param split meta-train, meta-val, meta-test class fractions [0.6, 0.2, 0.2]
 * @param splitSeed class-split seed [0]
 * @param splitInOrder split the classes in the dataset's order instead of shuffling them: the first ones meta-train,
 *     the last ones meta-test [false]
 * @param seeds one training run (and job) per seed [0]
 */
@Schema(description = "Experiment request; every field but datasetId and method optional")
public record ExperimentRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID datasetId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "FO_MAML") RunSpec.Method method,
        @Schema(example = "CONV4") RunSpec.Arch arch,
        @Schema(example = "64", minimum = "1", maximum = "1024") Integer hidden,
        @Schema(description = "ResNet-12 stage widths (4); omit or send [] for [64, 160, 320, 640]") List<Integer> widths,
        @Schema(example = "5", minimum = "2", maximum = "100") Integer ways,
        @Schema(example = "1", minimum = "1", maximum = "1000") Integer shots,
        @Schema(example = "15", minimum = "1", maximum = "1000") Integer queries,
        @Schema(example = "300", minimum = "1", maximum = "100000") Integer iterations,
        @Schema(example = "0", minimum = "0") Double trainSeconds,
        @Schema(example = "4", minimum = "1", maximum = "256") Integer metaBatch,
        @Schema(example = "1", minimum = "0", maximum = "100") Integer innerSteps,
        @Schema(example = "3", minimum = "0", maximum = "100") Integer innerStepsTest,
        @Schema(example = "0.4") Double innerLr,
        @Schema(example = "0.001") Double outerLr,
        @Schema(example = "64", minimum = "1", maximum = "4096") Integer ptBatch,
        @Schema(example = "0.001") Double ptLr,
        @Schema(example = "200", minimum = "1", maximum = "10000") Integer evalEpisodes,
        @Schema(example = "12345") Long evalSeed,
        @Schema(description = "train, val, test class fractions; omit or send [] for [0.6, 0.2, 0.2]") List<Double> split,
        @Schema(example = "0") Long splitSeed,
        @Schema(description = "split the classes in the dataset's order (the first ones meta-train, the last ones "
                + "meta-test) instead of shuffling them with splitSeed; omit for false", example = "false")
        Boolean splitInOrder,
        @Schema(description = "one run per seed; omit or send [] for [0]", example = "[0, 1, 2]") List<Long> seeds) {

    /** Most seeds one experiment takes. */
    static final int MAX_SEEDS = 20;

    /** The same settings with another class split (a study that holds classes out sets it per subset). */
    public ExperimentRequest withSplit(List<Double> fractions, Long seed, Boolean inOrder) {
        return new ExperimentRequest(datasetId, method, arch, hidden, widths, ways, shots, queries, iterations,
                trainSeconds, metaBatch, innerSteps, innerStepsTest, innerLr, outerLr, ptBatch, ptLr, evalEpisodes,
                evalSeed, fractions, seed, inOrder, seeds);
    }
}
