package io.metadiv.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Functional Conv4, MAML's four-block CNN, mirroring the reference {@code models.py}.
 *
 * <p>Block = conv 3×3 (padding 1, with bias) → BatchNorm with the batch's statistics (no running stats, affine)
 * → ReLU → max-pool 2. With 28×28 inputs the spatial size goes 28 → 14 → 7 → 3 → 1, so the feature dimension
 * is {@code hidden}. A linear head maps features to logits.
 *
 * <p>Parameter layout (18 tensors): {@code [conv_w1, conv_b1, bn_g1, bn_b1, …, conv_w4, conv_b4, bn_g4, bn_b4,
 * head_w, head_b]}; shapes {@code conv_w: [hidden, c_in, 3, 3]}, {@code conv_b, bn_g, bn_b: [hidden]},
 * {@code head_w: [ways, featureDim]}, {@code head_b: [ways]}. Init: Xavier-uniform conv and linear weights,
 * zero biases, BN gamma 1 and beta 0. The forward methods never own parameters: pass base or fast weights.
 * Results go to the manager of the input {@code x}.
 */
public final class Conv4 implements Network {

    /** Number of conv blocks. */
    public static final int BLOCKS = 4;
    /** Tensors per block: conv weight, conv bias, BN gamma, BN beta. */
    public static final int PER_BLOCK = 4;
    /** Number of backbone tensors. */
    public static final int BACKBONE_TENSORS = BLOCKS * PER_BLOCK;
    /** Index of the head weight in a full parameter list. */
    public static final int HEAD_WEIGHT = BACKBONE_TENSORS;
    /** Index of the head bias in a full parameter list. */
    public static final int HEAD_BIAS = BACKBONE_TENSORS + 1;
    /** Default hidden width (channels per conv). */
    public static final int DEFAULT_HIDDEN = 64;
    /** BatchNorm epsilon. */
    public static final double BN_EPS = 1e-5;

    private static final int KERNEL = 3;
    private static final int POOL = 2;
    private static final Shape STRIDE_1 = new Shape(1, 1);
    private static final Shape PAD_1 = new Shape(1, 1);
    private static final Shape DILATION_1 = new Shape(1, 1);
    private static final Shape POOL_2 = new Shape(POOL, POOL);
    private static final Shape PAD_0 = new Shape(0, 0);

    private final int hidden;
    private final int inChannels;
    private final int imageSize;

    /**
     * Creates the architecture description (no tensors).
     *
     * @param hidden channels of every conv, at least 1
     * @param inChannels input channels C (1 grey, 3 RGB)
     * @param imageSize input height = width in pixels, at least 16 (four 2× poolings)
     */
    public Conv4(int hidden, int inChannels, int imageSize) {
        if (hidden < 1 || inChannels < 1) {
            throw new IllegalArgumentException("hidden and inChannels must be >= 1, got " + hidden + ", "
                    + inChannels);
        }
        if (imageSize < (1 << BLOCKS)) {
            throw new IllegalArgumentException("Conv4 needs images of at least " + (1 << BLOCKS) + " px, got "
                    + imageSize);
        }
        this.hidden = hidden;
        this.inChannels = inChannels;
        this.imageSize = imageSize;
    }

    /** Hidden width. */
    public int hidden() {
        return hidden;
    }

    /** Input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Input height = width in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /** Length of the flattened feature vector: {@code hidden · s²} with {@code s = imageSize / 2⁴} (floor). */
    @Override
    public int featureDim() {
        int s = imageSize;
        for (int i = 0; i < BLOCKS; i++) {
            s /= POOL;
        }
        return hidden * s * s;
    }

    @Override
    public int backboneTensors() {
        return BACKBONE_TENSORS;
    }

    @Override
    public String describe() {
        return "conv4(hidden=" + hidden + ")";
    }

    /** Indices of the four conv weights in a parameter list ({@code 0, 4, 8, 12}). */
    public static int[] convWeightIndices() {
        int[] idx = new int[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            idx[i] = PER_BLOCK * i;
        }
        return idx;
    }

    /**
     * Backbone and head initialised from one seeded stream (backbone first, as the reference's
     * {@code init_conv4}).
     *
     * @param manager owner of the tensors
     * @param ways head outputs
     * @param seed initialisation seed
     * @param dataType FLOAT32 or FLOAT64
     * @return 18 tensors in the documented layout
     */
    @Override
    public NDList init(NDManager manager, int ways, long seed, DataType dataType) {
        SplittableRandom random = new SplittableRandom(seed);
        NDList params = backbone(manager, random, dataType);
        params.addAll(head(manager, featureDim(), ways, random, dataType));
        return params;
    }

    /**
     * Seeded backbone only (16 tensors).
     *
     * @param manager owner of the tensors
     * @param seed initialisation seed
     * @param dataType FLOAT32 or FLOAT64
     * @return the 16 backbone tensors
     */
    public NDList initBackbone(NDManager manager, long seed, DataType dataType) {
        return backbone(manager, new SplittableRandom(seed), dataType);
    }

    /**
     * Seeded linear head: Xavier-uniform weight [nOut, inDim], zero bias [nOut].
     *
     * @param manager owner of the tensors
     * @param inDim input features
     * @param nOut outputs
     * @param seed initialisation seed
     * @param dataType FLOAT32 or FLOAT64
     * @return {@code [weight, bias]}
     */
    public static NDList initHead(NDManager manager, int inDim, int nOut, long seed, DataType dataType) {
        return head(manager, inDim, nOut, new SplittableRandom(seed), dataType);
    }

    private NDList backbone(NDManager manager, SplittableRandom random, DataType dataType) {
        NDList params = new NDList(BACKBONE_TENSORS + 2);
        int c = inChannels;
        int area = KERNEL * KERNEL;
        for (int i = 0; i < BLOCKS; i++) {
            params.add(Layers.xavier(manager, new Shape(hidden, c, KERNEL, KERNEL), c * area, hidden * area, random,
                    dataType));
            params.add(manager.zeros(new Shape(hidden), dataType));
            params.add(manager.ones(new Shape(hidden), dataType));
            params.add(manager.zeros(new Shape(hidden), dataType));
            c = hidden;
        }
        return params;
    }

    private static NDList head(NDManager manager, int inDim, int nOut, SplittableRandom random, DataType dataType) {
        return new NDList(Layers.xavier(manager, new Shape(nOut, inDim), inDim, nOut, random, dataType),
                manager.zeros(new Shape(nOut), dataType));
    }

    /**
     * Backbone forward with batch statistics in every BatchNorm.
     *
     * @param x input [B, C, H, W], same data type as the parameters
     * @param params at least the 16 backbone tensors (base or fast weights)
     * @return features [B, featureDim]
     */
    @Override
    public NDArray features(NDArray x, NDList params) {
        return features(x, params, null);
    }

    /**
     * Backbone forward; with {@code bnStats} BatchNorm uses those (mean, var) as constants (inference mode),
     * else the batch's own statistics.
     *
     * @param x input [B, C, H, W]
     * @param params at least the 16 backbone tensors
     * @param bnStats per-block statistics (4 entries) or {@code null} for batch statistics
     * @return features [B, featureDim]
     */
    public NDArray features(NDArray x, NDList params, List<BnStats> bnStats) {
        PtNDArray h = channelsLast(x);
        for (int i = 0; i < BLOCKS; i++) {
            PtNDArray next = block(h, params, i, bnStats == null ? null : bnStats.get(i));
            h.close();
            h = next;
        }
        PtNDArray flat = JniUtils.flatten(h, 1, -1);
        h.close();
        return flat;
    }

    /**
     * The same [B, C, H, W] values in channels-last memory (NHWC strides), as a new array that may share
     * {@code x}'s storage. libtorch's oneDNN convolution, batch norm and max-pool keep that layout from input to
     * output and through backward, and at Conv4's shapes run 1.5–3× faster on it than on NCHW memory (a forward
     * and backward at batch 25: 14.6 → 9.8 ms), so one conversion at the input carries through the whole network.
     * A one-channel contiguous input needs no copy.
     *
     * @param x images [B, C, H, W] in any layout
     * @return a channels-last view or copy, owned by x's manager
     */
    public static PtNDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        try (NDArray nhwc = x.transpose(0, 2, 3, 1);
                NDArray packed = nhwc.reshape(-1); // a view when already NHWC in memory, else one copy
                NDArray unflat = packed.reshape(s.get(0), s.get(2), s.get(3), s.get(1))) {
            return (PtNDArray) unflat.transpose(0, 3, 1, 2);
        }
    }

    /**
     * Full forward to logits (batch statistics).
     *
     * @param x input [B, C, H, W]
     * @param params 18 tensors
     * @return logits [B, ways]
     */
    @Override
    public NDArray forward(NDArray x, NDList params) {
        return forward(x, params, null);
    }

    /**
     * Full forward to logits.
     *
     * @param x input [B, C, H, W]
     * @param params 18 tensors
     * @param bnStats per-block statistics or {@code null} for batch statistics
     * @return logits [B, ways]
     */
    public NDArray forward(NDArray x, NDList params, List<BnStats> bnStats) {
        try (NDArray h = features(x, params, bnStats)) {
            return linear(h, params.get(HEAD_WEIGHT), params.get(HEAD_BIAS));
        }
    }

    /**
     * Linear layer {@code h·wᵀ + b}.
     *
     * @param h features [B, D]
     * @param weight [nOut, D]
     * @param bias [nOut]
     * @return [B, nOut]
     */
    public static NDArray linear(NDArray h, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) h, (PtNDArray) weight, (PtNDArray) bias);
    }

    /**
     * Per-block batch statistics (mean and biased variance of each conv output) for batch {@code x}, computed
     * without autograd: the constants Task2Vec feeds back into
     * {@link #features(NDArray, NDList, List)}.
     *
     * @param x input [B, C, H, W]
     * @param params at least the 16 backbone tensors
     * @return 4 statistics, owned by x's manager
     */
    public List<BnStats> batchBnStats(NDArray x, NDList params) {
        List<BnStats> stats = new ArrayList<>(BLOCKS);
        try (GradMode off = GradMode.disabled()) {
            PtNDArray h = channelsLast(x);
            for (int i = 0; i < BLOCKS; i++) {
                PtNDArray y = conv(h, params, i);
                NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(hidden, -1);
                NDArray mean = perChannel.mean(new int[] {1});
                NDArray centred = perChannel.sub(mean.reshape(hidden, 1));
                NDArray var = centred.square().mean(new int[] {1});
                centred.close();
                perChannel.close();
                stats.add(new BnStats(mean, var));
                PtNDArray next = normReluPool(y, params, i, null);
                y.close();
                h.close();
                h = next;
            }
            h.close();
        }
        return stats;
    }

    private PtNDArray block(PtNDArray h, NDList params, int i, BnStats stats) {
        PtNDArray y = conv(h, params, i);
        PtNDArray out = normReluPool(y, params, i, stats);
        y.close();
        return out;
    }

    private static PtNDArray conv(PtNDArray h, NDList params, int i) {
        int base = PER_BLOCK * i;
        return JniUtils.convolution(h, (PtNDArray) params.get(base), (PtNDArray) params.get(base + 1), STRIDE_1,
                PAD_1, DILATION_1, 1);
    }

    private PtNDArray normReluPool(PtNDArray y, NDList params, int i, BnStats stats) {
        int base = PER_BLOCK * i;
        PtNDArray gamma = (PtNDArray) params.get(base + 2);
        PtNDArray beta = (PtNDArray) params.get(base + 3);
        PtNDArray normed;
        if (stats == null) {
            normed = Layers.batchNorm(y, gamma, beta);
        } else {
            normed = JniUtils.batchNorm(y, (PtNDArray) stats.mean(), (PtNDArray) stats.var(), gamma, beta, false,
                    0.0, BN_EPS);
        }
        // max-pool before ReLU: both are monotone, so the result is the same on 4x fewer elements
        PtNDArray pooled = JniUtils.maxPool(normed, POOL_2, POOL_2, PAD_0, false);
        normed.close();
        PtNDArray act = JniUtils.relu(pooled);
        pooled.close();
        return act;
    }
}
