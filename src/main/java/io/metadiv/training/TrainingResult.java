package io.metadiv.training;

import java.util.List;

/**
 * What a call to {@code train} did.
 *
 * @param stepsDone steps finished in total (across resumes)
 * @param losses loss per step run by this call (the loss curve)
 * @param stepMillis compute time per step run by this call, milliseconds (sampling excluded)
 * @param sampleMillis episode/batch sampling time per step, milliseconds
 * @param stopped whether the listener stopped the run before its end
 */
public record TrainingResult(int stepsDone, List<Double> losses, List<Double> stepMillis, List<Double> sampleMillis,
        boolean stopped) {

    /** Copies the lists. */
    public TrainingResult {
        losses = List.copyOf(losses);
        stepMillis = List.copyOf(stepMillis);
        sampleMillis = List.copyOf(sampleMillis);
    }

    /**
     * Mean loss of the last {@code n} steps (reference: {@code final_train_loss_last20}).
     *
     * @param n steps
     * @return mean, NaN when no steps ran
     */
    public double meanLastLosses(int n) {
        return losses.subList(Math.max(0, losses.size() - n), losses.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElse(Double.NaN);
    }
}
