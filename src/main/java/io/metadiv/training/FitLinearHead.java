package io.metadiv.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.GradMode;
import io.metadiv.nn.Autograd;
import io.metadiv.nn.Losses;

/**
 * A fresh linear head (zero init) fitted by full-batch Adam on cross-entropy over fixed features, as the
 * reference's {@code maml.fit_linear_head}. Used by PT evaluation and Task2Vec.
 */
public final class FitLinearHead {

    /**
     * Head-fitting settings.
     *
     * @param steps full-batch Adam steps
     * @param learningRate Adam learning rate
     */
    public record Config(int steps, double learningRate) {

        /** Reference default: 300 steps. */
        public static final int DEFAULT_STEPS = 300;
        /** Reference default: learning rate 1e-2. */
        public static final double DEFAULT_LEARNING_RATE = 1e-2;
        /** The reference defaults. */
        public static final Config DEFAULT = new Config(DEFAULT_STEPS, DEFAULT_LEARNING_RATE);

        /** Validates. */
        public Config {
            if (steps < 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("head steps must be >= 0 and learning rate > 0, got " + steps
                        + ", " + learningRate);
            }
        }
    }

    private FitLinearHead() {
    }

    /**
     * Fits {@code W [nOut, D]} and {@code b [nOut]} on the features (treated as constants).
     *
     * @param features [B, D]
     * @param labels int64 [B] in {@code [0, nOut)}
     * @param nOut number of classes
     * @param config steps and learning rate
     * @return {@code [W, b]} owned by the features' manager, without autograd history
     */
    public static NDList fit(NDArray features, NDArray labels, int nOut, Config config) {
        NDManager owner = features.getManager();
        long dim = features.getShape().get(1);
        NDList head = new NDList(owner.zeros(new Shape(nOut, dim), features.getDataType()),
                owner.zeros(new Shape(nOut), features.getDataType()));
        try (NDManager state = owner.newSubManager()) {
            NDArray fixed = features.stopGradient();
            fixed.attach(state);
            for (NDArray p : head) {
                p.setRequiresGradient(true);
            }
            Adam adam = new Adam(Adam.Config.of(config.learningRate()), head, state);
            for (int s = 0; s < config.steps(); s++) {
                try (NDManager step = state.newSubManager(); GradMode on = GradMode.enabled()) {
                    NDArray logits = Conv4.linear(fixed, head.get(0), head.get(1));
                    logits.attach(step);
                    NDArray loss = Losses.crossEntropy(logits, labels);
                    loss.attach(step);
                    NDList grads = Autograd.grad(loss, head, false);
                    grads.attach(step);
                    adam.step(head, grads);
                }
            }
        }
        return head;
    }
}
