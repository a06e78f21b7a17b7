package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Classification loss and accuracy on logits. */
public final class Losses {

    private Losses() {
    }

    /**
     * Mean softmax cross-entropy.
     *
     * @param logits [B, classes]
     * @param labels int64 [B], each in {@code [0, classes)}
     * @return scalar loss, differentiable when the logits are
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        try (NDArray logp = logits.logSoftmax(1);
                NDArray column = labels.reshape(-1, 1);
                NDArray picked = logp.gather(column, 1);
                NDArray mean = picked.mean()) {
            return mean.neg();
        }
    }

    /**
     * Fraction of rows whose arg-max equals the label.
     *
     * @param logits [B, classes]
     * @param labels int64 [B]
     * @return accuracy in [0, 1]
     */
    public static double accuracy(NDArray logits, NDArray labels) {
        try (GradMode off = GradMode.disabled();
                NDArray predicted = logits.argMax(1);
                NDArray hits = predicted.eq(labels);
                NDArray count = hits.sum();
                NDArray asDouble = count.toType(DataType.FLOAT64, false)) {
            return asDouble.getDouble() / labels.size();
        }
    }
}
