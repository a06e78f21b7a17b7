package io.metadiv.diversity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.metadiv.nn.BnStats;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.GradMode;
import io.metadiv.training.FitLinearHead;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Task2Vec embedding of one few-shot task, as the reference's {@code task2vec.task_embedding}.
 *
 * <ol>
 *   <li>The probe backbone is frozen; BatchNorm uses the statistics of the whole task batch, computed once and
 *       then treated as constants, so every example's log-likelihood depends on that example only.</li>
 *   <li>A fresh linear head (zero init, full-batch Adam) is fitted on the backbone features.</li>
 *   <li>Diagonal Fisher of the four conv weights: {@code F = 1/n Σ_i Σ_y w(i,y) · (∂ log p(y|x_i)/∂θ)²} with
 *       {@code w(i,y) = p(y|x_i)} (exact expectation, {@code fisherSamples = 0}) or the fraction of
 *       {@code fisherSamples} labels drawn from {@code p(·|x_i)} that equal y (Monte Carlo).</li>
 *   <li>Embedding = per conv filter the mean of its Fisher entries over (in, 3, 3), concatenated over the four
 *       layers: {@code 4·hidden} non-negative floats.</li>
 * </ol>
 *
 * <p>Per-example gradients are computed in a batch, with the same result as the reference's per-example loop:
 * examples do not interact once BN statistics are constants, so one backward pass from the logits with a per-example
 * output gradient yields every example's gradient with respect to its own conv outputs (zero "leaf" tensors added
 * to each conv output catch them); the per-example weight gradient is that output gradient times the example's
 * unfolded (im2col) conv input, a batched matmul. {@link FisherFactor} picks the output gradients so that N − 1
 * passes give the exact Fisher (1 pass for one Monte-Carlo label per example), instead of the reference's n·N.
 * The head is fitted by {@link FitLinearHead} (on arrays, in double precision).
 */
public final class Task2Vec implements TaskEmbedder {

    private static final int KERNEL = 3;
    /** Examples per Fisher forward/backward: bounds the graph and im2col memory, not the result. */
    private static final int FISHER_CHUNK = 25;

    /**
     * Embedding settings.
     *
     * @param headSteps full-batch Adam steps fitting the head (reference default 100)
     * @param headLearningRate Adam learning rate of the head (default 1e-2)
     * @param fisherSamples 0 = exact expectation over the labels (default); k ≥ 1 = k Monte-Carlo labels per example
     */
    public record Config(int headSteps, double headLearningRate, int fisherSamples) {

        /** Default head steps (the reference's {@code --probe-head-steps}). */
        public static final int DEFAULT_HEAD_STEPS = 100;
        /** Default head learning rate (the reference's {@code --head-lr}). */
        public static final double DEFAULT_HEAD_LEARNING_RATE = 1e-2;
        /** Default: the exact Fisher. */
        public static final int EXACT_FISHER = 0;
        /** The defaults. */
        public static final Config DEFAULT = new Config(DEFAULT_HEAD_STEPS, DEFAULT_HEAD_LEARNING_RATE, EXACT_FISHER);

        /** Validates. */
        public Config {
            if (headSteps < 0 || !(headLearningRate > 0)) {
                throw new IllegalArgumentException("headSteps must be >= 0 and headLearningRate > 0, got "
                        + headSteps + ", " + headLearningRate);
            }
            if (fisherSamples < 0) {
                throw new IllegalArgumentException("fisherSamples must be >= 0 (0 = exact Fisher), got "
                        + fisherSamples);
            }
        }

        /** The head fit's settings. */
        public FitLinearHead.Config head() {
            return new FitLinearHead.Config(headSteps, headLearningRate);
        }

        /** Whether the Fisher is the exact expectation over labels (no Monte-Carlo noise). */
        public boolean exact() {
            return fisherSamples == EXACT_FISHER;
        }
    }

    private final Conv4Probe probe;
    private final Config config;

    /**
     * Creates an embedder.
     *
     * @param probe the frozen probe network (not owned)
     * @param config head and Fisher settings
     */
    public Task2Vec(Conv4Probe probe, Config config) {
        this.probe = probe;
        this.config = config;
    }

    /** Embedding length: 4 · hidden. */
    @Override
    public int dimension() {
        return Conv4.BLOCKS * probe.architecture().hidden();
    }

    /**
     * Embeds one task.
     *
     * @param x all the task's images (support and query), float32 [n, C, H, W] matching the probe's architecture
     * @param labels int64 [n], episode labels in {@code [0, ways)}
     * @param ways N, the head's outputs
     * @param mcSeed seed of the Monte-Carlo label draws (unused with the exact Fisher)
     * @return the embedding, {@code 4·hidden} non-negative values; no tensor outlives the call
     */
    @Override
    public float[] embed(NDArray x, NDArray labels, int ways, long mcSeed) {
        Conv4 model = probe.architecture();
        Shape shape = x.getShape();
        if (shape.dimension() != 4 || shape.get(1) != model.inChannels() || shape.get(2) != model.imageSize()) {
            throw new IllegalArgumentException("task images of shape " + shape + " do not fit the probe ("
                    + model.inChannels() + " channel(s), " + model.imageSize() + " px): resize the dataset or "
                    + "build the probe for this image size");
        }
        long[] y = checkedLabels(labels, ways);
        NDList backbone = probe.backbone();
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            List<BnStats> stats = model.batchBnStats(input, backbone);
            NDArray features;
            try (GradMode off = GradMode.disabled()) {
                features = model.features(input, backbone, stats);
            }
            int n = Math.toIntExact(shape.get(0));
            int dim = Math.toIntExact(features.getShape().get(1));
            float[][] head = FitLinearHead.fit(features.toFloatArray(), y, n, dim, ways, config.head());
            NDArray headWeight = scope.create(head[0], new Shape(ways, dim));
            NDArray headBias = scope.create(head[1], new Shape(ways));
            return fisher(input, backbone, stats, headWeight, headBias, ways, mcSeed, scope);
        }
    }

    private float[] fisher(NDArray input, NDList backbone, List<BnStats> stats, NDArray headWeight,
            NDArray headBias, int ways, long mcSeed, NDManager scope) {
        int n = Math.toIntExact(input.getShape().get(0));
        int hidden = probe.architecture().hidden();
        // examples are independent once BN statistics are constants, so chunks give the same sums with a graph a
        // fraction of the task's size; one label stream across the chunks keeps the Monte-Carlo draws as well
        SplittableRandom labelDraws = new SplittableRandom(mcSeed);
        NDArray[] acc = new NDArray[Conv4.BLOCKS];
        long[] perFilter = new long[Conv4.BLOCKS];
        for (int from = 0; from < n; from += FISHER_CHUNK) {
            try (NDManager chunk = scope.newSubManager()) {
                NDArray part = input.get(new NDIndex("{}:{}", from, Math.min(n, from + FISHER_CHUNK)));
                part.attach(chunk);
                accumulate(part, backbone, stats, headWeight, headBias, ways, labelDraws, acc, perFilter, chunk,
                        scope);
            }
        }
        float[] embedding = new float[Conv4.BLOCKS * hidden];
        for (int l = 0; l < Conv4.BLOCKS; l++) {
            float[] values = acc[l] == null ? new float[hidden] : acc[l].toFloatArray();
            for (int o = 0; o < hidden; o++) {
                embedding[l * hidden + o] = (float) (values[o] / ((double) n * perFilter[l]));
            }
        }
        return embedding;
    }

    /** Adds the chunk's Σ_i Σ_r (per-example conv-weight gradient)² per filter to {@code acc} (kept in scope). */
    private void accumulate(NDArray input, NDList backbone, List<BnStats> stats, NDArray headWeight,
            NDArray headBias, int ways, SplittableRandom labelDraws, NDArray[] acc, long[] perFilter,
            NDManager chunk, NDManager scope) {
        int n = Math.toIntExact(input.getShape().get(0));
        int hidden = probe.architecture().hidden();
        List<NDArray> leaves = new ArrayList<>(Conv4.BLOCKS);
        List<NDArray> patches = new ArrayList<>(Conv4.BLOCKS);
        NDArray logits;
        try (GradMode on = GradMode.enabled()) {
            PtNDArray h = (PtNDArray) input;
            for (int l = 0; l < Conv4.BLOCKS; l++) {
                NDArray unfolded = unfold(h);
                patches.add(unfolded);
                perFilter[l] = unfolded.getShape().get(2);
                int base = Conv4.PER_BLOCK * l;
                PtNDArray y = JniUtils.convolution(h, (PtNDArray) backbone.get(base),
                        (PtNDArray) backbone.get(base + 1), new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1);
                NDArray leaf = chunk.zeros(y.getShape(), y.getDataType());
                leaf.setRequiresGradient(true);
                leaves.add(leaf);
                // the graph keeps what backward needs (pool indices, ReLU outputs); the rest is freed at once
                try (y; PtNDArray probed = (PtNDArray) y.add(leaf);
                        PtNDArray normed = JniUtils.batchNorm(probed, (PtNDArray) stats.get(l).mean(),
                                (PtNDArray) stats.get(l).var(), (PtNDArray) backbone.get(base + 2),
                                (PtNDArray) backbone.get(base + 3), false, 0.0, Conv4.BN_EPS);
                        PtNDArray pooled = JniUtils.maxPool(normed, new Shape(2, 2), new Shape(2, 2),
                                new Shape(0, 0), false)) {
                    if (h != input) {
                        h.close();
                    }
                    h = JniUtils.relu(pooled); // max-pool before ReLU, as in Conv4: same values, 4x fewer elements
                }
            }
            logits = Conv4.linear(h.reshape(n, -1), headWeight, headBias);
        }
        float[] probs = probabilities(logits);
        float[][] passes = FisherFactor.passes(probs, labelWeights(probs, n, ways, config, labelDraws), n, ways);
        for (int r = 0; r < passes.length; r++) {
            try (NDArray gradOut = chunk.create(passes[r], new Shape(n, ways))) {
                JniUtils.backward((PtNDArray) logits, (PtNDArray) gradOut, r < passes.length - 1, false);
            }
            // every per-pass temporary is closed at once: left to the scope they added ~70 MB per pass
            try (GradMode off = GradMode.disabled()) {
                for (int l = 0; l < Conv4.BLOCKS; l++) {
                    try (NDArray dy = JniUtils.getGradient((PtNDArray) leaves.get(l));
                            NDArray rows = dy.reshape(n, hidden, -1);
                            NDArray perExample = rows.batchMatMul(patches.get(l));
                            NDArray squared = perExample.square()) {
                        addInto(acc, l, squared.sum(new int[] {0, 2}), scope);
                    }
                    JniUtils.zeroGrad((PtNDArray) leaves.get(l));
                }
            }
        }
    }

    /**
     * im2col of a conv input [B, C, H, W] (padding 1, 3×3) without autograd: [B, H·W, C·9], column
     * {@code c·9 + kh·3 + kw} (the conv weight's layout). One grouped convolution with one-hot 3×3 kernels.
     */
    private static NDArray unfold(PtNDArray h) {
        try (GradMode off = GradMode.disabled()) {
            Shape s = h.getShape();
            int c = Math.toIntExact(s.get(1));
            int taps = KERNEL * KERNEL;
            float[] oneHot = new float[c * taps * taps];
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < taps; k++) {
                    oneHot[(ch * taps + k) * taps + k] = 1f;
                }
            }
            try (PtNDArray kernels = (PtNDArray) h.getManager().create(oneHot, new Shape(c * taps, 1, KERNEL, KERNEL));
                    PtNDArray constant = (PtNDArray) h.stopGradient();
                    PtNDArray cols = JniUtils.convolution(constant, kernels, null, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1, 1), c);
                    NDArray flat = cols.reshape(s.get(0), (long) c * taps, s.get(2) * s.get(3))) {
                return flat.transpose(0, 2, 1);
            }
        }
    }

    /** {@code acc[l] += value}; the first value becomes {@code acc[l]}, in {@code owner}; later ones are closed. */
    static void addInto(NDArray[] acc, int l, NDArray value, NDManager owner) {
        if (acc[l] == null) {
            value.attach(owner);
            acc[l] = value;
        } else {
            acc[l].addi(value);
            value.close();
        }
    }

    /** The labels as an array, each checked to lie in {@code [0, ways)}. */
    static long[] checkedLabels(NDArray labels, int ways) {
        long[] y = labels.toLongArray();
        for (long label : y) {
            if (label < 0 || label >= ways) {
                throw new IllegalArgumentException("label " + label + " outside [0, " + ways + ")");
            }
        }
        return y;
    }

    /** softmax of the logits, row-major [n·ways] float32, without autograd. */
    static float[] probabilities(NDArray logits) {
        try (GradMode off = GradMode.disabled(); NDArray p = logits.stopGradient().softmax(1)) {
            return p.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** w(i, y) as an [n·ways] row-major array: p(y|x_i) (exact) or the Monte-Carlo label frequencies. */
    static float[] labelWeights(float[] probs, int n, int ways, Config config, long mcSeed) {
        return labelWeights(probs, n, ways, config, new SplittableRandom(mcSeed));
    }

    /** {@link #labelWeights(float[], int, int, Config, long)} drawing from a given stream (none drawn if exact). */
    static float[] labelWeights(float[] probs, int n, int ways, Config config, SplittableRandom random) {
        if (config.exact()) {
            return probs;
        }
        float[] weights = new float[n * ways];
        float share = 1f / config.fisherSamples();
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < config.fisherSamples(); s++) {
                double u = random.nextDouble();
                double cumulative = 0;
                int pick = ways - 1;
                for (int c = 0; c < ways; c++) {
                    cumulative += probs[i * ways + c];
                    if (u < cumulative) {
                        pick = c;
                        break;
                    }
                }
                weights[i * ways + pick] += share;
            }
        }
        return weights;
    }
}
