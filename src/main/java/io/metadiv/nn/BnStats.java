package io.metadiv.nn;

import ai.djl.ndarray.NDArray;

/**
 * BatchNorm statistics of one block, used as constants by
 * {@link Conv4#features(NDArray, ai.djl.ndarray.NDList, java.util.List)}.
 *
 * @param mean per-channel mean of the conv output, shape [hidden]
 * @param var per-channel biased variance of the conv output, shape [hidden]
 */
public record BnStats(NDArray mean, NDArray var) implements AutoCloseable {

    /** Closes both tensors. */
    @Override
    public void close() {
        mean.close();
        var.close();
    }
}
