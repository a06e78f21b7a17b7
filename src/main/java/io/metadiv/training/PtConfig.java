package io.metadiv.training;

import ai.djl.ndarray.types.DataType;

/**
 * Pre-training (PT) settings; defaults are the reference's ({@code bench.py}).
 *
 * @param batchSize images per supervised batch
 * @param learningRate Adam learning rate
 * @param iterations batches (ignored when {@code trainSeconds > 0})
 * @param trainSeconds wall-time budget in seconds instead of a batch count; 0 = use iterations
 * @param head fresh-head fitting at meta-test
 * @param seed parameter initialisation seed
 * @param dataType FLOAT32 or FLOAT64
 */
public record PtConfig(int batchSize, double learningRate, int iterations, double trainSeconds,
        FitLinearHead.Config head, long seed, DataType dataType) {

    /** Reference default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Reference default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Reference default batches. */
    public static final int DEFAULT_ITERATIONS = 300;

    /** Validates. */
    public PtConfig {
        if (batchSize < 1 || iterations < 0 || trainSeconds < 0 || !(learningRate > 0) || head == null
                || dataType == null) {
            throw new IllegalArgumentException("PT needs batchSize >= 1, iterations >= 0, trainSeconds >= 0, "
                    + "learningRate > 0, a head config and a data type; got batchSize=" + batchSize + " iterations="
                    + iterations + " trainSeconds=" + trainSeconds + " learningRate=" + learningRate);
        }
    }

    /** A builder with the reference defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder; everything optional. */
    public static final class Builder {

        private int batchSize = DEFAULT_BATCH_SIZE;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int iterations = DEFAULT_ITERATIONS;
        private double trainSeconds;
        private FitLinearHead.Config head = FitLinearHead.Config.DEFAULT;
        private long seed;
        private DataType dataType = DataType.FLOAT32;

        private Builder() {
        }

        /** @param v batch size @return this */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v learning rate @return this */
        public Builder optLearningRate(double v) {
            learningRate = v;
            return this;
        }

        /** @param v batches @return this */
        public Builder optIterations(int v) {
            iterations = v;
            return this;
        }

        /** @param v wall-time budget in seconds (0 = use iterations) @return this */
        public Builder optTrainSeconds(double v) {
            trainSeconds = v;
            return this;
        }

        /** @param v head fitting at meta-test @return this */
        public Builder optHead(FitLinearHead.Config v) {
            head = v;
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
        public PtConfig build() {
            return new PtConfig(batchSize, learningRate, iterations, trainSeconds, head, seed, dataType);
        }
    }
}
