package io.metadiv.training;

import ai.djl.ndarray.types.DataType;

/**
 * MAML settings; defaults are the reference's ({@code bench.py}).
 *
 * @param order higher-order (second-order terms through the inner steps) or first-order
 * @param metaBatch tasks per outer step
 * @param innerSteps inner SGD steps during meta-training
 * @param innerStepsTest inner SGD steps at meta-test
 * @param innerLr inner SGD learning rate
 * @param outerLr outer Adam learning rate
 * @param iterations outer steps
 * @param seed parameter initialisation seed
 * @param dataType FLOAT32, or FLOAT64 for gradient checks
 */
public record MamlConfig(Order order, int metaBatch, int innerSteps, int innerStepsTest, double innerLr,
        double outerLr, int iterations, long seed, DataType dataType) {

    /** Which meta-gradient. */
    public enum Order {
        /** Differentiate through the inner steps (createGraph), Hessian-vector terms included. */
        HIGHER,
        /** Treat inner gradients as constants. */
        FIRST
    }

    /** Reference default meta-batch. */
    public static final int DEFAULT_META_BATCH = 4;
    /** Reference default inner steps in training. */
    public static final int DEFAULT_INNER_STEPS = 1;
    /** Reference default inner steps at test. */
    public static final int DEFAULT_INNER_STEPS_TEST = 3;
    /** Reference default inner learning rate. */
    public static final double DEFAULT_INNER_LR = 0.4;
    /** Reference default outer learning rate. */
    public static final double DEFAULT_OUTER_LR = 1e-3;
    /** Reference default outer iterations. */
    public static final int DEFAULT_ITERATIONS = 300;

    /** Validates. */
    public MamlConfig {
        if (order == null || dataType == null) {
            throw new IllegalArgumentException("order and data type are required");
        }
        if (metaBatch < 1 || innerSteps < 0 || innerStepsTest < 0 || iterations < 0) {
            throw new IllegalArgumentException("meta-batch must be >= 1 and steps >= 0, got metaBatch=" + metaBatch
                    + " innerSteps=" + innerSteps + " innerStepsTest=" + innerStepsTest + " iterations=" + iterations);
        }
        if (!(innerLr > 0) || !(outerLr > 0)) {
            throw new IllegalArgumentException("learning rates must be > 0, got inner " + innerLr + ", outer " + outerLr);
        }
    }

    /**
     * A builder with the reference defaults.
     *
     * @param order HIGHER or FIRST (required)
     * @return the builder
     */
    public static Builder builder(Order order) {
        return new Builder(order);
    }

    /** Builder; the order is required, everything else optional. */
    public static final class Builder {

        private final Order order;
        private int metaBatch = DEFAULT_META_BATCH;
        private int innerSteps = DEFAULT_INNER_STEPS;
        private int innerStepsTest = DEFAULT_INNER_STEPS_TEST;
        private double innerLr = DEFAULT_INNER_LR;
        private double outerLr = DEFAULT_OUTER_LR;
        private int iterations = DEFAULT_ITERATIONS;
        private long seed;
        private DataType dataType = DataType.FLOAT32;

        private Builder(Order order) {
            this.order = order;
        }

        /** @param v tasks per outer step @return this */
        public Builder optMetaBatch(int v) {
            metaBatch = v;
            return this;
        }

        /** @param v inner steps in training @return this */
        public Builder optInnerSteps(int v) {
            innerSteps = v;
            return this;
        }

        /** @param v inner steps at test @return this */
        public Builder optInnerStepsTest(int v) {
            innerStepsTest = v;
            return this;
        }

        /** @param v inner learning rate @return this */
        public Builder optInnerLr(double v) {
            innerLr = v;
            return this;
        }

        /** @param v outer learning rate @return this */
        public Builder optOuterLr(double v) {
            outerLr = v;
            return this;
        }

        /** @param v outer steps @return this */
        public Builder optIterations(int v) {
            iterations = v;
            return this;
        }

        /** @param v initialisation seed @return this */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** @param v FLOAT32 or FLOAT64 @return this */
        public Builder optDataType(DataType v) {
            dataType = v;
            return this;
        }

        /** @return the validated config */
        public MamlConfig build() {
            return new MamlConfig(order, metaBatch, innerSteps, innerStepsTest, innerLr, outerLr, iterations, seed,
                    dataType);
        }
    }
}
