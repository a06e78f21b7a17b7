package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * A functional few-shot network: a backbone mapping images to a feature vector and a linear head, whose forward
 * passes take an explicit parameter list (base or fast weights), so MAML can differentiate through adapted weights.
 * The list is the backbone's tensors followed by the head's weight {@code [ways, featureDim]} and bias
 * {@code [ways]}. Implementations: {@link Conv4} and {@link ResNet12}.
 */
public interface Network {

    /**
     * Backbone and head from one seeded stream.
     *
     * @param manager owner of the tensors
     * @param ways head outputs
     * @param seed initialisation seed
     * @param dataType FLOAT32 or FLOAT64
     * @return {@link #backboneTensors()} + 2 tensors
     */
    NDList init(NDManager manager, int ways, long seed, DataType dataType);

    /**
     * Backbone forward with batch statistics in every batch norm.
     *
     * @param x images [B, C, H, W], the parameters' data type
     * @param params at least the backbone tensors
     * @return features [B, featureDim], owned by x's manager
     */
    NDArray features(NDArray x, NDList params);

    /** Full forward to logits [B, ways] (batch statistics); {@code params} is the full list. */
    default NDArray forward(NDArray x, NDList params) {
        try (NDArray h = features(x, params)) {
            int head = backboneTensors();
            return Conv4.linear(h, params.get(head), params.get(head + 1));
        }
    }

    /** Length of the feature vector. */
    int featureDim();

    /** Number of backbone tensors; the head's weight and bias follow at this index. */
    int backboneTensors();

    /** Short description recorded with results, e.g. {@code "conv4(hidden=64)"}. */
    String describe();
}
