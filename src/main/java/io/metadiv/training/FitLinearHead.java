package io.metadiv.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A fresh linear head (zero init) fitted by full-batch Adam on cross-entropy over fixed features, as the
 * reference's {@code maml.fit_linear_head}. Used by PT evaluation and Task2Vec; computed on Java arrays in double
 * precision (see {@link #fit(float[], long[], int, int, int, Config)}).
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
     * @param features [B, D], float32 or float64
     * @param labels int64 [B] in {@code [0, nOut)}
     * @param nOut number of classes
     * @param config steps and learning rate
     * @return {@code [W, b]} in the features' data type, owned by the features' manager, without autograd history
     */
    public static NDList fit(NDArray features, NDArray labels, int nOut, Config config) {
        NDManager owner = features.getManager();
        int n = Math.toIntExact(features.getShape().get(0));
        int dim = Math.toIntExact(features.getShape().get(1));
        float[] values;
        if (features.getDataType() == DataType.FLOAT32) {
            values = features.toFloatArray();
        } else {
            try (NDArray floats = features.toType(DataType.FLOAT32, true)) {
                values = floats.toFloatArray();
            }
        }
        float[][] head = fit(values, labels.toLongArray(), n, dim, nOut, config);
        NDList out = new NDList(2);
        for (NDArray p : new NDArray[] {owner.create(head[0], new Shape(nOut, dim)), owner.create(head[1],
                new Shape(nOut))}) {
            if (p.getDataType() == features.getDataType()) {
                out.add(p);
            } else {
                try (p) {
                    out.add(p.toType(features.getDataType(), true));
                }
            }
        }
        return out;
    }

    /**
     * The same fit on plain arrays, in double precision, with the analytic gradient
     * {@code ∂L/∂z = (softmax(z) − onehot(y)) / n} and PyTorch's Adam update (bias correction, default betas and
     * epsilon). A head is a few thousand multiply-adds per step, where a libtorch step (autograd, JNI, small-tensor
     * dispatch) costs more than the arithmetic: PT evaluation and Task2Vec fit one per episode or task.
     *
     * @param features row-major [n, dim]
     * @param labels n labels in {@code [0, ways)}
     * @param n examples
     * @param dim feature dimension
     * @param ways outputs
     * @param config steps and learning rate
     * @return {@code [weight (ways·dim, row-major), bias (ways)]}
     */
    public static float[][] fit(float[] features, long[] labels, int n, int dim, int ways, Config config) {
        int steps = config.steps();
        double learningRate = config.learningRate();
        int params = ways * dim + ways;
        double[] theta = new double[params];
        double[] m = new double[params];
        double[] v = new double[params];
        double[] grad = new double[params];
        double[] z = new double[ways];
        double b1 = Adam.Config.DEFAULT_BETA1;
        double b2 = Adam.Config.DEFAULT_BETA2;
        double eps = Adam.Config.DEFAULT_EPSILON;
        int biasAt = ways * dim;
        for (int step = 1; step <= steps; step++) {
            Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < ways; c++) {
                    double s = theta[biasAt + c];
                    for (int d = 0; d < dim; d++) {
                        s += theta[c * dim + d] * features[i * dim + d];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < ways; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sum += z[c];
                }
                for (int c = 0; c < ways; c++) {
                    double dz = (z[c] / sum - (labels[i] == c ? 1 : 0)) / n;
                    grad[biasAt + c] += dz;
                    for (int d = 0; d < dim; d++) {
                        grad[c * dim + d] += dz * features[i * dim + d];
                    }
                }
            }
            double c1 = 1 - StrictMath.pow(b1, step);
            double c2 = Math.sqrt(1 - StrictMath.pow(b2, step));
            for (int p = 0; p < params; p++) {
                m[p] = b1 * m[p] + (1 - b1) * grad[p];
                v[p] = b2 * v[p] + (1 - b2) * grad[p] * grad[p];
                theta[p] -= learningRate / c1 * m[p] / (Math.sqrt(v[p]) / c2 + eps);
            }
        }
        float[] weight = new float[ways * dim];
        float[] bias = new float[ways];
        for (int p = 0; p < biasAt; p++) {
            weight[p] = (float) theta[p];
        }
        for (int c = 0; c < ways; c++) {
            bias[c] = (float) theta[biasAt + c];
        }
        return new float[][] {weight, bias};
    }
}
