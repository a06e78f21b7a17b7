package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.SplittableRandom;

/** Building blocks the functional networks share: seeded Xavier init and batch norm on the batch's statistics. */
final class Layers {

    private static final double XAVIER_GAIN = 6.0;

    private Layers() {
    }

    /** Xavier-uniform tensor: U(−b, b) with {@code b = √(6 / (fanIn + fanOut))}, drawn from {@code random}. */
    static NDArray xavier(NDManager manager, Shape shape, int fanIn, int fanOut, SplittableRandom random,
            DataType dataType) {
        double bound = Math.sqrt(XAVIER_GAIN / (fanIn + fanOut));
        int size = Math.toIntExact(shape.size());
        // Created directly in the target type: DJL's toType to the same type aliases the Java buffer.
        if (dataType == DataType.FLOAT64) {
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                values[i] = (random.nextDouble() * 2 - 1) * bound;
            }
            return manager.create(values, shape);
        }
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        NDArray floats = manager.create(values, shape);
        if (dataType == DataType.FLOAT32) {
            return floats;
        }
        try (floats) {
            return floats.toType(dataType, true);
        }
    }

    /** Batch norm over [B, C, H, W] with the batch's own statistics and affine {@code gamma}, {@code beta}. */
    static PtNDArray batchNorm(PtNDArray y, NDArray gamma, NDArray beta) {
        long channels = y.getShape().get(1);
        // libtorch needs running-stat tensors; momentum 0 leaves these throwaways as they are
        try (PtNDArray runMean = (PtNDArray) y.getManager().zeros(new Shape(channels), y.getDataType());
                PtNDArray runVar = (PtNDArray) y.getManager().ones(new Shape(channels), y.getDataType())) {
            return JniUtils.batchNorm(y, runMean, runVar, (PtNDArray) gamma, (PtNDArray) beta, true, 0.0,
                    Conv4.BN_EPS);
        }
    }
}
