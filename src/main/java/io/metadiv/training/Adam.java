package io.metadiv.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.metadiv.nn.GradMode;

/**
 * Adam with PyTorch's update rule ({@code torch.optim.Adam}, no weight decay, no AMSGrad), applied in place to
 * plain (non-leaf, no-grad) parameter tensors. The moments live in a manager owned by the caller and are
 * exposed for checkpoints.
 */
public final class Adam {

    /**
     * Adam hyper-parameters.
     *
     * @param learningRate step size
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon denominator guard
     */
    public record Config(double learningRate, double beta1, double beta2, double epsilon) {

        /** PyTorch's default first-moment decay. */
        public static final double DEFAULT_BETA1 = 0.9;
        /** PyTorch's default second-moment decay. */
        public static final double DEFAULT_BETA2 = 0.999;
        /** PyTorch's default epsilon. */
        public static final double DEFAULT_EPSILON = 1e-8;

        /**
         * PyTorch defaults with the given learning rate.
         *
         * @param learningRate step size
         * @return the config
         */
        public static Config of(double learningRate) {
            return new Config(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
        }
    }

    private static final float NO_WEIGHT_DECAY = 0f;
    private static final float NO_RESCALE = 1f;
    private static final float NO_CLIP = -1f;

    private final Config config;
    private final NDList firstMoment;
    private final NDList secondMoment;
    private long steps;

    /**
     * Creates zero moments shaped like {@code params}.
     *
     * @param config hyper-parameters
     * @param params parameters to optimise (shapes and types only)
     * @param stateManager owner of the moments (lives as long as the optimiser)
     */
    public Adam(Config config, NDList params, NDManager stateManager) {
        this.config = config;
        this.firstMoment = new NDList(params.size());
        this.secondMoment = new NDList(params.size());
        for (NDArray p : params) {
            firstMoment.add(stateManager.zeros(p.getShape(), p.getDataType()));
            secondMoment.add(stateManager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /**
     * One Adam step: {@code p -= lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + ε)}, in place, without autograd. Runs as one fused
     * native update per tensor (DJL's {@code adamUpdate}, which computes {@code p -= c·m/(√v+ε')}) with
     * {@code c = lr·√(1-β2ᵗ)/(1-β1ᵗ)} and {@code ε' = ε·√(1-β2ᵗ)}: the same update as PyTorch's.
     *
     * @param params parameters, updated in place
     * @param gradients gradients (no history), same shapes
     */
    public void step(NDList params, NDList gradients) {
        steps++;
        // StrictMath: the same bits in the interpreter and after JIT compilation, so a run repeats exactly
        double bias1 = 1 - StrictMath.pow(config.beta1(), steps);
        double rootBias2 = Math.sqrt(1 - StrictMath.pow(config.beta2(), steps));
        float scale = (float) (config.learningRate() * rootBias2 / bias1);
        float epsilon = (float) (config.epsilon() * rootBias2);
        for (int i = 0; i < params.size(); i++) {
            JniUtils.adamUpdate((PtNDArray) params.get(i), (PtNDArray) gradients.get(i),
                    (PtNDArray) firstMoment.get(i), (PtNDArray) secondMoment.get(i), (float) config.learningRate(),
                    scale, NO_WEIGHT_DECAY, NO_RESCALE, NO_CLIP, (float) config.beta1(), (float) config.beta2(),
                    epsilon, false);
        }
    }

    /** Steps taken so far (t). */
    public long steps() {
        return steps;
    }

    /** First moments (m), one per parameter; for checkpoints. */
    public NDList firstMoment() {
        return firstMoment;
    }

    /** Second moments (v), one per parameter; for checkpoints. */
    public NDList secondMoment() {
        return secondMoment;
    }

    /**
     * Restores state saved from {@link #firstMoment()}, {@link #secondMoment()} and {@link #steps()}.
     *
     * @param m first moments (copied in)
     * @param v second moments (copied in)
     * @param t step count
     */
    public void restore(NDList m, NDList v, long t) {
        try (GradMode off = GradMode.disabled()) {
            for (int i = 0; i < firstMoment.size(); i++) {
                m.get(i).copyTo(firstMoment.get(i));
                v.get(i).copyTo(secondMoment.get(i));
            }
        }
        this.steps = t;
    }
}
