package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Functional ResNet-12, the second few-shot backbone (as in MetaOptNet and the few-shot literature): four residual
 * blocks, each three conv 3×3 → batch norm → leaky ReLU(0.1) (no activation after the third batch norm), a conv
 * 1×1 → batch norm shortcut added to it, leaky ReLU, then max-pool 2. Convolutions have no bias (batch norm
 * follows); batch norm uses the batch's statistics, as in {@link Conv4}. With 28×28 inputs the spatial size goes
 * 28 → 14 → 7 → 3 → 1; the features are the last block's output flattened.
 *
 * <p>Parameter layout: per block {@code [conv1, bn1_g, bn1_b, conv2, bn2_g, bn2_b, conv3, bn3_g, bn3_b, shortcut,
 * bnS_g, bnS_b]} (12 tensors; conv weights {@code [w, c_in, 3, 3]}, shortcut {@code [w, c_in, 1, 1]}), 48 in all,
 * then the head {@code [ways, featureDim]}, {@code [ways]}. Xavier-uniform convolutions and head, BN gamma 1 and beta
 * 0, zero head bias, from one seeded stream. Runs on channels-last memory like Conv4.
 */
public final class ResNet12 implements Network {

    /** Number of residual blocks. */
    public static final int BLOCKS = 4;
    /** Tensors per block. */
    public static final int PER_BLOCK = 12;
    /** Number of backbone tensors. */
    public static final int BACKBONE_TENSORS = BLOCKS * PER_BLOCK;
    /** The usual widths of the four blocks. */
    public static final int[] DEFAULT_WIDTHS = {64, 160, 320, 640};

    private static final double LEAK = 0.1;
    private static final int KERNEL = 3;
    private static final int POOL = 2;
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape ZERO = new Shape(0, 0);
    private static final Shape POOL_2 = new Shape(POOL, POOL);

    private final int[] widths;
    private final int inChannels;
    private final int imageSize;

    /**
     * Creates the architecture description (no tensors).
     *
     * @param widths channels of the four blocks, each at least 1
     * @param inChannels input channels C
     * @param imageSize input height = width, at least 16 (four 2× poolings)
     */
    public ResNet12(int[] widths, int inChannels, int imageSize) {
        if (widths.length != BLOCKS || Arrays.stream(widths).anyMatch(w -> w < 1) || inChannels < 1) {
            throw new IllegalArgumentException("ResNet-12 needs 4 block widths >= 1 and inChannels >= 1, got "
                    + Arrays.toString(widths) + ", " + inChannels);
        }
        if (imageSize < (1 << BLOCKS)) {
            throw new IllegalArgumentException("ResNet-12 needs images of at least " + (1 << BLOCKS) + " px, got "
                    + imageSize);
        }
        this.widths = widths.clone();
        this.inChannels = inChannels;
        this.imageSize = imageSize;
    }

    @Override
    public NDList init(NDManager manager, int ways, long seed, DataType dataType) {
        SplittableRandom random = new SplittableRandom(seed);
        NDList params = new NDList(BACKBONE_TENSORS + 2);
        int c = inChannels;
        int area = KERNEL * KERNEL;
        for (int width : widths) {
            int in = c;
            for (int k = 0; k < 3; k++) {
                params.add(Layers.xavier(manager, new Shape(width, in, KERNEL, KERNEL), in * area, width * area,
                        random, dataType));
                params.add(manager.ones(new Shape(width), dataType));
                params.add(manager.zeros(new Shape(width), dataType));
                in = width;
            }
            params.add(Layers.xavier(manager, new Shape(width, c, 1, 1), c, width, random, dataType));
            params.add(manager.ones(new Shape(width), dataType));
            params.add(manager.zeros(new Shape(width), dataType));
            c = width;
        }
        params.add(Layers.xavier(manager, new Shape(ways, featureDim()), featureDim(), ways, random, dataType));
        params.add(manager.zeros(new Shape(ways), dataType));
        return params;
    }

    @Override
    public NDArray features(NDArray x, NDList params) {
        PtNDArray h = Conv4.channelsLast(x);
        for (int b = 0; b < BLOCKS; b++) {
            PtNDArray next = block(h, params, b * PER_BLOCK);
            h.close();
            h = next;
        }
        PtNDArray flat = JniUtils.flatten(h, 1, -1);
        h.close();
        return flat;
    }

    private static PtNDArray block(PtNDArray x, NDList p, int base) {
        PtNDArray h = x;
        for (int k = 0; k < 3; k++) {
            int at = base + 3 * k;
            try (PtNDArray y = JniUtils.convolution(h, (PtNDArray) p.get(at), null, ONE, ONE, ONE, 1)) {
                PtNDArray normed = Layers.batchNorm(y, p.get(at + 1), p.get(at + 2));
                if (h != x) {
                    h.close();
                }
                if (k < 2) {
                    try (normed) {
                        h = JniUtils.leakyRelu(normed, LEAK);
                    }
                } else {
                    h = normed;
                }
            }
        }
        int at = base + 9;
        try (PtNDArray residual = h;
                PtNDArray s = JniUtils.convolution(x, (PtNDArray) p.get(at), null, ONE, ZERO, ONE, 1);
                PtNDArray shortcut = Layers.batchNorm(s, p.get(at + 1), p.get(at + 2));
                PtNDArray sum = JniUtils.add(residual, shortcut);
                PtNDArray act = JniUtils.leakyRelu(sum, LEAK)) {
            return JniUtils.maxPool(act, POOL_2, POOL_2, ZERO, false);
        }
    }

    @Override
    public int featureDim() {
        int s = imageSize;
        for (int i = 0; i < BLOCKS; i++) {
            s /= POOL;
        }
        return widths[BLOCKS - 1] * s * s;
    }

    @Override
    public int backboneTensors() {
        return BACKBONE_TENSORS;
    }

    @Override
    public String describe() {
        return "resnet12(widths=" + Arrays.toString(widths) + ")";
    }
}
