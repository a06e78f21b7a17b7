package io.metadiv.episode;

import ai.djl.ndarray.NDArray;

/**
 * A supervised minibatch for pre-training.
 *
 * @param images shape [B, C, H, W], values in [0, 1]
 * @param labels int64 labels in {@code [0, number of sampler classes)}, shape [B]
 */
public record Batch(NDArray images, NDArray labels) implements AutoCloseable {

    /** Closes both tensors. */
    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
