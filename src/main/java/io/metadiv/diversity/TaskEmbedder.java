package io.metadiv.diversity;

import ai.djl.ndarray.NDArray;

/** Task2Vec embedding of one few-shot task under one probe (see {@link Task2Vec} for the definition). */
public interface TaskEmbedder {

    /** Embedding length: the probe's number of conv filters. */
    int dimension();

    /**
     * Embeds one task.
     *
     * @param x all the task's images (support and query), float32 [n, C, H, W] as the probe expects
     * @param labels int64 [n], episode labels in {@code [0, ways)}
     * @param ways N, the head's outputs
     * @param mcSeed seed of the Monte-Carlo label draws (unused with the exact Fisher)
     * @return per conv filter the mean of its diagonal Fisher entries, concatenated over the conv layers; no
     *     tensor outlives the call
     */
    float[] embed(NDArray x, NDArray labels, int ways, long mcSeed);
}
