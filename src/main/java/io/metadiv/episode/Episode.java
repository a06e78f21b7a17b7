package io.metadiv.episode;

import ai.djl.ndarray.NDArray;

/**
 * One N-way K-shot Q-query task. Labels are episode-local {@code 0..N-1}, in the order the classes were drawn;
 * support and query are class-major (K resp. Q consecutive images per class).
 *
 * @param support images, shape [N·K, C, H, W], values in [0, 1], the sampler's data type
 * @param supportLabels int64 labels, shape [N·K]
 * @param query images, shape [N·Q, C, H, W]
 * @param queryLabels int64 labels, shape [N·Q]
 * @param ways N
 * @param classes dataset class index of each episode label (length N)
 */
public record Episode(NDArray support, NDArray supportLabels, NDArray query, NDArray queryLabels, int ways,
        int[] classes) implements AutoCloseable {

    /** Closes the four tensors. */
    @Override
    public void close() {
        support.close();
        supportLabels.close();
        query.close();
        queryLabels.close();
    }
}
