package io.metadiv.diversity.api;

import io.metadiv.diversity.ProbeKind;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/datasets/{id}/diversity}; every field optional (defaults in brackets).
 *
 * @param tasks T tasks [20]
 * @param ways N classes per task [5]
 * @param shots K support images per class [5]
 * @param queries Q query images per class [15]
 * @param seed task-stream seed [0]
 * @param fisherSamples 0 = exact Fisher [0]; k = k Monte-Carlo labels per example
 * @param noiseTasks tasks re-embedded to measure the noise floor [5 with Monte Carlo, 0 with the exact Fisher]
 * @param headSteps Adam steps of the probe's linear head [100]
 * @param headLearningRate its learning rate [0.01]
 * @param split meta-train, meta-val, meta-test class fractions; tasks come from meta-train [0.6, 0.2, 0.2]
 * @param splitSeed class-split seed [0]
 * @param probe the probe network [random Conv4, seed 0, hidden 64]
 */
@Schema(description = "Diversity request; every field optional")
public record DiversityRequest(
        @Schema(example = "20") @Min(2) @Max(500) Integer tasks,
        @Schema(example = "5") @Min(2) @Max(100) Integer ways,
        @Schema(example = "5") @Min(1) @Max(1000) Integer shots,
        @Schema(example = "15") @Min(1) @Max(1000) Integer queries,
        @Schema(example = "0") Long seed,
        @Schema(example = "0", description = "0 = exact Fisher; k >= 1 = k Monte-Carlo labels per example")
        @Min(0) @Max(100) Integer fisherSamples,
        @Min(0) Integer noiseTasks,
        @Min(0) @Max(10000) Integer headSteps,
        @DecimalMin(value = "0", inclusive = false) Double headLearningRate,
        @Schema(description = "meta-train, meta-val, meta-test class fractions; tasks come from meta-train; "
                + "omit or send [] for [0.6, 0.2, 0.2]") List<@DecimalMin("0") Double> split,
        Long splitSeed,
        @Valid ProbeRequest probe) {

    /**
     * The probe.
     *
     * @param kind RANDOM_CONV4 [default], TORCHSCRIPT (an uploaded model) or PT_BACKBONE (a finished PT run's)
     * @param seed initialisation seed of the random Conv4 [0]
     * @param hidden width of the random Conv4 [64]
     * @param modelId the model from {@code POST /api/v1/probes} (TORCHSCRIPT only)
     * @param jobId the TRAINING job of a finished PT run of a Conv4 (PT_BACKBONE only)
     */
    @Schema(description = "Probe network: a seeded random Conv4 (seed, hidden), an uploaded TorchScript model "
            + "(modelId), or the backbone of a finished PT run (jobId)")
    public record ProbeRequest(@Schema(example = "RANDOM_CONV4") ProbeKind kind, Long seed, @Min(1) @Max(512) Integer hidden,
            UUID modelId, UUID jobId) {
    }
}
